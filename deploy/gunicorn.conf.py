"""gunicorn's configuration for Etablera (docs/operations.md): `gunicorn --config deploy/gunicorn.conf.py`.

Options given on the command line win (`--bind`, `--workers`), so this file also serves the load test
(etablera/benchmarks/load/run.py) and the test that starts gunicorn (etablera/access/tests/test_server_access_logs.py).

The access log names no one: its lines are read by people who may not read case files and are kept without
gallring. The format has the path (%(U)s) but not the request line (%(r)s) or the query string (%(q)s), which a
hand-typed search or a sign-in's one-time code would carry, and not the Referer (%(f)s, the previous page's address
with its query string) or the user agent. The proxy in front must log the same way (docs/operations.md).
"""

wsgi_app = "etablera.wsgi:application"
bind = "127.0.0.1:8000"
workers = 4
timeout = 60

accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = "info"


def post_worker_init(worker):
    """The application's own filter on gunicorn's loggers as well, in each worker (where requests are logged):
    the error log writes a failing request's whole URI, and a path can hold an encoded '?' (%3F) that %(U)s
    shows decoded. The filter cuts any query string and exception message from the record."""
    from etablera.access.logging import NoPersonalData

    for logger in (worker.log.access_log, worker.log.error_log):
        logger.addFilter(NoPersonalData())

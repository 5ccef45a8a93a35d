import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "etablera.settings")
application = get_wsgi_application()

# The objects of the start-up live as long as the worker: out of the garbage collector's walks (web/process.py).
from etablera.web.process import freeze_start_up, warm_up  # noqa: E402 — after Django is set up

freeze_start_up(warm_up)

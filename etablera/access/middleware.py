from etablera.access.audit import channel, reads_buffered
from etablera.access.models import AuditEvent


class AuditChannelMiddleware:
    """Marks audit events written while serving a page as PAGE (the API marks its own as API), and writes the
    request's reads in one INSERT when the view has answered (etablera/access/audit.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = AuditEvent.Channel.API if request.path.startswith("/api/") else AuditEvent.Channel.PAGE
        with channel(name), reads_buffered():
            return self.get_response(request)

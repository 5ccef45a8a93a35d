from etablera.access.audit import channel
from etablera.access.models import AuditEvent


class AuditChannelMiddleware:
    """Marks audit events written while serving a page as PAGE (the API marks its own as API)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = AuditEvent.Channel.API if request.path.startswith("/api/") else AuditEvent.Channel.PAGE
        with channel(name):
            return self.get_response(request)

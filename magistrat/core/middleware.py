from . import context


class ChannelMiddleware:
    """Marks changes made during a request as coming from the web UI or the API."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        channel = context.API if request.path.startswith("/api/") else context.WEB
        with context.use_channel(channel):
            return self.get_response(request)

from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    """Screens are Polish unless the user chose English (the language cookie): a browser's own
    Accept-Language is ignored, because offices' documents and colleagues are Polish. API
    clients say what they want with Accept-Language (Polish by default)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        if request.path.startswith("/api/"):
            chosen = translation.get_language_from_request(request)
        else:
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

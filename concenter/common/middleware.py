from django.http import Http404

from concenter.common.errors import NotFoundOrOutOfScope


class OutOfScopeAsNotFoundMiddleware:
    """A page whose service or selector said "not yours" answers 404, like a missing record."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotFoundOrOutOfScope):
            raise Http404(str(exception)) from exception
        return None


class ThaiFirstLocaleMiddleware:
    """Pages are Thai unless the user chose English with the language switch (its cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many office
    computers in Thailand run an English browser. The API keeps following Accept-Language, so a
    program can ask for its error messages in English.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        if not request.path.startswith("/api/"):
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)

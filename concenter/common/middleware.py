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


SESSION_SEEN_KEY = "_seen"


def session_seen_at_login(sender, request, user, **kwargs) -> None:
    """A new session starts "seen now" (it is saved by the login anyway), so its first pages
    write nothing more."""
    import time

    session = getattr(request, "session", None)
    if session is not None:
        session[SESSION_SEEN_KEY] = int(time.time())


class SessionIdleRefreshMiddleware:
    """Sessions end after SESSION_COOKIE_AGE idle seconds, without a database write per request.

    Django's SESSION_SAVE_EVERY_REQUEST would write the session row on every page (the largest
    cost of a page under load on SQLite). Here a signed-in session is saved again, which moves
    its expiry, only when it was last saved more than SESSION_REFRESH_SECONDS ago: the idle
    limit is then exact to within that many seconds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        import time

        from django.conf import settings

        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty() or not session.session_key:
            return response
        now = int(time.time())
        seen = session.get(SESSION_SEEN_KEY, 0)
        if session.modified or now - seen >= settings.SESSION_REFRESH_SECONDS:
            session[SESSION_SEEN_KEY] = now
            # The session middleware runs after this one on the way out and saves it.
        return response


class NoNulInPagesMiddleware:
    """A NUL character sent in a form is refused by the form (its message in Thai, from our
    catalogue) but Django writes what was sent back into the field; a raw NUL inside an HTML
    attribute is dropped here, from the page answering a POST, so the reader sees what they typed
    without it. Only pages answering a POST are looked at (a GET never echoes form data)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method == "POST"
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and b"\x00" in response.content
        ):
            response.content = response.content.replace(b"\x00", b"")
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response


class ThaiDigitsMiddleware:
    """For a reader who chose Thai digits (User.thai_digits), every number of a Thai page is
    written in Thai digits: one pass over the page's text, so no template can forget one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils.translation import get_language

        from concenter.common.thai import thai_digits_in_html

        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            getattr(user, "is_authenticated", False)
            and getattr(user, "thai_digits", False)
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and (get_language() or "").startswith("th")
            and not request.path.startswith("/api/")
        ):
            response.content = thai_digits_in_html(response.content.decode(response.charset))
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response

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

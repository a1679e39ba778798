import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
application = get_wsgi_application()


def _settle() -> None:
    """Import every view now and move what was loaded out of the cycle collector's sight.

    A full collection walks every object the process holds (Django, the apps, pythainlp: ≈ 150,000
    objects) and holds the interpreter lock while it does, ≈ 150 ms on a loaded server, so every
    thread of the worker stops for it — a pause that lands straight in the slowest requests. The
    modules, classes and settings loaded here live as long as the process; `gc.freeze()` leaves
    them out of every later collection, which then walks only what requests created
    (docs/performance.md, issue #20 third round)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports the URL configuration and its views
    gc.collect()
    gc.freeze()


_settle()

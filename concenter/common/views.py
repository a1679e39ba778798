"""The home page, the health check and the error pages."""

import time

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from concenter import __version__
from concenter.accounts.scope import Access, user_scope
from concenter.geography.models import Area, Level


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    scope = user_scope(request.user, Access.READ)
    my_areas = []
    if request.user.is_authenticated and scope.prefixes:
        my_areas = list(Area.objects.filter(code__in=scope.prefixes).order_by("code"))
    provinces = Area.objects.filter(level=Level.PROVINCE, active=True).order_by("sort_key")
    return render(
        request,
        "common/home.html",
        {"my_areas": my_areas, "everything": scope.everything, "provinces": provinces},
    )


def database_status() -> dict:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # the health check must answer, whatever the database does
        return {"status": "error", "vendor": connection.vendor, "error": exc.__class__.__name__}
    status = {
        "status": "ok",
        "vendor": connection.vendor,
        "latency_ms": round((time.perf_counter() - started) * 1000, 2),
    }
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW lc_ctype")
            ctype = cursor.fetchone()[0]
        status["lc_ctype"] = ctype
        # pg_trgm extracts no trigram from Thai under LC_CTYPE=C: Thai search would find nothing.
        status["thai_trigrams"] = "ok" if "utf" in ctype.lower() else "broken: LC_CTYPE is C"
    return status


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    db = database_status()
    ok = db["status"] == "ok"
    return JsonResponse(
        {
            "status": "ok" if ok else "error",
            "app": {"status": "ok", "version": __version__},
            "database": db,
        },
        status=200 if ok else 503,
    )


def not_found(request: HttpRequest, exception=None) -> HttpResponse:
    if request.path.startswith("/api/"):
        from django.utils.translation import gettext as _

        return JsonResponse({"detail": _("Not found.")}, status=404)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)

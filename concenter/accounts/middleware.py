"""Two-factor authentication after a password login (django-otp, TOTP).

A signed-in user with a confirmed device must enter a code (`accounts:two_factor_verify`) before
any other page works; a national administrator without a device must enrol one first
(`accounts:two_factor`) when `OTP_REQUIRED_FOR_NATIONAL_ADMINS` is on. Requests with a bearer
token carry no session user, so the API's tokens are not affected; a session on the API that still
needs its second factor is answered 401.
"""

from contextlib import suppress
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp.middleware import OTPMiddleware as DjangoOTPMiddleware
from django_otp.models import Device

from concenter.accounts.models import Role
from concenter.accounts.scope import has_role

# Paths every signed-in user reaches before the second factor (besides the two pages below).
_ALWAYS_OPEN = ("/static/", "/i18n/", "/healthz", "/metrics")


def needs_enrolment(user) -> bool:
    return bool(
        getattr(settings, "OTP_REQUIRED_FOR_NATIONAL_ADMINS", True)
        and has_role(user, Role.NATIONAL_ADMIN)
    )


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        answer = self._check(request)
        return answer if answer is not None else self.get_response(request)

    def _check(self, request: HttpRequest) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return None
        path = request.path_info
        if path.startswith(_ALWAYS_OPEN) or path == reverse("accounts:logout"):
            return None
        if user.two_factor_enabled:
            target = reverse("accounts:two_factor_verify")
        elif needs_enrolment(user):
            target = reverse("accounts:two_factor")
        else:
            return None
        if path == target:
            return None
        if path.startswith("/api/"):
            return JsonResponse({"detail": _("Two-factor authentication is required.")}, status=401)
        if request.method == "GET" and not request.headers.get("HX-Request"):
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return redirect(target)


class OTPMiddleware(DjangoOTPMiddleware):
    """django-otp's middleware (the device that verified this session, `user.is_verified()`),
    reading the device with one plain statement instead of an ORM query built on every page
    (≈ 0.16 ms of CPU each; docs/performance.md, issue #20 third round). The checks that bind the
    device to the user and to a confirmed state stay django-otp's (`_finalize_device`)."""

    def _device_from_persistent_id(self, persistent_id: str):
        persistent_id = self._normalize_persistent_id(persistent_id)
        with suppress(ValueError, LookupError):
            model_label, device_id = persistent_id.rsplit("/", 1)
            app_label, model_name = model_label.split(".")
            model = apps.get_model(app_label, model_name)
            if not issubclass(model, Device):
                return None
            meta = model._meta
            table, key = meta.db_table, meta.pk.column
            quote = _quote_name(model)
            sql = f"SELECT * FROM {quote(table)} WHERE {quote(key)} = %s"  # noqa: S608
            rows = list(model._default_manager.raw(sql, [int(device_id)]))
            return rows[0] if rows else None
        return None


def _quote_name(model):
    from django.db import connections, router

    return connections[router.db_for_read(model)].ops.quote_name

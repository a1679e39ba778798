"""Login throttling beyond django-axes' per-(user, address) lock, and its answers.

Axes locks a username at one address after AXES_FAILURE_LIMIT wrong passwords. Password
spraying tries a few passwords for many users from one address: the per-address limit below
counts the failures of every username from that address within AXES_COOLOFF_TIME, from axes'
own table (so every app server sees the same count), and refuses any further login from it.
A throttled API call is answered in JSON, a page with the lockout page.

Behind a reverse proxy the address is read from X-Forwarded-For only when TRUSTED_PROXY_COUNT
says how many proxies append to it; left at 0 there, every client has the proxy's address and one
sprayer locks everybody out: the system check below warns in production settings.
"""

from axes.helpers import get_client_ip_address, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.core import checks
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import HttpRequest, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from concenter.common import clock


def address_failures(address: str) -> int:
    """Wrong passwords from `address`, for every username, within the cool-off time."""
    since = clock.now() - get_cool_off()
    total = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return total or 0


class AddressThrottleBackend:
    """First in AUTHENTICATION_BACKENDS: refuses every login from an address past
    LOGIN_FAILURE_LIMIT_PER_ADDRESS (PermissionDenied stops `authenticate` there).

    It has no `get_user` on purpose: Django then never records it as the backend of a session
    (`force_login` and `login` pick the first backend that has one)."""

    def authenticate(self, request: HttpRequest | None, username=None, password=None, **kwargs):
        if request is None or not getattr(settings, "AXES_ENABLED", True):
            return None
        address = get_client_ip_address(request)
        if address and address_failures(address) >= settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS:
            request.axes_locked_out = True  # AxesMiddleware answers with lockout_response
            request.axes_credentials = {"username": username}
            raise PermissionDenied
        return None


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: JSON for the API, the lockout page for a page."""
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.path_info.startswith("/api/"):
        message = _(
            "Too many failed logins: this account or this address is locked for 30 minutes. "
            "Try again later, or ask your administrator to unlock it."
        )
        return JsonResponse({"detail": message, "code": "login_throttled"}, status=status)
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, status=status)


@checks.register(checks.Tags.security)
def trusted_proxy_count_check(app_configs=None, **kwargs):
    """In production settings, TRUSTED_PROXY_COUNT = 0 behind the documented reverse proxy makes
    every client one address for login throttling and the audit trail."""
    production = getattr(settings, "PRODUCTION", False) or str(
        getattr(settings, "SETTINGS_MODULE", "")
    ).endswith(".production")
    if production and not getattr(settings, "TRUSTED_PROXY_COUNT", 0):
        return [
            checks.Warning(
                "TRUSTED_PROXY_COUNT is 0: behind a reverse proxy every client has the proxy's "
                "address, so login throttling locks everybody out together and the audit trail "
                "records the proxy.",
                hint="Set TRUSTED_PROXY_COUNT to the number of proxies in front of the app "
                "(1 for one nginx or Caddy); leave it 0 only when clients connect directly.",
                id="concenter.W001",
            )
        ]
    return []

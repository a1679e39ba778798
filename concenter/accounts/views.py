from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token

from concenter.accounts import services, two_factor
from concenter.accounts.forms import PreferencesForm, TokenForm
from concenter.accounts.middleware import needs_enrolment
from concenter.common import clock


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST or None, initial={"thai_digits": request.user.thai_digits})
    if request.method == "POST" and form.is_valid():
        services.user_set_preferences(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your preferences were saved."))
        return redirect("accounts:profile")
    roles = request.user.roles.select_related("area").order_by("role")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "roles": roles,
            "two_factor_on": two_factor.totp_device_confirmed(user=request.user) is not None,
        },
    )


def _next_url(request: HttpRequest, default: str = "my_work") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrol a TOTP device: scan the QR code (or type the secret), then confirm with a code."""
    confirmed = two_factor.totp_device_confirmed(user=request.user)
    if confirmed is not None:
        return render(
            request,
            "accounts/two_factor.html",
            {
                "confirmed": confirmed,
                "recovery_left": two_factor.recovery_codes_remaining(user=request.user),
            },
        )
    device = two_factor.totp_device_pending(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.totp_device_confirm(device=device, token=form.cleaned_data["token"]):
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is on."))
            codes = two_factor.recovery_codes_issue(user=request.user)
            return render(
                request,
                "accounts/two_factor_recovery.html",
                {"codes": codes, "next": _next_url(request, "")},
            )
        form.add_error("token", _("This code is not valid. Try the newest code of your app."))
    return render(
        request,
        "accounts/two_factor.html",
        {
            "form": form,
            "qr_svg": two_factor.totp_qr_svg(device),
            "secret": two_factor.totp_secret_base32(device),
            "required": needs_enrolment(request.user),
            "next": _next_url(request, ""),
        },
        status=422 if form.is_bound else 200,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of a login: a code of the user's confirmed device."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    if two_factor.totp_device_confirmed(user=request.user) is None:
        return redirect("accounts:two_factor")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = two_factor.normalize_code(form.cleaned_data["token"])
        device = match_token(request.user, token) if token.isalnum() else None
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", _("This code is not valid. Try the newest code of your app."))
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": _next_url(request, "")},
        status=422 if form.is_bound else 200,
    )


@never_cache
@login_required
@require_POST
def two_factor_recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes (the old ones stop working), shown once; only after a code was given
    in this session, so a stolen password alone cannot mint them."""
    if two_factor.totp_device_confirmed(user=request.user) is None:
        return redirect("accounts:two_factor")
    if not request.user.is_verified():
        return redirect("accounts:two_factor_verify")
    codes = two_factor.recovery_codes_issue(user=request.user)
    return render(request, "accounts/two_factor_recovery.html", {"codes": codes, "next": ""})


@never_cache
@login_required
@require_http_methods(["GET"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The user's API tokens (name, first letters, made, last used, end) with a revoke button."""
    from django.conf import settings

    return render(
        request,
        "accounts/api_tokens.html",
        {
            "tokens": services.api_tokens_of(user=request.user),
            "now": clock.now(),
            "lifetime_days": settings.API_TOKEN_LIFETIME_DAYS,
        },
    )


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = services.api_token_revoke_own(user=request.user, token_id=token_id)
    messages.success(request, _("The token %(prefix)s… is revoked.") % {"prefix": token.prefix})
    return redirect("accounts:api_tokens")


@never_cache
@login_required
@require_POST
def user_reset_password(request: HttpRequest, user_id: int) -> HttpResponse:
    """A new temporary password for a user of the administrator's area, shown once."""
    password = services.user_password_reset(actor=request.user, user_id=user_id)
    target = services.User.objects.get(pk=user_id)
    return render(
        request, "accounts/password_reset_done.html", {"target": target, "password": password}
    )

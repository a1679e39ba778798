"""Enrolment and verification of TOTP devices (django-otp)."""

import base64

import segno
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from concenter.accounts.models import User


def totp_device_pending(*, user: User) -> TOTPDevice:
    """The user's device being enrolled (not yet confirmed), created when there is none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)
    return device


def totp_device_confirmed(*, user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Confirm `device` when `token` is a valid code of it (the throttling of django-otp applies)."""
    token = "".join(token.split())
    if not token.isdigit() or not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    two_factor_enabled_sync(user=device.user)
    return True


RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "recovery"


@transaction.atomic
def recovery_codes_issue(*, user: User) -> list[str]:
    """Ten new single-use recovery codes for a user with two-factor on; older codes stop working.

    The codes are shown once (django-otp's static device keeps them to check, never to show
    again); each works once in place of an authenticator code, for a lost phone."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_remaining(*, user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def normalize_code(text: str) -> str:
    """An authenticator code (digits) or a recovery code (letters and digits), without spaces."""
    return "".join(text.split()).lower()


def two_factor_enabled_sync(*, user: User) -> None:
    """Mirror "has a confirmed device" on the user (after a device is confirmed or deleted)."""
    enabled = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    if user.two_factor_enabled != enabled:
        user.two_factor_enabled = enabled
        user.save(update_fields=["two_factor_enabled"])


def _device_changed(sender, instance: TOTPDevice, **kwargs) -> None:
    user = User.objects.filter(pk=instance.user_id).first()
    if user is not None:
        two_factor_enabled_sync(user=user)


post_save.connect(_device_changed, sender=TOTPDevice, dispatch_uid="concenter_totp_saved")
post_delete.connect(_device_changed, sender=TOTPDevice, dispatch_uid="concenter_totp_deleted")


def totp_secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def totp_qr_svg(device: TOTPDevice) -> str:
    """The otpauth URI as inline SVG markup (no style attribute, no data: URL: CSP allows it)."""
    qr = segno.make(device.config_url, error="m")
    return qr.svg_inline(scale=4, title="otpauth", svgclass="totp-qr", lineclass=None)

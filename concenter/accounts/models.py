"""Users, the roles that bind them to an area or an object, and API tokens."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from concenter.common import audit, clock
from concenter.common.fields import optional_link
from concenter.common.models import TimeStampedModel


class User(AbstractUser):
    display_name = models.CharField(_("display name"), max_length=200, blank=True)
    thai_digits = models.BooleanField(_("show Thai digits"), default=False)
    # True while the user holds a confirmed TOTP device (kept by concenter.accounts.two_factor),
    # so the check after login costs no query on each request.
    two_factor_enabled = models.BooleanField(
        _("two-factor authentication"), default=False, editable=False
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    def save(self, *args, **kwargs):
        # A password set on this instance ends every live API token of the user, whichever path
        # set it: the service (`user_set_password`), the admin, a reset form or Django's own
        # `changepassword` command (which never calls our services).
        password_changed = self._password is not None and not self._state.adding
        super().save(*args, **kwargs)
        if password_changed:
            ApiToken.objects.filter(user=self, revoked_at__isnull=True).update(
                revoked_at=clock.now(), updated_at=clock.now()
            )


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", _("National administrator")
    PROVINCE_OFFICER = "province_officer", _("Province officer")
    DISTRICT_OFFICER = "district_officer", _("District officer")
    CENTER_EDITOR = "center_editor", _("Center editor")
    JUDGE = "judge", _("Judge")
    VIEWER = "viewer", _("Viewer")


class RoleAssignment(TimeStampedModel):
    """One role of one user, bound to an area (officers, viewers) or an object (center, programme)."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    area = optional_link(_("area"), to="geography.Area", on_delete=models.PROTECT)
    # Center editors are bound to one center; the key is the center's area code (a center is
    # known by its area's code), so this hook needs no model of the network app.
    center_code = models.CharField(_("center"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "area", "center_code"], name="role_assignment_unique"
            )
        ]

    def __str__(self) -> str:
        where = self.center_code or (self.area_id or "")
        return f"{self.user} · {self.get_role_display()} {where}".strip()


class ApiToken(TimeStampedModel):
    """A bearer token for programs. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    # Set at creation from API_TOKEN_LIFETIME_DAYS; a token is refused from this moment on.
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}…"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return "cc_" + secrets.token_urlsafe(32)


audit.register(User, exclude_fields=["password", "last_login"])
audit.register(RoleAssignment)
audit.register(ApiToken, exclude_fields=["key_hash", "last_used_at"])

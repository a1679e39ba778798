"""Writes of users, roles and API tokens."""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from concenter.accounts.models import ApiToken, Role, RoleAssignment, User
from concenter.common import clock
from concenter.geography.models import Area, Level

_LEVEL_OF_ROLE = {
    Role.PROVINCE_OFFICER: Level.PROVINCE,
    Role.DISTRICT_OFFICER: Level.DISTRICT,
}


@transaction.atomic
def user_create(
    *, username: str, password: str | None, display_name: str = "", email: str = ""
) -> User:
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": _("This username is taken.")})
    user = User(username=username, display_name=display_name, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user


@transaction.atomic
def user_set_password(*, user: User, password: str) -> None:
    user.set_password(password)
    user.save(update_fields=["password"])


@transaction.atomic
def role_assign(
    *, user: User, role: Role, area_code: str | None = None, center_code: str = ""
) -> RoleAssignment:
    """Give `user` a role. Officers need an area of their level, viewers any area, center
    editors a center (by its area's code)."""
    area = None
    if role in (Role.PROVINCE_OFFICER, Role.DISTRICT_OFFICER, Role.VIEWER):
        area = Area.objects.filter(code=area_code or "").first()
        if area is None:
            raise ValidationError({"area_code": _("Unknown area code.")})
        expected = _LEVEL_OF_ROLE.get(role)
        if expected and area.level != expected:
            raise ValidationError(
                {
                    "area_code": _("This role needs an area of level %(level)s.")
                    % {"level": expected.label}
                }
            )
    if role == Role.CENTER_EDITOR and not center_code:
        raise ValidationError({"center_code": _("A center editor needs a center.")})
    assignment, _created = RoleAssignment.objects.get_or_create(
        user=user, role=role, area=area, center_code=center_code or ""
    )
    if hasattr(user, "_concenter_roles"):
        del user._concenter_roles
    return assignment


@transaction.atomic
def api_token_create(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Create a bearer token. The key is returned once; only its hash is kept."""
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=user, name=name[:100], key_hash=ApiToken.hash_key(key), prefix=key[3:11]
    )
    return token, key


def api_token_authenticate(key: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = clock.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> None:
    token.revoked_at = clock.now()
    token.save(update_fields=["revoked_at", "updated_at"])


@transaction.atomic
def user_set_preferences(*, user: User, thai_digits: bool) -> User:
    user.thai_digits = thai_digits
    user.save(update_fields=["thai_digits"])
    return user


_UNAMBIGUOUS_CHARACTERS = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _contained_in(codes: list[str], prefixes: list[str]) -> bool:
    return bool(codes) and all(any(c.startswith(p) for p in prefixes) for c in codes)


@transaction.atomic
def user_password_reset(*, actor: User, user_id: int) -> str:
    """Give user `user_id` a new random temporary password and return it (shown once).

    A national administrator resets anyone's; a province officer resets the password of a user
    whose every role lies inside their province (a user with a role bound to no area, or with no
    role, is for national administrators only). Anyone else, or any other user: 404.
    """
    from concenter.accounts.scope import has_role
    from concenter.common.errors import NotFoundOrOutOfScope

    target = User.objects.select_for_update().filter(pk=user_id).first()
    if target is None or not actor.is_authenticated or not actor.is_active:
        raise NotFoundOrOutOfScope()
    if not has_role(actor, Role.NATIONAL_ADMIN):
        provinces = list(
            actor.roles.filter(role=Role.PROVINCE_OFFICER, area__isnull=False).values_list(
                "area_id", flat=True
            )
        )
        codes = [
            area_code or center_code
            for area_code, center_code in target.roles.values_list("area_id", "center_code")
        ]
        if target.is_superuser or not all(codes) or not _contained_in(codes, provinces):
            raise NotFoundOrOutOfScope()
    password = "".join(secrets.choice(_UNAMBIGUOUS_CHARACTERS) for _i in range(14))
    target.set_password(password)
    target.save(update_fields=["password"])
    from axes.utils import reset as axes_reset

    axes_reset(username=target.get_username())  # a locked-out user gets in with the new password
    return password

"""Writes of users, roles and API tokens."""

import secrets
from datetime import timedelta

from django.conf import settings
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
    """A new password for `user`: every API token of theirs is revoked, and every session
    signed in with the old password ends (Django's session hash no longer matches; a view that
    keeps the changing user's own session calls `update_session_auth_hash`)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    api_tokens_revoke_all(user=user)


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


def api_token_lifetime() -> timedelta:
    return timedelta(days=settings.API_TOKEN_LIFETIME_DAYS)


@transaction.atomic
def api_token_create(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Create a bearer token that ends after API_TOKEN_LIFETIME_DAYS. The key is returned once;
    only its hash is kept."""
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        key_hash=ApiToken.hash_key(key),
        prefix=key[3:11],
        expires_at=clock.now() + api_token_lifetime(),
    )
    return token, key


# last_used_at is written at most this often per token, so a busy program costs no write a call.
_LAST_USED_GRANULARITY_SECONDS = 300


def api_token_find(key: str) -> ApiToken | None:
    """The live token of `key` (not revoked, not expired, of an active user), with its user."""
    now = clock.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(
            key_hash=ApiToken.hash_key(key),
            revoked_at__isnull=True,
            expires_at__gt=now,
            user__is_active=True,
        )
        .first()
    )
    if token is None:
        return None
    if (
        token.last_used_at is None
        or (now - token.last_used_at).total_seconds() > _LAST_USED_GRANULARITY_SECONDS
    ):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def api_token_authenticate(key: str) -> User | None:
    token = api_token_find(key)
    return token.user if token is not None else None


def api_tokens_of(*, user: User):
    """The user's own tokens, newest first (the tokens page)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> None:
    """Revoke one token (from the tokens page, `DELETE /api/v1/auth/token` or the command)."""
    if token.revoked_at is not None:
        return
    token.revoked_at = clock.now()
    token.save(update_fields=["revoked_at", "updated_at"])


@transaction.atomic
def api_token_revoke_own(*, user: User, token_id: int) -> ApiToken:
    """Revoke one of `user`'s tokens; another user's token is not found (404)."""
    from concenter.common.errors import NotFoundOrOutOfScope

    token = api_tokens_of(user=user).filter(pk=token_id).first()
    if token is None:
        raise NotFoundOrOutOfScope()
    api_token_revoke(token=token)
    return token


@transaction.atomic
def api_tokens_revoke_all(*, user: User) -> int:
    """Revoke every live token of `user` (after a password change or reset)."""
    tokens = list(ApiToken.objects.filter(user=user, revoked_at__isnull=True))
    for token in tokens:
        api_token_revoke(token=token)
    return len(tokens)


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
    # The old password's sessions end by themselves (their session hash no longer matches);
    # tokens carry no such hash, so they are revoked here.
    api_tokens_revoke_all(user=target)
    from axes.utils import reset as axes_reset

    axes_reset(username=target.get_username())  # a locked-out user gets in with the new password
    return password

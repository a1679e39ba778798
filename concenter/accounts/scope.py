"""Which areas a user may read or change: the one answer every page, API endpoint and export uses.

A role binds a user to an area; the area's DOPA code is a prefix of the code of everything inside
it, so "may this user read X" is "does X's area code start with one of the user's prefixes". A
record outside the user's scope is answered 404, never 403, so its existence is not confirmed.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db import connections, router
from django.db.models import Q, QuerySet

from concenter.accounts.models import Role, RoleAssignment
from concenter.common.errors import NotFoundOrOutOfScope


class Access(StrEnum):
    READ = "read"
    CHANGE = "change"


# Ancestor columns that every area (and every record that copies them) carries, by code length.
_COLUMN_BY_PREFIX_LENGTH = {
    2: "province_code",
    4: "district_code",
    6: "subdistrict_code",
    8: "code",
}


@dataclass(frozen=True)
class Scope:
    """The areas a user reaches for one kind of access.

    `prefixes` cover an area and everything inside it; `exact_codes` cover one center's own
    records only (a center editor changes their center, not the centers below it).
    """

    everything: bool = False
    prefixes: tuple[str, ...] = ()
    exact_codes: tuple[str, ...] = ()

    @property
    def nothing(self) -> bool:
        return not self.everything and not self.prefixes and not self.exact_codes

    def covers(self, code: str | None) -> bool:
        if self.everything:
            return True
        if not code:
            return False
        return code in self.exact_codes or any(code.startswith(p) for p in self.prefixes)

    def q(self, area_path: str = "", *, code_field: str = "code") -> Q:
        """A filter for records whose area is at `area_path` (""= the record is an Area, or
        carries the same ancestor columns itself, with its own area code in `code_field`)."""
        if self.everything:
            return Q()
        lead = f"{area_path}__" if area_path else ""
        code = f"{lead}code" if area_path else code_field
        condition = Q(pk__in=[])
        for prefix in self.prefixes:
            column = code if len(prefix) == 8 else f"{lead}{_COLUMN_BY_PREFIX_LENGTH[len(prefix)]}"
            condition |= Q(**{column: prefix})
        if self.exact_codes:
            condition |= Q(**{f"{code}__in": list(self.exact_codes)})
        return condition


def _roles(user) -> list[tuple[str, str | None, str]]:
    cached = getattr(user, "_concenter_roles", None)
    if cached is None:
        cached = _read_roles(user.pk)
        user._concenter_roles = cached
    return cached


def _read_roles(user_id: int) -> list[tuple[str, str | None, str]]:
    """`user.roles.values_list("role", "area_id", "center_code")` as one plain statement: every
    signed-in page asks it, and the ORM's query building cost ten times the statement."""
    meta = RoleAssignment._meta
    connection = connections[router.db_for_read(RoleAssignment)]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(f).column) for f in ("role", "area", "center_code"))
    user_column = quote(meta.get_field("user").column)
    sql = f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {user_column} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id])
        return [tuple(row) for row in cursor.fetchall()]


def role_rows(user) -> list[tuple[str, str | None, str]]:
    """The user's roles as (role, area code, center code), read once per request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return _roles(user)


def user_scope(user, access: Access = Access.READ) -> Scope:
    """The scope of `user` for `access`. Anonymous users and judges hold no area."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Scope()
    if user.is_superuser:
        return Scope(everything=True)
    prefixes: list[str] = []
    exact: list[str] = []
    for role, area_code, center_code in _roles(user):
        if role == Role.NATIONAL_ADMIN:
            return Scope(everything=True)
        if (role in (Role.PROVINCE_OFFICER, Role.DISTRICT_OFFICER) and area_code) or (
            role == Role.VIEWER and area_code and access == Access.READ
        ):
            prefixes.append(area_code)
        elif role == Role.CENTER_EDITOR and center_code:
            if access == Access.READ:
                prefixes.append(center_code)
            else:
                exact.append(center_code)
    return Scope(prefixes=tuple(sorted(set(prefixes))), exact_codes=tuple(sorted(set(exact))))


def has_role(user, *roles: Role) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser and Role.NATIONAL_ADMIN in roles:
        return True
    return any(role in roles for role, _area, _center in _roles(user))


def is_staff_user(user) -> bool:
    """Officers, editors and viewers: anyone who works inside the network, not only the public."""
    return not user_scope(user, Access.READ).nothing


def filter_queryset(
    qs: QuerySet, user, access: Access = Access.READ, *, area_path: str = ""
) -> QuerySet:
    return filter_by_scope(qs, user_scope(user, access), area_path=area_path)


def filter_by_scope(qs: QuerySet, scope: Scope, *, area_path: str = "") -> QuerySet:
    """`filter_queryset` for a scope read before (a prepared query's shape, ADR 0032)."""
    field_names = {field.name for field in qs.model._meta.get_fields()}
    code_field = "code" if "code" in field_names else "area_id"
    return qs.filter(scope.q(area_path, code_field=code_field))


def require(user, access: Access, code: str | None) -> None:
    """Raise 404 (NotFoundOrOutOfScope) unless `user` may `access` the area `code`."""
    if not user_scope(user, access).covers(code):
        raise NotFoundOrOutOfScope()


def can(user, access: Access, code: str | None) -> bool:
    return user_scope(user, access).covers(code)

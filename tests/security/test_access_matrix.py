"""The access matrix: every page route and every API operation, for every role, on an object
inside and outside the role's area.

The routes are enumerated from the URL resolver and the operations from the OpenAPI document,
so a new route or operation without a rule in RULES makes `test_every_*_has_a_rule` fail, as
does a rule whose route has gone. For each (route, role, inside/outside) the answer must be:
allowed (200, or the route's success status), 404 (outside the scope, never 403), a redirect to
the login page (anonymous on a page), or 401 (anonymous on the API). Anonymous users reach
public pages only; a center editor changes only their center.

Expected answers are derived from a table of each role's areas written here (ROLE_AREAS), not
from concenter.accounts.scope, so a regression in the scope code cannot agree with itself.
"""

import json

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from concenter.accounts.services import api_token_create
from concenter.network.models import Center, Organization, Seat
from concenter.people.models import Person
from tests.security.rules import LOGIN, Rule
from tests.security.world import EXTENSIONS, NEW_TERM, PASSWORD, Place, World, build_world

pytestmark = pytest.mark.django_db

ANONYMOUS = "anonymous"
API_DOC_ROUTES = ("api:openapi-json", "api:openapi-view", "api:api-root")
ROLES = (
    ANONYMOUS,
    "national_admin",
    "province_officer",
    "district_officer",
    "viewer",
    "center_editor",
    "judge",
)

# The place (a subdistrict with a center and its records) inside and outside each role's area.
SIDES = {
    ANONYMOUS: {"in": "710104", "out": "720101"},
    "national_admin": {"in": "710104", "out": "720101"},  # no outside: both are allowed
    "province_officer": {"in": "710201", "out": "720101"},  # 71 reaches district 7102 too
    "district_officer": {"in": "710104", "out": "710201"},
    "viewer": {"in": "710104", "out": "720101"},
    "center_editor": {"in": "710104", "out": "710101"},  # a sibling center of the same district
    # A judge holds no area: "in" is where the judge sits on a panel (see the matrix_* modules).
    "judge": {"in": "710104", "out": "720101"},
}

# What each role reads (area code prefixes) and changes (prefixes, or exact codes for an editor).
ROLE_AREAS = {
    "national_admin": {"read": ("",), "change": ("",), "change_exact": ()},
    "province_officer": {"read": ("71",), "change": ("71",), "change_exact": ()},
    "district_officer": {"read": ("7101",), "change": ("7101",), "change_exact": ()},
    "viewer": {"read": ("71",), "change": (), "change_exact": ()},
    "center_editor": {"read": ("710104",), "change": (), "change_exact": ("710104",)},
    "judge": {"read": (), "change": (), "change_exact": ()},
}


def may(role: str, access: str, code: str) -> bool:
    areas = ROLE_AREAS[role]
    if access == "read":
        return any(code.startswith(p) for p in areas["read"])
    return code in areas["change_exact"] or any(code.startswith(p) for p in areas["change"])


def _province_officer_of(province: str):
    from concenter.accounts.models import Role, User
    from concenter.accounts.services import role_assign, user_create

    username = f"reset.target.{province}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(username=username, password=None)
        role_assign(user=user, role=Role.PROVINCE_OFFICER, area_code=province)
    return user


def _token_of(username: str) -> int:
    from concenter.accounts.models import ApiToken

    return ApiToken.objects.filter(user__username=username).values_list("pk", flat=True)[0]


def code(place: Place) -> dict:
    return {"code": place.code}


def free_subdistrict(place: Place) -> str:
    return place.free_subdistrict


# Pages ------------------------------------------------------------------------------------------

PAGE_RULES: dict[str, Rule] = {
    "home": Rule("public", anonymous=200),
    "my_work": Rule("login"),
    "healthz": Rule("public", anonymous=200),
    "accounts:login": Rule("public", anonymous=200, ok_signed_in=frozenset({302})),
    "accounts:logout": Rule("public", anonymous=302, method="post", ok=frozenset({302})),
    "accounts:profile": Rule("login"),
    # Two-factor: enrolment (signed-in users), and the code after login (a user without a device
    # is sent on to enrolment).
    "accounts:two_factor": Rule("login"),
    "accounts:two_factor_verify": Rule("login", ok=frozenset({302})),
    # New recovery codes: a user without a device is sent to enrolment first.
    "accounts:two_factor_recovery_codes": Rule("login", method="post", ok=frozenset({302})),
    # The user's own API tokens; revoking one of another user's tokens is 404 (the token revoked
    # here is the district officer's, so only that officer reaches it).
    "accounts:api_tokens": Rule("login"),
    "accounts:api_token_revoke": Rule(
        "custom",
        method="post",
        kwargs=lambda p: {"token_id": _token_of("sec.district")},
        allow=lambda role, place: role == "district_officer",
        ok=frozenset({302}),
    ),
    # A temporary password for a user whose roles lie in the area (here a province officer of the
    # place's province): national admins and that province's officers only.
    "accounts:user_reset_password": Rule(
        "reset_password",
        method="post",
        kwargs=lambda p: {"user_id": _province_officer_of(p.code[:2]).pk},
        area=lambda p: p.code[:2],
    ),
    # Prometheus: a bearer token (of a national admin, or METRICS_TOKEN) only, never a session.
    "metrics": Rule("public", anonymous=401, ok=frozenset({401})),
    "geography:area_index": Rule("public", anonymous=200),
    "geography:area_pick": Rule("login"),
    "geography:area_detail": Rule("public", anonymous=200, kwargs=code),
    "geography:area_history": Rule("read", anonymous=404, kwargs=code),
    "geography:village_create": Rule("change", anonymous=404, kwargs=code),
    "network:center_list": Rule("login"),
    "network:center_create": Rule(
        "change", query=lambda p: {"area": p.free_subdistrict}, area=free_subdistrict
    ),
    "network:center_detail": Rule("read", anonymous=404, kwargs=code),
    "network:center_edit": Rule("change", kwargs=code),
    "network:center_history": Rule("read", kwargs=code),
    "network:term_create": Rule("change", kwargs=code),
    "network:term_detail": Rule(
        "read", kwargs=lambda p: {"code": p.code, "term_id": p.active_term}
    ),
    # POST-only pages: an empty seat form is refused (422) once the term is found in scope.
    "network:seat_add": Rule(
        "change",
        method="post",
        kwargs=lambda p: {"code": p.code, "term_id": p.draft_term},
        ok=frozenset({422}),
    ),
    "network:term_activate": Rule(
        "change",
        method="post",
        kwargs=lambda p: {"code": p.code, "term_id": p.draft_term},
        ok=frozenset({302}),
    ),
    "network:seat_remove": Rule(
        "change",
        method="post",
        kwargs=lambda p: {"code": p.code, "term_id": p.draft_term, "seat_id": p.draft_seat},
        ok=frozenset({302}),
    ),
    "network:seat_end": Rule(
        "change",
        kwargs=lambda p: {"code": p.code, "term_id": p.active_term, "seat_id": p.open_seat},
    ),
    "network:organization_list": Rule("login"),
    "network:organization_create": Rule("login"),  # the empty form; the service checks the area
    "network:organization_detail": Rule(
        "read", kwargs=lambda p: {"organization_id": p.organization}
    ),
    "network:organization_edit": Rule(
        "change", kwargs=lambda p: {"organization_id": p.organization}
    ),
    "network:organization_history": Rule(
        "read", kwargs=lambda p: {"organization_id": p.organization}
    ),
    "network:partner_list": Rule("login"),
    "network:partner_create": Rule("login"),
    "network:partner_detail": Rule("read", kwargs=lambda p: {"partner_id": p.partner}),
    "network:partner_edit": Rule("change", kwargs=lambda p: {"partner_id": p.partner}),
    "network:partner_history": Rule("read", kwargs=lambda p: {"partner_id": p.partner}),
    "people:person_list": Rule("login"),
    "people:person_create": Rule("login"),
    "people:person_detail": Rule("read", kwargs=lambda p: {"person_id": p.person}),
    "people:person_edit": Rule("change", kwargs=lambda p: {"person_id": p.person}),
    "people:national_id_check": Rule("login", method="post"),
    # POST-only: an empty role form is refused with a message, then back to the person's page.
    "people:local_role_add": Rule(
        "change", method="post", kwargs=lambda p: {"person_id": p.person}, ok=frozenset({302})
    ),
    "people:person_history": Rule("read", kwargs=lambda p: {"person_id": p.person}),
    # A committee member's objection to being named publicly (PDPA s.32): officers who change
    # the person (the form's empty POST withdraws nothing and goes back to the person's page).
    "people:person_public_name": Rule(
        "change", method="post", kwargs=lambda p: {"person_id": p.person}, ok=frozenset({302})
    ),
    # PDPA: the export of a person's data and the erasure's confirmation page (GET only here:
    # the POST erases, and is tested in tests/people/test_privacy.py).
    "people:person_export": Rule("change", kwargs=lambda p: {"person_id": p.person}),
    "people:person_anonymize": Rule("change", kwargs=lambda p: {"person_id": p.person}),
    # The API's own documentation pages (its operations are checked through OpenAPI below).
    "api:openapi-json": Rule("public", anonymous=200),
    "api:openapi-view": Rule("public", anonymous=200),
    "api:api-root": Rule("public", anonymous=404, ok=frozenset({404})),  # ninja's empty root
}


# URL namespaces and prefixes that are not the project's pages.
SKIPPED_PREFIXES = ("admin/", "i18n/", "static/", "media/", "__debug__/")
API_PREFIX = "api/v1/"


# API operations ---------------------------------------------------------------------------------


def _version(model, pk) -> int:
    return model.objects.values_list("version", flat=True).get(pk=pk)


CREATED = frozenset({201})

API_RULES: dict[tuple[str, str], Rule] = {
    ("POST", "/api/v1/auth/token"): Rule(
        "public",
        anonymous=200,
        method="post",
        body=lambda p: {"username": "sec.district", "password": PASSWORD},
    ),
    # The API's log-out: revokes the token in use (each test's changes are rolled back).
    ("DELETE", "/api/v1/auth/token"): Rule(
        "login", anonymous=401, method="delete", ok=frozenset({204})
    ),
    ("GET", "/api/v1/areas"): Rule("public", anonymous=200),
    ("GET", "/api/v1/areas/{code}"): Rule("public", anonymous=200, kwargs=code),
    ("POST", "/api/v1/villages"): Rule(
        "change",
        anonymous=401,
        method="post",
        body=lambda p: {"subdistrict_code": p.code, "number": 97, "name_th": "บ้านทดสอบสิทธิ์"},
        ok=CREATED,
    ),
    ("GET", "/api/v1/centers"): Rule("login", anonymous=401),
    ("POST", "/api/v1/centers"): Rule(
        "change",
        anonymous=401,
        method="post",
        body=lambda p: {"area_code": p.free_subdistrict},
        area=free_subdistrict,
        ok=CREATED,
    ),
    ("GET", "/api/v1/centers/{code}"): Rule("read", anonymous=401, kwargs=code),
    ("PATCH", "/api/v1/centers/{code}"): Rule(
        "change",
        anonymous=401,
        method="patch",
        kwargs=code,
        body=lambda p: {"version": _version(Center, p.code), "phone": "034 511 111"},
    ),
    ("GET", "/api/v1/centers/{code}/terms"): Rule("read", anonymous=401, kwargs=code),
    ("POST", "/api/v1/centers/{code}/terms"): Rule(
        "change",
        anonymous=401,
        method="post",
        kwargs=code,
        body=lambda p: {"starts_on": NEW_TERM[0].isoformat(), "ends_on": NEW_TERM[1].isoformat()},
        ok=CREATED,
    ),
    ("GET", "/api/v1/terms/{term_id}"): Rule(
        "read", anonymous=401, kwargs=lambda p: {"term_id": p.active_term}
    ),
    ("POST", "/api/v1/terms/{term_id}/seats"): Rule(
        "change",
        anonymous=401,
        method="post",
        kwargs=lambda p: {"term_id": p.draft_term},
        body=lambda p: {"person_id": p.spare_person},
        ok=CREATED,
    ),
    ("DELETE", "/api/v1/seats/{seat_id}"): Rule(
        "change",
        anonymous=401,
        method="delete",
        kwargs=lambda p: {"seat_id": p.draft_seat},
        ok=frozenset({204}),
    ),
    ("POST", "/api/v1/terms/{term_id}/activate"): Rule(
        "change",
        anonymous=401,
        method="post",
        kwargs=lambda p: {"term_id": p.draft_term},
        body=lambda p: {},
    ),
    ("POST", "/api/v1/terms/{term_id}/cancel"): Rule(
        "change",
        anonymous=401,
        method="post",
        kwargs=lambda p: {"term_id": p.draft_term},
        body=lambda p: {},
    ),
    ("POST", "/api/v1/seats/{seat_id}/end"): Rule(
        "change",
        anonymous=401,
        method="post",
        kwargs=lambda p: {"seat_id": p.open_seat},
        body=lambda p: {
            "ends_on": "2026-02-01",
            "reason": "resignation",
            "version": _version(Seat, p.open_seat),
        },
    ),
    ("POST", "/api/v1/seats/{seat_id}/replace"): Rule(
        "change",
        anonymous=401,
        method="post",
        kwargs=lambda p: {"seat_id": p.ended_seat},
        body=lambda p: {"person_id": p.spare_person},
        ok=CREATED,
    ),
    ("GET", "/api/v1/organizations"): Rule("login", anonymous=401),
    ("POST", "/api/v1/organizations"): Rule(
        "change",
        anonymous=401,
        method="post",
        body=lambda p: {"area_code": p.code, "type_code": "village_fund", "name": "กองทุนใหม่"},
        ok=CREATED,
    ),
    ("GET", "/api/v1/organizations/{organization_id}"): Rule(
        "read", anonymous=401, kwargs=lambda p: {"organization_id": p.organization}
    ),
    ("PATCH", "/api/v1/organizations/{organization_id}"): Rule(
        "change",
        anonymous=401,
        method="patch",
        kwargs=lambda p: {"organization_id": p.organization},
        body=lambda p: {"version": _version(Organization, p.organization), "member_count": 11},
    ),
    ("POST", "/api/v1/organizations/{organization_id}/members"): Rule(
        "change",
        anonymous=401,
        method="post",
        kwargs=lambda p: {"organization_id": p.organization},
        body=lambda p: {"person_id": p.spare_person},
        ok=CREATED,
    ),
    ("GET", "/api/v1/partners"): Rule("login", anonymous=401),
    ("POST", "/api/v1/partners"): Rule(
        "change",
        anonymous=401,
        method="post",
        body=lambda p: {"area_code": p.code, "kind": "media", "name": "วิทยุชุมชนทดสอบ"},
        ok=CREATED,
    ),
    ("GET", "/api/v1/partners/{partner_id}"): Rule(
        "read", anonymous=401, kwargs=lambda p: {"partner_id": p.partner}
    ),
    ("POST", "/api/v1/partners/{partner_id}/cooperations"): Rule(
        "change",
        anonymous=401,
        method="post",
        kwargs=lambda p: {"partner_id": p.partner},
        body=lambda p: {"center_code": p.code, "kind": "joint_project", "title": "โครงการร่วม"},
        ok=CREATED,
    ),
    ("GET", "/api/v1/areas/{code}/figures"): Rule("read", anonymous=401, kwargs=code),
    ("GET", "/api/v1/people"): Rule("login", anonymous=401),
    ("POST", "/api/v1/people"): Rule(
        "change",
        anonymous=401,
        method="post",
        body=lambda p: {
            "given_name": "ผู้ใหม่",
            "family_name": "ทดสอบสิทธิ์",
            "area_code": p.code,
            "confirm_new": True,
        },
        ok=CREATED,
    ),
    ("GET", "/api/v1/people/{person_id}"): Rule(
        "read", anonymous=401, kwargs=lambda p: {"person_id": p.person}
    ),
    ("PATCH", "/api/v1/people/{person_id}"): Rule(
        "change",
        anonymous=401,
        method="patch",
        kwargs=lambda p: {"person_id": p.person},
        body=lambda p: {"version": _version(Person, p.person), "phone": "081 234 5678"},
    ),
}

# The rules of other apps live beside this module, in tests/security/matrix_<app>.py (PAGE_RULES,
# API_RULES and an optional build_place hook that adds the app's records to each place).
for _extension in EXTENSIONS:
    PAGE_RULES.update(getattr(_extension, "PAGE_RULES", {}))
    API_RULES.update(getattr(_extension, "API_RULES", {}))

# Known access bugs: (route, role, side) -> reason. Each case is marked xfail(strict=True).
KNOWN_BUGS: dict[tuple[str, str, str], str] = {}


# The expected answer ----------------------------------------------------------------------------


def expected(rule: Rule, role: str, place: Place | None, *, api: bool) -> frozenset | str:
    """The set of statuses allowed for `role`, or LOGIN for a redirect to the login page."""
    if role == ANONYMOUS:
        if rule.access == "public":
            return frozenset({rule.anonymous}) if rule.anonymous != LOGIN else LOGIN
        return LOGIN if rule.anonymous == LOGIN else frozenset({rule.anonymous})
    success = rule.ok_signed_in or rule.ok
    if rule.access in ("public", "login"):
        return success
    if rule.access == "custom":  # the rule's own table (judges, door staff, ...)
        return success if rule.allow(role, place) else frozenset({404})
    if rule.access == "reset_password":  # a national admin, or an officer of the province
        allowed = role == "national_admin" or (
            role == "province_officer" and may(role, "change", rule.area(place))
        )
        return success if allowed else frozenset({404})
    allowed = may(role, rule.access, rule.area(place))
    return success if allowed else frozenset({404})


def _cases(rules: dict, *, api: bool):
    for key, rule in rules.items():
        label = " ".join(key) if api else key
        for role in ROLES:
            sides = ("in", "out") if rule.placed else ("-",)
            if role == ANONYMOUS and rule.access != "public":
                sides = sides[:1]
            for side in sides:
                marks = ()
                reason = KNOWN_BUGS.get((label, role, side))
                if reason:
                    marks = (pytest.mark.xfail(strict=True, reason=f"BUG: {reason}"),)
                yield pytest.param(key, role, side, id=f"{label}|{role}|{side}", marks=marks)


# Fixtures ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The data of the whole module, in a transaction rolled back after its last test (each
    test's own changes are rolled back to a savepoint inside it)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            data = build_world()
            data.tokens = {
                role: api_token_create(user=user, name="matrix")[1]
                for role, user in data.users.items()
            }
            data.sessions = {}
            for role, user in data.users.items():
                client = Client()
                client.force_login(user)
                data.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
            yield data
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _place(world: World, role: str, side: str) -> Place | None:
    return None if side == "-" else world.places[SIDES[role][side]]


def _check(response, want, label: str) -> None:
    where = f"{label}: got {response.status_code}"
    if want == LOGIN:
        assert response.status_code == 302, where + " (expected a redirect to the login page)"
        assert response["Location"].startswith(reverse("accounts:login")), response["Location"]
    else:
        assert response.status_code in want, f"{where}, expected {sorted(want)}"


# Completeness -----------------------------------------------------------------------------------


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            yield from _walk(entry.url_patterns, route, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern):
            yield route, f"{namespace}{entry.name}" if entry.name else None


def page_routes() -> dict[str, str]:
    """Every named page route (route name -> route), without admin, i18n and the API's operations."""
    routes = {}
    for route, name in _walk(get_resolver().url_patterns):
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if route.startswith(API_PREFIX) and name not in API_DOC_ROUTES:
            continue
        assert name, f"unnamed route {route!r}: name it so RULES can cover it"
        routes[name] = route
    return routes


def api_routes() -> set[str]:
    """The API's URL patterns as OpenAPI path templates (to catch operations hidden from it)."""
    import re

    paths = set()
    for route, name in _walk(get_resolver().url_patterns):
        if route.startswith(API_PREFIX) and name not in API_DOC_ROUTES:
            paths.add("/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route))
    return paths


def openapi_operations() -> set[tuple[str, str]]:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    operations = set()
    for path, methods in response.json()["paths"].items():
        for method in methods:
            if method in ("get", "post", "put", "patch", "delete"):
                operations.add((method.upper(), path))
    return operations


def test_every_page_route_has_a_rule():
    routes = page_routes()
    assert sorted(set(routes) - set(PAGE_RULES)) == [], "routes without a rule in PAGE_RULES"
    assert sorted(set(PAGE_RULES) - set(routes)) == [], "rules for routes that no longer exist"


def test_every_api_operation_has_a_rule():
    operations = openapi_operations()
    assert sorted(operations - set(API_RULES)) == [], "operations without a rule in API_RULES"
    assert sorted(set(API_RULES) - operations) == [], "rules for operations that no longer exist"
    assert api_routes() == {path for _method, path in operations}, (
        "the API's URL patterns and its OpenAPI document disagree (an operation hidden from it?)"
    )


def test_every_role_is_in_the_matrix(world):
    assert set(world.users) | {ANONYMOUS} == set(ROLES) == set(SIDES)


# The matrix -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "role", "side"), list(_cases(PAGE_RULES, api=False)))
def test_page_access(world, name, role, side):
    rule = PAGE_RULES[name]
    place = _place(world, role, side)
    client = Client()
    if role != ANONYMOUS:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    url = reverse(name, kwargs=rule.kwargs(place) if rule.kwargs else None)
    data = rule.query(place) if rule.query else None
    response = getattr(client, rule.method)(url, data)
    _check(response, expected(rule, role, place, api=False), f"{rule.method.upper()} {url} {role}")


@pytest.mark.parametrize(("operation", "role", "side"), list(_cases(API_RULES, api=True)))
def test_api_access(world, operation, role, side):
    rule = API_RULES[operation]
    method, template = operation
    place = _place(world, role, side)
    url = template.format(**(rule.kwargs(place) if rule.kwargs else {}))
    headers = {}
    if role != ANONYMOUS:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {world.tokens[role]}"
    client = Client()
    if method == "GET":
        response = client.get(url, **headers)
    else:
        body = json.dumps(rule.body(place) if rule.body else {})
        response = getattr(client, method.lower())(
            url, body, content_type="application/json", **headers
        )
    _check(
        response,
        expected(rule, role, place, api=True),
        f"{method} {url} {role} {b'' if response.streaming else response.content[:300]!r}",
    )


# A center editor changes only their center ------------------------------------------------------


def test_center_editor_changes_their_center_and_no_other(world):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens['center_editor']}"}
    client = Client()
    for code, status in (("710104", 200), ("710101", 404), ("710201", 404)):
        body = json.dumps({"version": _version(Center, code), "address": "ที่ทำการใหม่"})
        response = client.patch(
            f"/api/v1/centers/{code}", body, content_type="application/json", **headers
        )
        assert response.status_code == status, (code, response.content)
    assert Center.objects.get(pk="710104").address == "ที่ทำการใหม่"
    assert Center.objects.get(pk="710101").address != "ที่ทำการใหม่"


def test_session_writes_to_the_api_follow_the_same_scope(world):
    """The browser's session reaches the API like a token does (and a viewer's write fails)."""
    for role, code, status in (
        ("district_officer", "710104", 200),
        ("district_officer", "710201", 404),
        ("viewer", "710104", 404),
    ):
        client = Client()
        client.force_login(world.users[role])
        body = json.dumps({"version": _version(Center, code), "phone": "034 000 000"})
        response = client.patch(f"/api/v1/centers/{code}", body, content_type="application/json")
        assert response.status_code == status, (role, code, response.content)


# Lists and references never reach outside the scope -------------------------------------------


def _api(world, role: str, method: str, url: str, body: dict | None = None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens[role]}"}
    if method == "get":
        return Client().get(url, **headers)
    return getattr(Client(), method)(
        url, json.dumps(body or {}), content_type="application/json", **headers
    )


LISTS = {
    "/api/v1/centers": ("code", lambda p: p.code),
    "/api/v1/organizations": ("id", lambda p: p.organization),
    "/api/v1/partners": ("id", lambda p: p.partner),
    "/api/v1/people": ("id", lambda p: p.person),
}


@pytest.mark.parametrize("role", [r for r in ROLES if r != ANONYMOUS])
@pytest.mark.parametrize("url", list(LISTS))
def test_api_lists_hold_what_the_role_reads_and_nothing_else(world, url, role):
    key, of = LISTS[url]
    response = _api(world, role, "get", url + "?limit=1000")
    assert response.status_code == 200
    listed = {item[key] for item in response.json()["items"]}
    for code, place in world.places.items():
        assert (of(place) in listed) == may(role, "read", code), (url, role, code)
    # Narrowing to an area outside the scope finds nothing there.
    outside = response = _api(world, role, "get", f"{url}?area=72&limit=1000")
    if url != "/api/v1/people":
        assert outside.status_code == 200
        found = {item[key] for item in outside.json()["items"]}
        assert (of(world.places["720101"]) in found) == may(role, "read", "720101")


def test_figures_of_the_whole_country_are_for_national_users_only(world):
    for role in ROLES[1:]:
        response = _api(world, role, "get", "/api/v1/areas/TH/figures")
        assert response.status_code == (200 if role == "national_admin" else 404), role
    assert Client().get("/api/v1/areas/TH/figures").status_code == 401


def test_writes_cannot_reference_records_outside_the_scope(world):
    """A district officer of 7101 changing their own records may not pull in (or move them to)
    records of district 7102: the answer is 404 or 422, and nothing changes."""
    inside, outside = world.places["710104"], world.places["710201"]
    role = "district_officer"
    attempts = [
        ("post", f"/api/v1/terms/{inside.draft_term}/seats", {"person_id": outside.spare_person}),
        ("post", f"/api/v1/seats/{inside.ended_seat}/replace", {"person_id": outside.spare_person}),
        (
            "post",
            f"/api/v1/organizations/{inside.organization}/members",
            {"person_id": outside.spare_person},
        ),
        (
            "post",
            "/api/v1/organizations",
            {
                "area_code": inside.code,
                "type_code": "village_fund",
                "name": "กองทุนผู้นำนอกเขต",
                "leader_id": outside.person,
            },
        ),
        (
            "patch",
            f"/api/v1/organizations/{inside.organization}",
            {"version": _version(Organization, inside.organization), "area_code": outside.code},
        ),
        (
            "patch",
            f"/api/v1/organizations/{inside.organization}",
            {
                "version": _version(Organization, inside.organization),
                "leader_id": outside.person,
            },
        ),
        (
            "patch",
            f"/api/v1/people/{inside.person}",
            {"version": _version(Person, inside.person), "area_code": outside.code},
        ),
        (
            "post",
            f"/api/v1/partners/{inside.partner}/cooperations",
            {"center_code": outside.code, "kind": "mou", "title": "นอกเขต"},
        ),
        (
            "post",
            f"/api/v1/partners/{world.places['720101'].partner}/cooperations",
            {"center_code": inside.code, "kind": "mou", "title": "คู่ความร่วมมือนอกเขต"},
        ),
    ]
    for method, url, body in attempts:
        response = _api(world, role, method, url, body)
        assert response.status_code in (404, 422), (method, url, body, response.content)
    assert Person.objects.get(pk=inside.person).area_id == inside.code
    organization = Organization.objects.get(pk=inside.organization)
    assert (organization.area_id, organization.leader_id) == (inside.code, inside.person)


def test_pages_do_not_mix_a_center_with_another_centers_term(world):
    inside, outside = world.places["710104"], world.places["710201"]
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions["province_officer"]
    url = reverse(
        "network:term_detail", kwargs={"code": inside.code, "term_id": outside.active_term}
    )
    assert client.get(url).status_code == 404

"""The one NinjaAPI: authentication, error answers in the user's language, the routers."""

from datetime import datetime

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db import DataError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp import match_token
from ninja import Field, NinjaAPI, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import LimitOffsetPagination
from ninja.parser import Parser
from ninja.security import APIKeyCookie, HttpBearer

from concenter.accounts.middleware import needs_enrolment
from concenter.accounts.services import (
    api_token_authenticate,
    api_token_create,
    api_token_find,
    api_token_revoke,
)
from concenter.accounts.two_factor import normalize_code
from concenter.common.audit import set_current_actor
from concenter.common.errors import NotFoundOrOutOfScope, StaleVersion
from concenter.common.pager import COUNT_CAP, keyset_window


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        found = api_token_find(token)
        if found is None:
            return None
        request.user = found.user
        request.api_token = found  # DELETE /auth/token revokes the token in use
        set_current_actor(found.user)
        return found.user


class SessionUser(APIKeyCookie):
    """The browser's session; unsafe methods need the CSRF token as on any page."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return None


AUTH = [BearerToken(), SessionUser()]


MAX_PAGE_SIZE = 1000
MAX_OFFSET = 100_000_000  # beyond any list held; larger numbers overflow a database integer


class BoundedPagination(LimitOffsetPagination):
    """Limit/offset pages with both numbers bounded, so `offset=10**30` is a 422 with a message
    instead of an integer overflow in the database. Every paginated list uses this class."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_PAGE_SIZE)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


class KeysetPagination(BoundedPagination):
    """`BoundedPagination` for the long lists ordered by ``(sort_key, pk)`` (people,
    organisations): `next` is the cursor of the page after this one; giving it as `after`
    asks that page from the sort-key index, so a deep page costs what the first costs. An
    `offset` without `after` still works and reads only the index up to it
    (`concenter.common.pager`). `count` is counted up to `COUNT_CAP` (null above it), as on the
    list pages. Search results (a list) are paged by offset as before."""

    class Input(BoundedPagination.Input):
        after: str | None = Field(None, max_length=2000)

    class Output(Schema):
        items: list
        count: int | None = Field(
            None,
            description=f"the number of items; null when the list holds more than {COUNT_CAP:,} "
            "(counting two million people takes a second: page on with `next`)",
        )
        next: str | None = None

    def paginate_queryset(self, queryset, pagination, request: HttpRequest, **params):
        if not isinstance(queryset, QuerySet):
            return super().paginate_queryset(queryset, pagination, request, **params)
        limit = min(pagination.limit, self.max_limit)
        page = keyset_window(queryset, size=limit, after=pagination.after, offset=pagination.offset)
        counted = queryset.order_by()[: COUNT_CAP + 1].count()  # as the list pages count
        return {
            self.items_attribute: page.object_list,
            "count": counted if counted <= COUNT_CAP else None,
            "next": page.next_cursor or None,
        }


class PlacedInAreaOut(Schema):
    """Output of a record placed in an area: its area's code and display name."""

    area_code: str
    area_name: str

    @staticmethod
    def resolve_area_code(obj) -> str:
        return obj.area_id

    @staticmethod
    def resolve_area_name(obj) -> str:
        return obj.area.display_name


class OptionalAuth(HttpBearer):
    """Public endpoints that still know who asks when a token is given."""

    def __call__(self, request: HttpRequest):
        header = request.headers.get("Authorization", "")
        if header.lower().startswith("bearer "):
            user = api_token_authenticate(header[7:].strip())
            if user is not None:
                request.user = user
                set_current_actor(user)
        return True

    def authenticate(self, request, token):  # pragma: no cover - __call__ handles it
        return True


def _has_lone_surrogate(value) -> bool:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_has_lone_surrogate(k) or _has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_lone_surrogate(item) for item in value)
    return False


class TextJsonParser(Parser):
    """JSON bodies whose strings are text: `"a\\ud800"` (a lone surrogate, which no database
    column can hold) is refused with 400 like any body that is not JSON."""

    def parse_body(self, request: HttpRequest):
        data = super().parse_body(request)
        if _has_lone_surrogate(data):
            raise ValueError("a string holds a lone surrogate")
        return data


api = NinjaAPI(
    title="concenter API",
    parser=TextJsonParser(),
    version="1",
    description=_("The REST API of concenter. Areas and centers are addressed by DOPA code."),
    urls_namespace="api",
    auth=AUTH,
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def _error(request, message: str, status: int, **extra):
    return api.create_response(request, {"detail": message, **extra}, status=status)


@api.exception_handler(NotFoundOrOutOfScope)
def _not_found(request, exc):
    return _error(request, str(exc), 404)


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def _number_out_of_range(request, exc):
    """An id or number beyond what the database holds (`/events/10**30`): no such record.
    (SQLite raises OverflowError before the query; PostgreSQL a DataError.)"""
    return _error(request, _("Not found."), 404)


@api.exception_handler(StaleVersion)
def _stale(request, exc):
    return _error(request, str(exc), 409, current_version=exc.current_version)


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    first = next(iter(errors.values()))[0]
    return _error(request, first, 422, errors=errors)


@api.exception_handler(NinjaValidationError)
def _invalid_request(request, exc: NinjaValidationError):
    return _error(request, _("The request is not valid."), 422, errors=exc.errors)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _error(request, _("Authentication required."), 401)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        return _error(request, _("The request body is not valid JSON text (UTF-8)."), 400)
    return _error(request, str(exc), exc.status_code)


class TokenIn(Schema):
    username: str = Field(max_length=150)
    password: str = Field(max_length=200)
    # A code of the user's authenticator app, or one of their recovery codes: required when the
    # user has two-factor on (as on the web).
    otp: str = Field("", max_length=40)


class TokenOut(Schema):
    token: str
    username: str
    expires_at: datetime


@api.post("/auth/token", response={200: TokenOut, 401: dict, 403: dict}, auth=None, tags=["auth"])
def token_obtain(request, payload: TokenIn):
    """Exchange a username, password and (with two-factor on) a code for a bearer token that
    ends after API_TOKEN_LIFETIME_DAYS. Login throttling applies; a code works once."""
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        return Status(401, {"detail": _("Wrong username or password, or the account is locked.")})
    if user.two_factor_enabled:
        code = normalize_code(payload.otp)
        if not code:
            return Status(
                401,
                {
                    "detail": _(
                        "This account has two-factor authentication on: send a code of your "
                        'authenticator app, or a recovery code, as "otp".'
                    ),
                    "code": "otp_required",
                },
            )
        if not code.isalnum() or match_token(user, code) is None:
            return Status(
                401,
                {
                    "detail": _(
                        "This code is not valid (a code works once). Try the newest code of "
                        "your app, or a recovery code."
                    ),
                    "code": "otp_invalid",
                },
            )
    elif needs_enrolment(user):
        return Status(
            403,
            {
                "detail": _(
                    "This account must use two-factor authentication: enrol on the web first "
                    "(your profile, Two-factor authentication), then ask for a token."
                ),
                "code": "otp_enrolment_required",
            },
        )
    token, key = api_token_create(user=user, name="api")
    return Status(200, {"token": key, "username": user.username, "expires_at": token.expires_at})


@api.delete("/auth/token", response={204: None}, auth=[BearerToken()], tags=["auth"])
def token_revoke(request):
    """Revoke the bearer token this request carries (the API's log-out)."""
    api_token_revoke(token=request.api_token)
    return Status(204, None)

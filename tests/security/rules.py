"""The shape of one access rule, shared by test_access_matrix.py and the matrix_<app> modules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # world.py imports the matrix_* modules, which import this one
    from tests.security.world import Place

LOGIN = "login"  # anonymous: 302 to the login page
CREATED = frozenset({201})


@dataclass(frozen=True)
class Rule:
    """How one route or operation is reached and who may reach it.

    access: "public" (everyone), "login" (any signed-in user, no object), "read" or "change"
    (the area of the object named by the route, found by `area`), or "custom": `allow(role,
    place)` says whether the role reaches the object (judges, door staff, ...).
    anonymous: the answer an anonymous user gets (LOGIN, 404, 401 or a success status).
    """

    access: str
    anonymous: int | str = LOGIN
    method: str = "get"
    kwargs: Callable[[Place], dict] | None = None  # path parameters; None = no object
    query: Callable[[Place], dict] | None = None
    body: Callable[[Place], dict] | None = None
    area: Callable[[Place], str] = lambda place: place.code
    ok: frozenset = frozenset({200})
    ok_signed_in: frozenset | None = None  # when signed-in users get another success status
    allow: Callable[[str, Place | None], bool] | None = None  # for access="custom"

    @property
    def placed(self) -> bool:
        return self.kwargs is not None or self.query is not None or self.body is not None

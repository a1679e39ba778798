"""Access rules of the dashboards, network health and report downloads (concenter.reports).

Area pages read by the area's code; the national pages are for national administrators only
(others are sent to their own area's dashboard, or get 404 on health and downloads). A judge
holds no area: the national dashboard answers 404, never an empty page.

The rules are built when first read (a module __getattr__): world.py imports this module while
tests/security/rules.py is still being imported (rules → world → matrix_*), so nothing from
rules.py may be needed at import time.
"""

from __future__ import annotations


def _code(place) -> dict:
    return {"code": place.code}


def _national_admin(role: str, place) -> bool:
    return role == "national_admin"


def _page_rules() -> dict:
    from tests.security.rules import Rule

    return {
        # Others than national admins are redirected to their own area's dashboard (302).
        "reports:national": Rule(
            "custom", allow=lambda role, place: role != "judge", ok=frozenset({200, 302})
        ),
        "reports:area": Rule("read", kwargs=_code),
        "reports:national_health": Rule("custom", allow=_national_admin),
        "reports:area_health": Rule("read", kwargs=_code),
        "reports:national_report": Rule(
            "custom",
            allow=_national_admin,
            kwargs=lambda place: {"name": "committees-ending", "file_format": "pdf"},
        ),
        "reports:area_report": Rule(
            "read",
            kwargs=lambda place: {"code": place.code, "name": "summary", "file_format": "xlsx"},
        ),
    }


def __getattr__(name: str):
    if name == "PAGE_RULES":
        return _page_rules()
    if name == "API_RULES":
        return {}
    raise AttributeError(name)

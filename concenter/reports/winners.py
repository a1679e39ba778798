"""Awards won: the winners of published award programmes, counted by the area of the nominee.

A winner is a nomination selected in a programme whose results are published (before
publication nothing is counted, so a dashboard never shows a result early). The nominee's area
(person, organisation or center) places the award; like every other figure, an area's count is
the sum of its children's plus the winners placed at the area's own level.

Awards are not in the roll-up table: each function here is one grouped query over the selected
nominations (an index on programme and `selected`), bounded by the number of child areas or
programmes, never by the number of nominations read into Python.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse

from concenter.network.rollups import NATIONAL

_COLUMN = {2: "province_code", 4: "district_code", 6: "subdistrict_code"}


def _winners():
    from concenter.awards.models import Nomination, ProgrammeStatus

    return Nomination.objects.filter(selected=True, programme__status=ProgrammeStatus.PUBLISHED)


def _in_area(code: str) -> Q:
    if code == NATIONAL:
        return Q()
    column = _COLUMN.get(len(code))
    return Q(**{column: code}) if column else Q(pk__in=[])


def winners_by_child(code: str, child_codes: list[str]) -> tuple[int, dict[str, int]]:
    """(the area's total, {child code: winners}) in one query; a child without winners is
    left out of the dict."""
    child_column = {NATIONAL: "province_code"}.get(code) or _COLUMN.get(len(code) + 2)
    rows = _winners().filter(_in_area(code))
    if child_column is None:  # a subdistrict: no child areas with dashboards
        return rows.count(), {}
    total = 0
    result: dict[str, int] = {}
    wanted = set(child_codes)
    for child, count in rows.values_list(child_column).annotate(n=Count("pk")).order_by():
        total += count
        if child in wanted:
            result[child] = count
    return total, result


@dataclass
class ProgrammeWinners:
    programme_id: int
    title: str
    year_be: int
    winners: int
    url: str


PROGRAMMES_SHOWN = 10


def winners_by_programme(code: str, *, limit: int = PROGRAMMES_SHOWN) -> list[ProgrammeWinners]:
    """The latest published programmes with winners in the area, newest first."""
    rows = (
        _winners()
        .filter(_in_area(code))
        .values("programme_id", "programme__title", "programme__year")
        .annotate(n=Count("pk"))
        .order_by("-programme__year", "-programme_id")[:limit]
    )

    def url(programme_id: int) -> str:
        try:
            return reverse("awards:hall_of_fame_programme", args=[programme_id])
        except NoReverseMatch:
            return ""

    return [
        ProgrammeWinners(
            programme_id=row["programme_id"],
            title=row["programme__title"],
            year_be=row["programme__year"] + 543,
            winners=row["n"],
            url=url(row["programme_id"]),
        )
        for row in rows
    ]

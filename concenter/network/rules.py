"""The committee rules, named once (PRODUCT.md "Committees"; the sizes come from settings)."""

from collections import Counter
from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import gettext as _

from concenter.network.models import Position

# At most this many open seats of a position in one term; a chair is also required (exactly one).
POSITION_LIMITS = {
    Position.CHAIR: 1,
    Position.VICE_CHAIR: 2,
    Position.SECRETARY: 1,
    Position.TREASURER: 1,
}


def committee_size_bounds() -> tuple[int, int]:
    return settings.COMMITTEE_MIN_SIZE, settings.COMMITTEE_MAX_SIZE


def counted_members(positions: Iterable[str]) -> int:
    """Advisors sit beside the committee and do not count toward its size."""
    return sum(1 for p in positions if p != Position.ADVISOR)


def position_limit_problem(positions: Iterable[str], adding: str) -> str | None:
    """Why a seat of `adding` cannot join open seats of `positions`, or None."""
    limit = POSITION_LIMITS.get(Position(adding))
    if limit is not None and Counter(positions)[adding] >= limit:
        return _("A committee may have at most %(limit)s %(position)s.") % {
            "limit": limit,
            "position": Position(adding).label,
        }
    return None


def activation_problems(positions: list[str]) -> list[str]:
    """Every reason a committee with these open seats cannot be activated (empty = it can)."""
    problems = []
    minimum, maximum = committee_size_bounds()
    size = counted_members(positions)
    if size < minimum:
        problems.append(
            _(
                "A committee needs at least %(min)s members (advisors do not count); this one has %(size)s."
            )
            % {"min": minimum, "size": size}
        )
    if size > maximum:
        problems.append(
            _(
                "A committee may have at most %(max)s members (advisors do not count); this one has %(size)s."
            )
            % {"max": maximum, "size": size}
        )
    counts = Counter(positions)
    if counts[Position.CHAIR] != 1:
        problems.append(
            _("A committee needs exactly one chair; this one has %(count)s.")
            % {"count": counts[Position.CHAIR]}
        )
    for position, limit in POSITION_LIMITS.items():
        if position != Position.CHAIR and counts[position] > limit:
            problems.append(
                _("A committee may have at most %(limit)s %(position)s.")
                % {"limit": limit, "position": position.label}
            )
    return problems

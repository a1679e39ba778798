"""The rules of activities, meetings, plans and stories, named once."""

import math
from dataclasses import dataclass
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# A meeting has its quorum when MORE THAN this share of the committee's seats attend: more than
# half unless settings.MEETING_QUORUM_SHARE says otherwise (a fraction such as "2/3" or 0.6).
MEETING_QUORUM_SHARE = Fraction(1, 2)

# Files: at most this many per activity, and photos per success story.
ACTIVITY_FILES_MAX = 30
STORY_PHOTOS_MAX = 12

# A community plan covers at most this many fiscal years (a five-year plan is the usual).
PLAN_MAX_YEARS = 10


def quorum_share() -> Fraction:
    """The share of seats that must be exceeded, from the settings or the default."""
    value = getattr(settings, "MEETING_QUORUM_SHARE", None)
    if value in (None, ""):
        return MEETING_QUORUM_SHARE
    try:
        share = Fraction(str(value))
    except (ValueError, ZeroDivisionError) as error:
        raise ImproperlyConfigured(f"MEETING_QUORUM_SHARE is not a fraction: {value!r}") from error
    if not 0 < share < 1:
        raise ImproperlyConfigured("MEETING_QUORUM_SHARE must lie between 0 and 1")
    return share


def quorum_needed(seats: int, share: Fraction | None = None) -> int:
    """The fewest members present for a quorum: more than `share` × `seats` (9 seats → 5,
    10 seats → 6 with the default half)."""
    if seats <= 0:
        return 0
    share = quorum_share() if share is None else share
    return math.floor(seats * share) + 1


@dataclass(frozen=True)
class Quorum:
    """The quorum of one meeting: the committee's seats on its day and who attended."""

    seats: int
    present: int
    excused: int
    absent: int
    needed: int
    share: Fraction

    @property
    def has_committee(self) -> bool:
        return self.seats > 0

    @property
    def met(self) -> bool:
        return self.seats > 0 and self.present >= self.needed

    @property
    def recorded(self) -> int:
        return self.present + self.excused + self.absent

    @property
    def share_label(self) -> str:
        return f"{self.share.numerator}/{self.share.denominator}"


def quorum_of(*, seats: int, present: int, excused: int = 0, absent: int = 0) -> Quorum:
    share = quorum_share()
    return Quorum(
        seats=seats,
        present=present,
        excused=excused,
        absent=absent,
        needed=quorum_needed(seats, share),
        share=share,
    )

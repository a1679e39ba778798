"""The "my work" page: what each role has to do, gathered from every part of the domain.

One reader, several roles: a district officer who also judges sees both. Each part is read through
its own app's scoped selector (or the same scope rule), and each is bounded, so the page costs a
fixed number of queries whatever the area holds (ADR 0016).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from concenter.accounts.models import Role
from concenter.accounts.scope import Access, has_role, role_rows, user_scope
from concenter.awards import selectors as award_selectors
from concenter.awards.models import Nomination, NominationStatus, ProgrammeStatus
from concenter.common import clock
from concenter.events.models import Event, EventStatus
from concenter.exchange import selectors as exchange_selectors
from concenter.geography.models import Area
from concenter.network.models import Center, CommitteeTerm, TermStatus
from concenter.network.rollups import NATIONAL, AreaFigures, figures_for_areas

# How far ahead the page looks, and how many rows each part shows at most.
TERMS_ENDING_WITHIN_DAYS = 90
EVENTS_WITHIN_DAYS = 60
ROWS_PER_PART = 8


@dataclass
class JudgeProgramme:
    programme: object
    cards: list
    done: int
    total: int


@dataclass
class MyWork:
    # (area, its figures); the area is None for a national reader (the whole country).
    area_cards: list[tuple[Area | None, AreaFigures]] = field(default_factory=list)
    everything: bool = False
    centers: list[Center] = field(default_factory=list)
    terms_ending: list[CommitteeTerm] = field(default_factory=list)
    imports: list = field(default_factory=list)
    nominations_to_screen: list[Nomination] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    door_events: list[Event] = field(default_factory=list)
    judging: list[JudgeProgramme] = field(default_factory=list)
    officer: bool = False
    judge: bool = False
    # Whether the user may change anything at all (a viewer may not): the import link shows then.
    can_import: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.officer or self.centers or self.judging or self.door_events or self.judge)


def _officer_part(user, work: MyWork, today: datetime.date) -> None:
    scope = user_scope(user, Access.READ)
    work.everything = scope.everything
    area_codes = [code for code in scope.prefixes if len(code) < 8]
    if scope.everything:
        work.area_cards = [(None, figures_for_areas([NATIONAL], on=today)[NATIONAL])]
    else:
        areas = list(Area.objects.filter(code__in=area_codes).order_by("code"))
        figures = figures_for_areas([area.code for area in areas], on=today)
        work.area_cards = [(area, figures[area.code]) for area in areas]
    in_scope = scope.q("center__area") if not scope.everything else Q()
    work.terms_ending = list(
        CommitteeTerm.objects.filter(
            in_scope,
            status=TermStatus.ACTIVE,
            ends_on__gte=today,
            ends_on__lte=today + datetime.timedelta(days=TERMS_ENDING_WITHIN_DAYS),
        )
        .select_related("center")
        .order_by("ends_on", "center_id")[:ROWS_PER_PART]
    )
    work.imports = list(exchange_selectors.batch_list(user=user).filter(user=user)[:ROWS_PER_PART])
    change = user_scope(user, Access.CHANGE)
    work.can_import = not change.nothing
    programmes = Q() if change.everything else change.q("programme__area")
    work.nominations_to_screen = list(
        Nomination.objects.filter(
            programmes,
            status=NominationStatus.SUBMITTED,
            programme__status__in=(ProgrammeStatus.OPEN, ProgrammeStatus.SCREENING),
        )
        .select_related("programme")
        .order_by("programme__year", "programme_id", "sort_key")[:ROWS_PER_PART]
    )
    events_in_scope = Q() if scope.everything else scope.q(code_field="area_id")
    work.events = list(
        Event.objects.filter(
            events_in_scope,
            status__in=(EventStatus.DRAFT, EventStatus.OPEN, EventStatus.CLOSED),
            ends_at__date__gte=today,
            starts_at__date__lte=today + datetime.timedelta(days=EVENTS_WITHIN_DAYS),
        ).order_by("starts_at", "pk")[:ROWS_PER_PART]
    )


def my_work(*, user) -> MyWork:
    """What `user` has to do today, by role; each part empty when the role is not theirs."""
    today = clock.today()
    work = MyWork()
    work.officer = has_role(
        user, Role.NATIONAL_ADMIN, Role.PROVINCE_OFFICER, Role.DISTRICT_OFFICER, Role.VIEWER
    )
    if work.officer:
        _officer_part(user, work, today)
    center_codes = [center for _role, _area, center in role_rows(user) if center]
    if center_codes:
        work.centers = list(
            Center.objects.filter(area_id__in=center_codes).select_related("area").order_by("pk")
        )
    work.judge = has_role(user, Role.JUDGE)
    if work.judge:
        for programme, cards in award_selectors.judge_assignments(user=user):
            done = sum(1 for card in cards if card.submitted_at)
            work.judging.append(JudgeProgramme(programme, cards, done, len(cards)))
    work.door_events = list(
        Event.objects.filter(
            staff__user=user,
            status__in=(EventStatus.OPEN, EventStatus.CLOSED, EventStatus.HELD),
            ends_at__date__gte=today,
        ).order_by("starts_at", "pk")[:ROWS_PER_PART]
    )
    return work

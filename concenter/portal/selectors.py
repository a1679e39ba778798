"""Public reads for the portal.

Anyone may read these pages without signing in, so nothing here goes through a user's scope:
instead every function returns plain records that hold public fields only. A template of the
portal never receives a Center, Person, Organization or Partner instance, so it cannot reach a
phone number, an email, an address, a birth year or the digits of a national ID, not even by
mistake (a deferred field would be loaded on access).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from concenter.geography.models import Area, Level
from concenter.geography.selectors import area_ancestors, area_search
from concenter.network.models import (
    POSITION_ORDER,
    Center,
    CenterLevel,
    CenterStatus,
    CommitteeTerm,
    Cooperation,
    OrganizationStatus,
    PartnerKind,
    Position,
    Seat,
    TermStatus,
)
from concenter.network.rollups import AreaFigures, area_figures
from concenter.network.selectors import member_centers, member_organizations

CENTER_LEVELS = (Level.PROVINCE, Level.DISTRICT, Level.SUBDISTRICT)
MEMBER_ORGANIZATIONS_SHOWN = 200
STORIES_SHOWN = 6
SEARCH_QUERY_MAX_LENGTH = 100
# Browsing an area lists its child areas that have centers, counted by this column of Center.
_CHILD_COLUMN = {
    None: "province_code",
    Level.PROVINCE: "district_code",
    Level.DISTRICT: "subdistrict_code",
}
_CODE_COLUMN = {2: "province_code", 4: "district_code", 6: "subdistrict_code"}


def _thai() -> bool:
    return (get_language() or "th").startswith("th")


# Public records -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicCenter:
    code: str
    name: str
    level: str
    status: str
    founded_on: datetime.date | None
    area_name: str = ""

    @property
    def level_label(self) -> str:
        return CenterLevel(self.level).label

    @property
    def status_label(self) -> str:
        return CenterStatus(self.status).label

    @property
    def is_dissolved(self) -> bool:
        return self.status == CenterStatus.DISSOLVED

    @property
    def url(self) -> str:
        return reverse("portal:center", args=[self.code])


def public_center(center: Center, *, with_area: bool = True) -> PublicCenter:
    return PublicCenter(
        code=center.area_id,
        name=center.name,
        level=center.level,
        status=center.status,
        founded_on=center.founded_on,
        area_name=center.area.display_name if with_area else "",
    )


@dataclass(frozen=True)
class PublicSeat:
    """A committee seat as the public sees it: the position and the person's name, nothing else."""

    position: str
    name: str

    @property
    def position_label(self) -> str:
        return Position(self.position).label


@dataclass(frozen=True)
class PublicOrganization:
    name: str
    type_th: str
    type_en: str
    village: str

    @property
    def type_name(self) -> str:
        return self.type_th if _thai() or not self.type_en else self.type_en


@dataclass(frozen=True)
class PublicPartner:
    name: str
    kind: str

    @property
    def kind_label(self) -> str:
        return PartnerKind(self.kind).label


@dataclass(frozen=True)
class PublicStory:
    """A published success story as the profile lists it (the exhibition shows it whole)."""

    title: str
    summary: str
    url: str
    photo_url: str
    photo_alt: str
    published_on: datetime.date | None
    people_reached: int
    money_saved: Decimal
    money_earned: Decimal


@dataclass(frozen=True)
class AreaCount:
    area: Area
    centers: int

    @property
    def code(self) -> str:
        return self.area.code


# The directory ------------------------------------------------------------------------------


def browse_area(code: str) -> Area | None:
    """The area being browsed (a province, district or subdistrict), or None for the nation."""
    if not code or not code.isdigit():
        return None
    return (
        Area.objects.select_related("parent", "parent__parent")
        .filter(code=code, level__in=CENTER_LEVELS)
        .first()
    )


def _counts(column: str, codes: list[str] | None = None, base: QuerySet | None = None) -> dict:
    qs = Center.objects.all() if base is None else base
    if codes is not None:
        qs = qs.filter(**{f"{column}__in": codes})
    rows = qs.exclude(**{column: ""}).values_list(column).annotate(n=Count("pk")).order_by()
    return dict(rows)


def _within(qs: QuerySet[Center], area: Area) -> QuerySet[Center]:
    return qs.filter(**{_CODE_COLUMN[len(area.code)]: area.code})


def areas_with_centers(area: Area | None) -> list[AreaCount]:
    """The child areas of `area` (the provinces for None) that have at least one center, with
    the number of centers in each, in Thai order."""
    if area is not None and area.level not in _CHILD_COLUMN:
        return []
    column = _CHILD_COLUMN[area.level if area else None]
    base = _within(Center.objects.all(), area) if area else None
    counts = _counts(column, base=base)
    areas = Area.objects.filter(code__in=list(counts)).order_by("sort_key", "code")
    return [AreaCount(area=a, centers=counts[a.code]) for a in areas]


def centers_in(area: Area | None, *, name: str = "") -> QuerySet[Center]:
    """Centers inside `area` (all of them for None), whose name contains `name` if given; in
    the order of the area tree (a province's center, then its first district's, …)."""
    qs = Center.objects.select_related("area")
    if area is not None:
        qs = _within(qs, area)
    if name:
        qs = qs.filter(name__icontains=name)
    return qs.order_by("area_id")


def search_areas(query: str, *, within: Area | None = None, limit: int = 20) -> list[AreaCount]:
    """Areas whose name matches `query` (through geography's area_search) that have centers,
    best match first, with the number of centers in each."""
    areas = area_search(
        query=query, levels=list(CENTER_LEVELS), within=within.code if within else None, limit=limit
    )
    codes = [a.code for a in areas]
    counts: dict[str, int] = {}
    for length, column in _CODE_COLUMN.items():
        at_level = [c for c in codes if len(c) == length]
        if at_level:
            counts.update(_counts(column, at_level))
    return [AreaCount(area=a, centers=counts[a.code]) for a in areas if counts.get(a.code)]


def clean_query(text: str) -> str:
    return " ".join((text or "").split())[:SEARCH_QUERY_MAX_LENGTH]


# A center's profile -------------------------------------------------------------------------


@dataclass
class CenterProfile:
    center: PublicCenter
    area: Area
    crumbs: list[Area]
    parents: list[PublicCenter]
    term_starts_on: datetime.date | None
    term_ends_on: datetime.date | None
    seats: list[PublicSeat]
    member_centers: list[PublicCenter]
    organizations: list[PublicOrganization]
    organization_total: int
    partners: list[PublicPartner]
    figures: AreaFigures
    on: datetime.date
    stories: list[PublicStory] = field(default_factory=list)
    story_total: int = 0

    @property
    def has_committee(self) -> bool:
        return self.term_starts_on is not None


def _committee(center: Center, on: datetime.date):
    term = (
        CommitteeTerm.objects.filter(
            center=center, status=TermStatus.ACTIVE, starts_on__lte=on, ends_on__gte=on
        )
        .only("pk", "starts_on", "ends_on")
        .order_by("-starts_on")
        .first()
    )
    if term is None:
        return None, []
    from concenter.network.public_names import with_name_withheld

    seats = with_name_withheld(
        Seat.objects.filter(term=term, ends_on__isnull=True)
        .select_related("person")
        .only(
            "position",
            "person__title",
            "person__given_name",
            "person__family_name",
            "person__sort_key",
        )
    )
    ordered = sorted(seats, key=lambda s: (POSITION_ORDER[s.position], s.person.sort_key, s.pk))
    # A member who objected to being named (PDPA s.32) is shown by the position only.
    return term, [
        PublicSeat(position=s.position, name="" if s.name_withheld else s.person.full_name)
        for s in ordered
    ]


def _village(area: Area) -> str:
    return area.display_name if area.level == Level.VILLAGE else ""


def _partners(center: Center) -> list[PublicPartner]:
    rows = (
        Cooperation.objects.filter(center=center)
        .order_by("partner__sort_key", "partner_id")
        .values_list("partner_id", "partner__name", "partner__kind")
    )
    seen: dict[int, PublicPartner] = {}
    for partner_id, name, kind in rows:
        seen.setdefault(partner_id, PublicPartner(name=name, kind=kind))
    return list(seen.values())


def _stories(center: Center) -> tuple[list[PublicStory], int]:
    """The center's published success stories, newest first, with the first photo of each."""
    from concenter.activities.models import Story

    published = Story.objects.filter(center=center, published=True)
    stories = []
    for story in published.prefetch_related("photos").order_by("-published_at", "-pk")[
        :STORIES_SHOWN
    ]:
        photo = next(iter(story.photos.all()), None)
        published_at = story.published_at
        stories.append(
            PublicStory(
                title=story.title,
                summary=story.summary,
                url=story.get_public_url(),
                photo_url=photo.get_public_url() if photo else "",
                photo_alt=(photo.caption or story.title) if photo else "",
                published_on=timezone.localtime(published_at).date() if published_at else None,
                people_reached=story.people_reached,
                money_saved=story.money_saved,
                money_earned=story.money_earned,
            )
        )
    total = len(stories)
    if total == STORIES_SHOWN:
        total = published.count()
    return stories, total


def center_profile(code: str, *, on: datetime.date) -> CenterProfile | None:
    """The public profile of the center known by `code`, or None. Dissolved centers have one
    too, with their status."""
    center = (
        Center.objects.select_related("area", "area__parent", "area__parent__parent")
        .filter(pk=code)
        .first()
    )
    if center is None:
        return None
    parent_codes = [c for c in (center.province_code, center.district_code) if c and c != code]
    parents = [
        public_center(p)
        for p in Center.objects.select_related("area")
        .filter(pk__in=parent_codes)
        .order_by("area_id")
    ]
    term, seats = _committee(center, on)
    organizations: list[PublicOrganization] = []
    organization_total = 0
    if center.level == Level.SUBDISTRICT:
        living = member_organizations(center).exclude(status=OrganizationStatus.DISSOLVED)
        organizations = [
            PublicOrganization(
                name=o.name,
                type_th=o.type.name_th,
                type_en=o.type.name_en,
                village=_village(o.area),
            )
            for o in living[:MEMBER_ORGANIZATIONS_SHOWN]
        ]
        organization_total = len(organizations)
        if organization_total == MEMBER_ORGANIZATIONS_SHOWN:
            organization_total = living.count()
    stories, story_total = _stories(center)
    return CenterProfile(
        center=public_center(center),
        area=center.area,
        crumbs=[*area_ancestors(center.area), center.area],
        parents=parents,
        term_starts_on=term.starts_on if term else None,
        term_ends_on=term.ends_on if term else None,
        seats=seats,
        member_centers=[public_center(m) for m in member_centers(center).select_related("area")],
        organizations=organizations,
        organization_total=organization_total,
        partners=_partners(center),
        figures=area_figures(center.area_id, on=on),
        on=on,
        stories=stories,
        story_total=story_total,
    )

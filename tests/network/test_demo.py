import datetime
from collections import Counter

import pytest
from django.apps import apps
from django.utils import timezone

from concenter.accounts.models import Role, RoleAssignment, User
from concenter.common.demo import DemoContext, demo_parts
from concenter.geography.models import Area, Level
from concenter.network import rollups, rules
from concenter.network.demo import ENDING_SOON, NO_COMMITTEE, standard_term
from concenter.network.models import (
    Center,
    CommitteeTerm,
    Cooperation,
    Organization,
    OrganizationType,
    Partner,
    PartnerKind,
    Position,
    Rollup,
    Seat,
    SeatEndReason,
    TermStatus,
)
from concenter.people.models import LocalRole, LocalRoleHolding, Person, Profession


def run_demo() -> DemoContext:
    context = DemoContext(password="demo password 2563", password_was_generated=False)
    for part in demo_parts():
        part.load(context)
        if part.key == "network" and not hasattr(context, "network_people"):
            # The people of the network demo (later parts add registrants, nominees, imports).
            context.network_people = Person.objects.order_by("-pk").values_list("pk", flat=True)[0]
    return context


def snapshot() -> dict:
    return {(r.area_code, r.metric, r.key): r.value for r in Rollup.objects.all() if r.value}


def row_counts() -> dict:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def check_committees(today: datetime.date) -> None:
    minimum, maximum = rules.committee_size_bounds()
    active = CommitteeTerm.objects.filter(status=TermStatus.ACTIVE).select_related("center")
    assert active.count() >= 37
    for term in active:
        assert term.activated_at is not None
        positions = list(term.seats.filter(ends_on__isnull=True).values_list("position", flat=True))
        assert rules.activation_problems(positions) == [], term
        assert 9 <= rules.counted_members(positions) <= 15
        assert minimum <= rules.counted_members(positions) <= maximum
        counts = Counter(positions)
        assert counts[Position.CHAIR] == 1
        assert 1 <= counts[Position.VICE_CHAIR] <= 2
        assert counts[Position.SECRETARY] == 1 and counts[Position.TREASURER] == 1
        open_people = term.seats.filter(ends_on__isnull=True).values_list("person_id", flat=True)
        assert len(open_people) == len(set(open_people)), "one seat per person per term"
        for other in CommitteeTerm.objects.filter(center=term.center).exclude(pk=term.pk):
            assert other.ends_on < term.starts_on or other.starts_on > term.ends_on
    in_force = {t.center_id for t in active if t.starts_on <= today <= t.ends_on}
    all_centers = set(Center.objects.values_list("pk", flat=True))
    assert all_centers - in_force == set(NO_COMMITTEE)


@pytest.mark.slow
@pytest.mark.clock
@pytest.mark.django_db
def test_demo_builds_the_kanchanaburi_network_once():
    """Built relative to whatever today is (terms in force, some ending within 60 and 90 days):
    .ci/run runs it at the turn of the fiscal and the Buddhist-era year and on a leap day."""
    today = timezone.localdate()
    context = run_demo()
    assert "kan.thamakham" in [username for _role, username in context.logins]

    # Centers: the province, the 13 districts, every subdistrict of 7101, 7102, 7103.
    districts = set(
        Area.objects.filter(parent_id="71", level=Level.DISTRICT).values_list("code", flat=True)
    )
    assert len(districts) == 13
    assert set(Center.objects.filter(level="district").values_list("pk", flat=True)) == districts
    assert Center.objects.filter(pk="71", level="province").exists()
    subdistricts = set(
        Area.objects.filter(
            parent_id__in=["7101", "7102", "7103"], level=Level.SUBDISTRICT
        ).values_list("code", flat=True)
    )
    assert set(Center.objects.filter(level="subdistrict").values_list("pk", flat=True)) == (
        subdistricts
    )

    # Committees: every active one keeps the rules; three Bo Phloi centers have none in force.
    check_committees(today)
    assert CommitteeTerm.objects.filter(center_id="710309", status=TermStatus.DRAFT).exists()
    assert not CommitteeTerm.objects.filter(center_id="710305").exists()
    resigned = Seat.objects.get(end_reason=SeatEndReason.RESIGNATION)
    assert resigned.term.center_id == "710104" and resigned.replaced_by.ends_on is None
    assert resigned.replaced_by.position == resigned.position == Position.TREASURER
    assert Seat.objects.filter(position=Position.ADVISOR).exists()
    assert CommitteeTerm.objects.filter(center_id="71").count() == 2

    # The figures the dashboards read.
    province = rollups.area_figures("71", on=today)
    assert province.centers == 1 + 13 + len(subdistricts)
    assert province.centers_with_valid_committee == province.centers - len(NO_COMMITTEE)
    assert province.committees_ending_by(today + datetime.timedelta(days=90)) == len(ENDING_SOON)
    assert province.committees_ending_by(today + datetime.timedelta(days=60)) >= 3

    # Organisations, people, roles, partners.
    assert 250 <= Organization.objects.count() <= 600
    used_types = set(Organization.objects.values_list("type_id", flat=True))
    assert used_types == set(OrganizationType.objects.values_list("code", flat=True))
    for organization in Organization.objects.filter(type__has_registration=True):
        assert organization.registration_number
    assert not Organization.objects.filter(leader__isnull=True).exists()
    assert Organization.objects.filter(members__isnull=False).distinct().count() > 30
    network_people = Person.objects.filter(pk__lte=context.network_people)
    people = network_people.count()
    assert 2200 <= people <= 2800
    with_id = network_people.exclude(national_id_hash=None).count()
    assert 0.4 < with_id / people < 0.6
    assert set(network_people.values_list("profession_id", flat=True)) == set(
        Profession.objects.values_list("code", flat=True)
    )
    titles = Counter(network_people.values_list("gender", "title"))
    assert set(titles) == {("male", "นาย"), ("female", "นาง"), ("female", "นางสาว")}
    roles = set(LocalRoleHolding.objects.values_list("role", flat=True))
    assert roles == set(LocalRole.values)
    assert set(Partner.objects.values_list("kind", flat=True)) == set(PartnerKind.values)
    assert Cooperation.objects.count() >= 10
    editor = User.objects.get(username="kan.thamakham")
    assert RoleAssignment.objects.filter(
        user=editor, role=Role.CENTER_EDITOR, center_code="710104"
    ).exists()

    # The live roll-ups equal a rebuild from the records.
    kept = snapshot()
    rollups.rollup_rebuild()
    assert snapshot() == kept

    # A second run changes nothing.
    counts = row_counts()
    run_demo()
    assert row_counts() == counts
    assert snapshot() == kept


def test_standard_term_contains_today_with_months_to_spare():
    assert standard_term(datetime.date(2026, 11, 25)) == (
        datetime.date(2023, 10, 1),
        datetime.date(2027, 9, 30),
    )
    for day in (datetime.date(2027, 7, 1), datetime.date(2027, 9, 29), datetime.date(2030, 2, 1)):
        starts_on, ends_on = standard_term(day)
        assert starts_on <= day and (ends_on - day).days >= 120

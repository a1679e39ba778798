import csv
import io

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.db import transaction

from concenter.common.thai import latin_fold, romanize_name, thai_sort_key
from concenter.geography.models import Area, Level
from concenter.network.models import (
    Center,
    CommitteeTerm,
    Organization,
    OrganizationType,
    Partner,
    Rollup,
    Seat,
    TermStatus,
)
from concenter.network.rollups import rollup_rebuild
from concenter.network.rules import activation_problems
from concenter.people.models import Person
from concenter.people.services import _latin_key, name_search_key
from concenter.synth.base import SynthRefused, latin_of
from concenter.synth.run import people_digest, synth

pytestmark = pytest.mark.django_db

DISTRICT = "7101"


def _rollups() -> list[tuple]:
    return sorted(Rollup.objects.values_list("area_code", "metric", "key", "value"))


def test_tiny_scale_counts_rules_and_rollups(tmp_path):
    report = synth(scale="tiny", seed=7, out=tmp_path)
    subdistricts = Area.objects.filter(level=Level.SUBDISTRICT, district_code=DISTRICT).count()
    villages = Area.objects.filter(level=Level.VILLAGE, district_code=DISTRICT)
    assert 2 * subdistricts <= villages.count() <= 4 * subdistricts
    assert report.counts["villages"] == villages.count()
    assert all(v.parent_id == v.code[:6] and v.subdistrict_code == v.code[:6] for v in villages)
    assert all(v.sort_key == thai_sort_key(v.name_th) for v in villages)

    people = Person.objects.all()
    assert 30 * subdistricts <= people.count() <= 40 * subdistricts
    assert not people.exclude(district_code=DISTRICT).exists()
    for person in people[:200]:
        assert person.subdistrict_code == person.area_id[:6]
        assert person.name_search == name_search_key(person.given_name, person.family_name)
        assert person.sort_key == thai_sort_key(f"{person.given_name} {person.family_name}")
        assert person.name_latin == _latin_key(person)
    with_id = people.exclude(national_id_hash=None).count()
    assert 0 < with_id < people.count()

    # one center for the province, the district and each subdistrict, each with one active term
    assert Center.objects.count() == subdistricts + 2
    terms = CommitteeTerm.objects.all()
    assert terms.count() == Center.objects.count()
    assert not terms.exclude(status=TermStatus.ACTIVE).exists()
    for term in terms:
        seats = list(Seat.objects.filter(term=term, ends_on__isnull=True))
        assert activation_problems([s.position for s in seats]) == []
        assert len({s.person_id for s in seats}) == len(seats)
        assert all(s.person.province_code == "71" for s in seats)
        assert term.starts_on <= term.ends_on

    organizations = Organization.objects.all()
    assert organizations.count() == report.counts["organizations"] > 0
    assert set(organizations.values_list("type_id", flat=True)) == set(
        OrganizationType.objects.values_list("code", flat=True)
    )
    for organization in organizations[:50]:
        assert organization.name_latin == latin_fold(romanize_name(organization.name))
    assert Partner.objects.filter(province_code="71").count() == 2

    # roll-ups equal a rebuild, and the audit trail has one entry per record
    figures = _rollups()
    assert figures
    rollup_rebuild()
    assert _rollups() == figures
    assert LogEntry.objects.count() >= people.count() + organizations.count()

    # the files hold the same people, with the full fictional IDs
    text = (tmp_path / "people.csv").read_bytes()
    assert text.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert rows[0][:3] == ["คำนำหน้า", "ชื่อ", "นามสกุล"]
    assert len(rows) == people.count() + 1
    assert sum(1 for r in rows[1:] if len(r[7]) == 13) == with_id
    assert (tmp_path / "people.xlsx").stat().st_size > 0


def test_same_seed_same_people():
    digests = []
    for seed in (3, 3, 4):
        with transaction.atomic():
            synth(scale="tiny", seed=seed, audit_writes=False)
            digests.append(people_digest())
            transaction.set_rollback(True)
    assert digests[0] == digests[1] != digests[2]


def test_refuses_a_database_with_people():
    synth(scale="tiny", seed=1, audit_writes=False)
    with pytest.raises(SynthRefused):
        synth(scale="tiny", seed=1, audit_writes=False)
    with pytest.raises(CommandError, match="--force"):
        call_command("synth", "--scale", "tiny", "--seed", "2", stdout=io.StringIO())
    before = Person.objects.count()
    out = io.StringIO()
    call_command("synth", "--scale", "tiny", "--seed", "2", "--force", "--no-audit", stdout=out)
    assert Person.objects.count() > before
    assert "rows/s" in out.getvalue()


def test_latin_of_matches_romanize_name():
    for name in ("สมชาย ใจดี", "กลุ่มออมทรัพย์เพื่อการผลิต บ้านหนองบัว หมู่ที่ 3"):
        assert latin_of(name) == latin_fold(romanize_name(name))


@pytest.mark.clock
def test_activities_serve_missions_and_count_in_the_rollups():
    from django.utils import timezone

    from concenter.activities.models import Activity, ActivityMission
    from concenter.common.thai import fiscal_year_be

    report = synth(scale="tiny", seed=7, audit_writes=False)
    centers = Center.objects.count()
    activities = Activity.objects.all()
    assert 2 * centers <= activities.count() <= 5 * centers
    assert report.counts["activities"] == activities.count()
    for activity in activities[:100]:
        assert activity.fiscal_year == fiscal_year_be(activity.starts_on)
        assert activity.ends_on >= activity.starts_on
        assert activity.spent <= activity.budget
        assert 1 <= activity.missions.count() <= 3
    assert ActivityMission.objects.count() == report.counts["activity missions"]
    figures = _rollups()
    rollup_rebuild()
    assert _rollups() == figures
    today = timezone.localdate()
    years = {fiscal_year_be(today), fiscal_year_be(today) - 1}
    assert Rollup.objects.filter(area_code="TH", metric="activities").exists()
    assert any(
        k.split(":")[0] in {str(y) for y in years}
        for k in Rollup.objects.filter(area_code="TH", metric="activities").values_list(
            "key", flat=True
        )
    )


def test_import_files_hold_new_people_only_and_repeat_by_seed(tmp_path):
    from concenter.synth.run import import_files

    with transaction.atomic():  # the second run starts from the same geography
        first = import_files(
            scale="tiny", seed=9, out=tmp_path / "a", rows=50, xlsx_rows=20, peer_rows=30
        )
        assert not Person.objects.exists()
        assert Area.objects.filter(level=Level.VILLAGE, district_code=DISTRICT).exists()
        transaction.set_rollback(True)
    assert first.counts["file rows"] == 50
    rows = list(csv.reader(io.StringIO((tmp_path / "a" / "people.csv").read_text("utf-8-sig"))))
    peer = list(csv.reader(io.StringIO((tmp_path / "a" / "peer.csv").read_text("utf-8-sig"))))
    assert len(rows) == 51 and peer == rows[:31]
    assert {r[6][:4] for r in rows[1:]} == {DISTRICT}
    names = [(r[1], r[2], r[6][:6]) for r in rows[1:]]
    assert len(set(names)) == len(names)  # unique within a subdistrict: no duplicate warnings
    import_files(scale="tiny", seed=9, out=tmp_path / "b", rows=50, xlsx_rows=20, peer_rows=30)
    a, b = (
        (tmp_path / "a" / "people.csv").read_bytes(),
        (tmp_path / "b" / "people.csv").read_bytes(),
    )
    assert a == b


# Award programmes and the event ----------------------------------------------------------------


def _awards_events_digest() -> str:
    """What the seed decides about the programmes and the event (not their times, ids or
    ticket secrets): nominees, statuses, every score, conflicts, registrants and check-ins."""
    import hashlib

    from concenter.awards.models import Conflict, Nomination, Score
    from concenter.events.models import Registration

    lines = []
    for n in Nomination.objects.order_by("programme__series", "sort_key", "nominee_name"):
        lines.append(f"n|{n.programme.series}|{n.nominee_name}|{n.area_id}|{n.status}|{n.rank}")
    for s in Score.objects.order_by(
        "scorecard__nomination__programme__series",
        "scorecard__nomination__sort_key",
        "scorecard__judge__user__username",
        "criterion__position",
    ).values_list(
        "scorecard__nomination__nominee_name",
        "scorecard__judge__user__username",
        "criterion__position",
        "value",
        "scorecard__version",
    ):
        lines.append(f"s|{s}")
    for c in Conflict.objects.values_list("nomination__nominee_name", "judge__user__username"):
        lines.append(f"c|{c}")
    for r in Registration.objects.order_by("sort_key", "pk").values_list(
        "person__given_name", "person__family_name", "role", "status", "meal", "checkin__method"
    ):
        lines.append(f"r|{r}")
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def _synthetic_parts():
    from concenter.awards.models import Programme
    from concenter.events.models import Event

    judging, results = Programme.objects.order_by("pk")
    return judging, results, Event.objects.get()


def test_tiny_scale_builds_two_judged_programmes_and_an_event():
    from concenter.accounts.models import Role
    from concenter.accounts.scope import has_role
    from concenter.awards.models import (
        Conflict,
        ConflictStatus,
        Nomination,
        NominationStatus,
        ProgrammeStatus,
        Scorecard,
    )
    from concenter.awards.results import programme_results
    from concenter.events import selectors as event_selectors
    from concenter.events.models import CheckIn, Registration, RegistrationStatus
    from concenter.events.services import name_key, without_title
    from concenter.events.tickets import CODE_ALPHABET

    report = synth(scale="tiny", seed=7, audit_writes=False)
    judging, results, event = _synthetic_parts()
    assert (judging.status, results.status) == (ProgrammeStatus.JUDGING, ProgrammeStatus.RESULTS)
    assert report.counts["programmes"] == 2
    for programme in (judging, results):
        assert programme.area_id == DISTRICT and programme.require_in_area
        assert programme.nominations.count() == 50
        assert programme.criteria.count() == 6
        assert all(c.weight > 0 and c.max_score == 10 for c in programme.criteria.all())
        assert all(c.quota == 1 and c.profession_id for c in programme.categories.all())
        panel = list(programme.panel.select_related("user"))
        assert len(panel) == 7
        assert all(has_role(member.user, Role.JUDGE) for member in panel)
        for nomination in programme.nominations.select_related("person", "category")[:50]:
            assert nomination.person.profession_id == nomination.category.profession_id
            assert nomination.area_id == nomination.person.area_id
            assert nomination.subdistrict_code == nomination.person.subdistrict_code
            assert nomination.nominee_name == nomination.person.full_name
            assert nomination.sort_key == thai_sort_key(nomination.person.name_without_title)
        eligible = programme.nominations.filter(status=NominationStatus.ELIGIBLE)
        cards = Scorecard.objects.filter(nomination__programme=programme)
        # every eligible nomination to every judge; nothing else is judged
        assert cards.count() == 7 * eligible.count()
        assert not cards.exclude(nomination__status=NominationStatus.ELIGIBLE).exists()
        for card in cards.prefetch_related("scores"):
            if card.submitted_at is not None:  # a submitted card is complete
                assert card.scores.count() == 6
                assert all(0 <= s.value <= 10 and s.value * 2 % 1 == 0 for s in card.scores.all())
        conflicted = Conflict.objects.filter(nomination__programme=programme)
        assert not conflicted.exclude(status=ConflictStatus.CONFIRMED).exists()
        for conflict in conflicted:
            card = cards.get(nomination=conflict.nomination, judge=conflict.judge)
            assert card.submitted_at is None and not card.scores.exists()
        outcome = programme_results(programme)
        assert outcome.results.rows and outcome.results.selected
        assert len(outcome.results.selected) <= programme.total_quota

    # the programme in results holds what the engine computes now, as the service stores it
    outcome = programme_results(results)
    shown = {row.nomination_id: row for row in outcome.results.rows + outcome.results.not_rankable}
    for nomination in Nomination.objects.filter(programme=results):
        row = shown.get(nomination.pk)
        assert nomination.rank == (row.rank if row else None)
        assert nomination.final_score == (row.final_score if row else None)
        assert nomination.selected == bool(row and row.selected)
    assert not Nomination.objects.filter(programme=judging).exclude(rank=None).exists()

    registrations = Registration.objects.filter(event=event).select_related("person")
    assert registrations.count() == report.counts["registrations"] == 50
    confirmed = registrations.filter(status=RegistrationStatus.CONFIRMED)
    assert confirmed.count() <= event.capacity
    if registrations.filter(status=RegistrationStatus.WAITLISTED).exists():
        assert confirmed.count() == event.capacity  # a line only when every seat is taken
    assert len({r.person_id for r in registrations}) == 50
    assert len({r.code for r in registrations}) == 50
    for registration in registrations:
        assert len(registration.code) == 8 and set(registration.code) <= set(CODE_ALPHABET)
        assert len(registration.ticket_secret) >= 20 and len(registration.link_secret) >= 20
        bare = without_title(registration.person.name_without_title)
        assert registration.name_search == name_key(bare)
        assert registration.sort_key == thai_sort_key(bare)
        assert registration.district_code == registration.person.district_code
        if registration.status == RegistrationStatus.CANCELLED:
            assert registration.cancelled_at and registration.cancel_reason
    checkins = CheckIn.objects.filter(event=event)
    assert checkins.count() > 0
    assert not checkins.exclude(registration__status=RegistrationStatus.CONFIRMED).exists()
    figures = event_selectors.attendance(event=event)
    assert figures.registered == confirmed.count()
    assert figures.attended == checkins.count()
    assert figures.cancelled == registrations.filter(status=RegistrationStatus.CANCELLED).count()


def test_same_seed_same_programmes_and_event():
    digests = []
    for seed in (5, 5, 6):
        with transaction.atomic():
            synth(scale="tiny", seed=seed, audit_writes=False)
            digests.append(_awards_events_digest())
            transaction.set_rollback(True)
    assert digests[0] == digests[1] != digests[2]


def test_only_adds_the_programmes_and_the_event_to_a_network_built_before(monkeypatch):
    from concenter.awards.models import Programme, Score
    from concenter.events.models import Event, Registration
    from concenter.synth import events_awards

    monkeypatch.setattr(events_awards, "PARTS", ())  # the network as built before them
    synth(scale="tiny", seed=3)
    assert not Programme.objects.exists() and not Event.objects.exists()
    monkeypatch.undo()
    people = Person.objects.count()
    out = io.StringIO()
    call_command("synth", "--scale", "tiny", "--seed", "3", "--only", "awards,events", stdout=out)
    assert Person.objects.count() == people
    assert Programme.objects.count() == 2 and Event.objects.count() == 1
    assert Registration.objects.count() == 50
    assert "scores" in out.getvalue() and "rows/s" in out.getvalue()
    # each score has its audit entry
    assert LogEntry.objects.get_for_model(Score).count() == Score.objects.count()
    with pytest.raises(CommandError, match="already exist"):
        call_command("synth", "--scale", "tiny", "--only", "awards", stdout=io.StringIO())
    with pytest.raises(CommandError, match="--only"):
        call_command("synth", "--scale", "tiny", "--only", "plaques", stdout=io.StringIO())
    # a full run with --force keeps the network growing but builds the parts only once
    synth(scale="tiny", seed=4, force=True, audit_writes=False)
    assert Programme.objects.count() == 2 and Event.objects.count() == 1


def test_only_refuses_a_database_without_people():
    with pytest.raises(SynthRefused, match="No people"):
        synth(scale="tiny", seed=1, only=["awards"])


def test_the_pages_of_a_synthetic_programme_and_event_render(
    national_admin, django_assert_max_num_queries
):
    from tests.conftest import client_for

    synth(scale="tiny", seed=7, audit_writes=False)
    judging, results, event = _synthetic_parts()
    nominee = results.nominations.filter(selected=True).first()
    client = client_for(national_admin)
    client.get("/")  # the session's first request saves it
    for url, limit in (
        (f"/awards/{judging.pk}/", 25),
        (f"/awards/{judging.pk}/nominations/", 25),
        (f"/awards/{judging.pk}/progress/", 25),
        (f"/awards/{results.pk}/results/", 25),
        (f"/awards/{results.pk}/results/nominations/{nominee.pk}/", 25),
        (f"/people/{nominee.person_id}/", 40),
        (f"/events/{event.pk}/manage/", 16),
        (f"/events/{event.pk}/registrations/", 16),
        (f"/events/{event.pk}/attendance/", 14),
        (f"/events/{event.pk}/door/", 16),
        (f"/events/{event.pk}/", 14),
    ):
        with django_assert_max_num_queries(limit):
            response = client.get(url)
        assert response.status_code == 200, url
    # the door's live counts read the registrations: the figures of the stored rows
    from concenter.events.models import CheckIn, RegistrationStatus

    with django_assert_max_num_queries(8):
        response = client.get(f"/events/{event.pk}/counts/?full=1")
    assert response.status_code == 200
    page = response.content.decode()
    confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    assert str(confirmed) in page
    assert str(CheckIn.objects.filter(event=event).count()) in page

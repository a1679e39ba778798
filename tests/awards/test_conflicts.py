"""Likely conflicts of interest flagged from the registry when judging opens, which the judge must
confirm or dismiss before scoring."""

import pytest
from django.core.exceptions import ValidationError

from concenter.awards import services
from concenter.awards.models import Conflict, ConflictKind, ConflictStatus, Programme
from concenter.awards.results import programme_results
from concenter.geography.services import village_create
from concenter.network import services as network
from concenter.network.models import Position
from tests.awards import helpers as h
from tests.network.helpers import draft_committee

pytestmark = pytest.mark.django_db


def judging(officer, nominee, judge_person, *, extra_judges=0):
    """A programme of province 71 in judging: `nominee` nominated, one judge naming
    `judge_person` as their registry record (and `extra_judges` without one)."""
    programme = h.programme(officer, criteria=(("ผลงาน", "1", "10"),))
    h.to_screening(officer, programme)
    nomination = h.nominate(officer, programme, nominee)
    h.close(officer, programme)
    h.screen_all(officer, programme)
    judge = h.judge()
    services.panel_member_add(
        actor=officer,
        programme_id=programme.pk,
        user_id=judge.pk,
        person_id=judge_person.pk if judge_person else None,
    )
    others = [h.judge() for _ in range(extra_judges)]
    h.add_panel(officer, programme, others)
    services.programme_judging_start(actor=officer, programme_id=programme.pk)
    return Programme.objects.get(pk=programme.pk), nomination, judge, others


def kinds(nomination) -> set[str]:
    return set(Conflict.objects.filter(nomination=nomination).values_list("kind", flat=True))


def test_judge_and_nominee_on_the_same_committee_are_flagged(national_admin):
    network.center_create(actor=national_admin, area_code="710104")
    _term, seats = draft_committee(national_admin)
    nominee, judge_person = seats[1].person, seats[2].person
    _programme, nomination, _judge, _ = judging(national_admin, nominee, judge_person)
    assert ConflictKind.COMMITTEE in kinds(nomination)
    assert "ศูนย์ประสานงานองค์การชุมชนตำบลท่ามะขาม" in Conflict.objects.get(kind="committee").detail


def test_members_of_the_same_organisation_are_flagged(national_admin):
    nominee, judge_person = h.person(national_admin), h.person(national_admin, "710101")
    organization = network.organization_create(
        actor=national_admin, area_code="710104", type_code="savings_group", name="กลุ่มออมทรัพย์บ้านใหม่"
    )
    for person in (nominee, judge_person):
        network.organization_member_add(
            actor=national_admin, organization_id=organization.pk, person_id=person.pk
        )
    _programme, nomination, _judge, _ = judging(national_admin, nominee, judge_person)
    assert kinds(nomination) == {ConflictKind.ORGANIZATION}


def test_neighbours_of_the_same_village_are_flagged(national_admin):
    village = village_create(
        actor=national_admin, subdistrict_code="710104", number=7, name_th="บ้านทุ่ง"
    )
    nominee = h.person(national_admin, village.code)
    judge_person = h.person(national_admin, village.code)
    _programme, nomination, _judge, _ = judging(national_admin, nominee, judge_person)
    assert kinds(nomination) == {ConflictKind.VILLAGE}


def test_the_same_family_name_in_the_same_subdistrict_is_flagged_and_elsewhere_not(national_admin):
    nominee = h.person(national_admin, "710104", family_name="ศรีสุข")
    relative = h.person(national_admin, "710104", family_name="ศรีสุข")
    namesake = h.person(national_admin, "710101", family_name="ศรีสุข")
    _p, nomination, _j, _ = judging(national_admin, nominee, relative)
    assert kinds(nomination) == {ConflictKind.FAMILY_NAME}
    _p, other, _j, _ = judging(
        national_admin, h.person(national_admin, "710104", family_name="ศรีสุข"), namesake
    )
    assert kinds(other) == set()


def test_a_judge_without_a_registry_record_is_never_flagged(national_admin):
    nominee = h.person(national_admin, family_name="ศรีสุข")
    _programme, nomination, _judge, _ = judging(national_admin, nominee, None)
    assert kinds(nomination) == set()


def test_the_judge_confirms_or_dismisses_a_flag_before_scoring(national_admin):
    nominee = h.person(national_admin, family_name="ศรีสุข")
    relative = h.person(national_admin, family_name="ศรีสุข")
    _programme, nomination, judge, (other,) = judging(
        national_admin, nominee, relative, extra_judges=1
    )
    flag = Conflict.objects.get(nomination=nomination)
    assert flag.status == ConflictStatus.PENDING
    with pytest.raises(ValidationError) as error:
        h.score(judge, nomination, ["8"])
    assert "confirm or dismiss" in error.value.message_dict["scores"][0]
    with pytest.raises(ValidationError) as error:
        services.conflict_decide(actor=judge, conflict_id=flag.pk, confirm=False, note="")
    assert "note" in error.value.message_dict
    # Another judge cannot answer it (404).
    from concenter.common.errors import NotFoundOrOutOfScope

    with pytest.raises(NotFoundOrOutOfScope):
        services.conflict_decide(actor=other, conflict_id=flag.pk, confirm=True)
    services.conflict_decide(actor=judge, conflict_id=flag.pk, confirm=False, note="ไม่ใช่ญาติกัน")
    h.score(judge, nomination, ["8"])
    with pytest.raises(ValidationError):
        services.conflict_decide(actor=judge, conflict_id=flag.pk, confirm=True)


def test_a_confirmed_flag_keeps_the_judge_out_of_the_results(national_admin):
    nominee = h.person(national_admin, family_name="ศรีสุข")
    relative = h.person(national_admin, family_name="ศรีสุข")
    programme, nomination, judge, (other,) = judging(
        national_admin, nominee, relative, extra_judges=1
    )
    flag = Conflict.objects.get(nomination=nomination)
    services.conflict_decide(actor=judge, conflict_id=flag.pk, confirm=True)
    with pytest.raises(ValidationError):
        h.score(judge, nomination, ["10"])
    h.score(other, nomination, ["6"])
    services.programme_results_compute(
        actor=national_admin, programme_id=programme.pk, allow_incomplete=True
    )
    outcome = programme_results(Programme.objects.get(pk=programme.pk))
    assert outcome.row_of(nomination.pk).scorecard_count == 1
    assert outcome.results.ignored_conflicted == 1


def test_an_advisor_seat_counts_as_the_same_committee(national_admin):
    network.center_create(actor=national_admin, area_code="710104")
    term, seats = draft_committee(national_admin)
    advisor = network.seat_add(
        actor=national_admin,
        term_id=term.pk,
        person_id=h.person(national_admin).pk,
        position=Position.ADVISOR,
    )
    _programme, nomination, _judge, _ = judging(national_admin, seats[0].person, advisor.person)
    assert ConflictKind.COMMITTEE in kinds(nomination)

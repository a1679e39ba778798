"""The services of the awards app: programmes, nominations, screening, judging, conflicts and the
moves between states. Bad input is refused with a message naming the field, and nothing changes."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from concenter.accounts.models import Role
from concenter.awards import services
from concenter.awards.models import (
    Conflict,
    ConflictStatus,
    Evidence,
    Nomination,
    NominationSource,
    NominationStatus,
    Programme,
    ProgrammeStatus,
    Score,
    Scorecard,
)
from concenter.common.errors import NotFoundOrOutOfScope, StaleVersion
from concenter.people.models import Person
from concenter.people.services import PersonData
from tests.awards import helpers as h
from tests.conftest import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def messages(error: ValidationError) -> dict:
    return error.value.message_dict


# Programmes -------------------------------------------------------------------------------------


def test_programme_is_drafted_for_an_area_the_officer_changes(province_officer):
    programme = h.programme(province_officer, area_code="71")
    assert (programme.status, programme.area_id, programme.province_code) == ("draft", "71", "71")
    assert programme.created_by == province_officer


def test_programme_outside_the_officers_area_is_not_found(district_officer):
    with pytest.raises(NotFoundOrOutOfScope):
        h.programme(district_officer, area_code="7102")
    assert not Programme.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "  "}, "title"),
        ({"year": "ปีนี้"}, "year"),
        ({"series": "Outstanding Developer"}, "series"),
        ({"min_scorecards": 0}, "min_scorecards"),
        ({"total_quota": -1}, "total_quota"),
        ({"winner_cooldown_years": 3}, "series"),
    ],
    ids=[
        "empty-title",
        "year-not-a-number",
        "series-not-a-slug",
        "no-scorecards",
        "negative-quota",
        "cooldown-without-series",
    ],
)
def test_programme_settings_are_checked_field_by_field(province_officer, changes, field):
    with pytest.raises(ValidationError) as error:
        h.programme(province_officer, **changes)
    assert field in messages(error)
    assert not Programme.objects.exists()


def test_nominations_must_close_after_they_open(province_officer):
    now = timezone.now()
    with pytest.raises(ValidationError) as error:
        h.programme(
            province_officer,
            nominations_open_at=now,
            nominations_close_at=now - datetime.timedelta(1),
        )
    assert "nominations_close_at" in messages(error)


def test_year_in_the_buddhist_era_is_stored_in_the_common_era(province_officer):
    assert h.programme(province_officer, year=2563).year == 2020


def test_programme_cannot_open_without_a_criterion(province_officer):
    programme = h.programme(province_officer, criteria=())
    with pytest.raises(ValidationError) as error:
        services.programme_open(actor=province_officer, programme_id=programme.pk)
    assert "criterion" in " ".join(messages(error)["status"])
    assert Programme.objects.get(pk=programme.pk).status == ProgrammeStatus.DRAFT


def test_a_stale_version_is_refused(province_officer):
    programme = h.programme(province_officer)
    services.programme_update(
        actor=province_officer, programme_id=programme.pk, expected_version=1, title="ชื่อใหม่"
    )
    with pytest.raises(StaleVersion):
        services.programme_update(
            actor=province_officer, programme_id=programme.pk, expected_version=1, title="อีกชื่อ"
        )
    assert Programme.objects.get(pk=programme.pk).title == "ชื่อใหม่"


def test_area_and_kind_change_only_in_draft(province_officer):
    programme = h.to_screening(province_officer, h.programme(province_officer))
    programme.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.programme_update(
            actor=province_officer,
            programme_id=programme.pk,
            expected_version=programme.version,
            area_code="7101",
            nominee_kind="organization",
        )
    assert {"area_code", "nominee_kind"} <= set(messages(error))
    assert Programme.objects.get(pk=programme.pk).area_id == "71"


def test_criteria_panel_and_quotas_are_frozen_once_judging_opens(province_officer):
    programme, _nominations, _judges = _judging(province_officer)
    category = programme.categories.first()
    attempts = [
        lambda: services.criterion_add(
            actor=province_officer, programme_id=programme.pk, name="ใหม่", weight=1, max_score=5
        ),
        lambda: services.criterion_remove(
            actor=province_officer, criterion_id=programme.criteria.first().pk
        ),
        lambda: services.panel_member_add(
            actor=province_officer, programme_id=programme.pk, user_id=h.judge().pk
        ),
        lambda: services.panel_member_remove(
            actor=province_officer, member_id=programme.panel.first().pk
        ),
        lambda: services.category_update(actor=province_officer, category_id=category.pk, quota=5),
        lambda: services.programme_update(
            actor=province_officer,
            programme_id=programme.pk,
            expected_version=None,
            total_quota=9,
        ),
        lambda: services.programme_update(
            actor=province_officer, programme_id=programme.pk, expected_version=None, normalize=True
        ),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError):
            attempt()
    programme.refresh_from_db()
    assert programme.criteria.count() == 2
    assert programme.panel.count() == 3
    assert (programme.total_quota, programme.normalize) == (3, False)
    # What the plaques print may still change.
    services.programme_update(
        actor=province_officer,
        programme_id=programme.pk,
        expected_version=None,
        plaque_heading="ศูนย์ประสานงานองค์การชุมชนจังหวัด",
    )


@pytest.mark.parametrize(
    ("weight", "maximum", "field"),
    [
        ("0", "10", "weight"),
        ("-1", "10", "weight"),
        ("หนึ่ง", "10", "weight"),
        ("1", "7.3", "max_score"),
        ("1", "0", "max_score"),
    ],
    ids=[
        "zero-weight",
        "negative-weight",
        "weight-not-a-number",
        "maximum-not-half-points",
        "zero-maximum",
    ],
)
def test_criterion_weight_and_maximum_are_checked(province_officer, weight, maximum, field):
    programme = h.programme(province_officer, criteria=())
    with pytest.raises(ValidationError) as error:
        services.criterion_add(
            actor=province_officer,
            programme_id=programme.pk,
            name="ผลงาน",
            weight=weight,
            max_score=maximum,
        )
    assert field in messages(error)
    assert not programme.criteria.exists()


def test_a_profession_category_takes_the_professions_name_once(province_officer):
    programme = h.programme(province_officer)
    category = services.category_add(
        actor=province_officer, programme_id=programme.pk, profession_code="farmer", quota=2
    )
    assert (category.name, category.quota) == ("เกษตรกร", 2)
    with pytest.raises(ValidationError) as error:
        services.category_add(
            actor=province_officer, programme_id=programme.pk, profession_code="farmer"
        )
    assert "profession_code" in messages(error)


def test_a_category_in_use_cannot_be_removed(province_officer):
    programme = h.programme(province_officer, categories=(("farmer", 1),))
    h.to_screening(province_officer, programme)
    h.nominate(
        province_officer, programme, h.person(province_officer), category=programme.categories.get()
    )
    with pytest.raises(ValidationError):
        services.category_remove(actor=province_officer, category_id=programme.categories.get().pk)
    assert programme.categories.count() == 1


def test_only_users_with_the_judge_role_sit_on_the_panel(province_officer, viewer):
    programme = h.programme(province_officer)
    with pytest.raises(ValidationError) as error:
        services.panel_member_add(
            actor=province_officer, programme_id=programme.pk, user_id=viewer.pk
        )
    assert "username" in messages(error)
    judge = h.judge("panel.judge")
    services.panel_member_add(
        actor=province_officer, programme_id=programme.pk, username="panel.judge"
    )
    with pytest.raises(ValidationError):
        services.panel_member_add(
            actor=province_officer, programme_id=programme.pk, user_id=judge.pk
        )
    assert programme.panel.count() == 1


def test_at_most_three_signatories_fit_on_a_plaque(province_officer):
    programme = h.programme(province_officer)
    with pytest.raises(ValidationError) as error:
        services.signatories_set(
            actor=province_officer,
            programme_id=programme.pk,
            signatories=[(f"นาย ก{i}", "ตำแหน่ง") for i in range(4)],
        )
    assert "signatories" in messages(error)
    with pytest.raises(ValidationError):
        services.signatories_set(
            actor=province_officer, programme_id=programme.pk, signatories=[("นาย ก", "")]
        )
    services.signatories_set(
        actor=province_officer, programme_id=programme.pk, signatories=[("นาย ก", "ประธาน")]
    )
    assert programme.signatories.count() == 1


def test_emblem_must_be_an_image(province_officer):
    programme = h.programme(province_officer)
    with pytest.raises(ValidationError) as error:
        services.programme_emblem_set(
            actor=province_officer, programme_id=programme.pk, upload=h.pdf()
        )
    assert "emblem" in messages(error)
    services.programme_emblem_set(actor=province_officer, programme_id=programme.pk, upload=h.png())
    stored = Programme.objects.get(pk=programme.pk).emblem
    assert stored.startswith("awards/emblems/") and default_storage.exists(stored)


# Nominations ------------------------------------------------------------------------------------


def _open(officer, **settings):
    programme = h.programme(officer, **settings)
    h.to_screening(officer, programme)
    return Programme.objects.get(pk=programme.pk)


def test_officer_nominates_a_person_of_the_area(province_officer):
    programme = _open(province_officer)
    person = h.person(province_officer, "710104")
    nomination = h.nominate(province_officer, programme, person, statement="ทำงาน\n\nเพื่อชุมชน")
    assert nomination.nominee_name == person.full_name
    assert (nomination.area_id, nomination.source) == ("710104", NominationSource.OFFICER)
    assert nomination.statement == "ทำงาน\n\nเพื่อชุมชน"
    assert nomination.status == NominationStatus.SUBMITTED


def test_nomination_after_closing_time_is_refused_and_nothing_changes(province_officer):
    programme = _open(province_officer)
    person = h.person(province_officer)
    later = programme.nominations_close_at + datetime.timedelta(seconds=1)
    with pytest.raises(ValidationError) as error:
        services.nomination_create(
            actor=province_officer,
            programme_id=programme.pk,
            person_id=person.pk,
            statement="ผลงาน",
            now=later,
        )
    assert "closed" in messages(error)["programme"][0]
    assert not Nomination.objects.exists()


def test_nomination_before_opening_or_in_draft_is_refused(province_officer):
    programme = h.programme(province_officer)
    person = h.person(province_officer)
    with pytest.raises(ValidationError):
        h.nominate(province_officer, programme, person)
    services.programme_open(actor=province_officer, programme_id=programme.pk)
    early = programme.nominations_open_at - datetime.timedelta(hours=1)
    with pytest.raises(ValidationError) as error:
        services.nomination_create(
            actor=province_officer,
            programme_id=programme.pk,
            person_id=person.pk,
            statement="ก",
            now=early,
        )
    assert "programme" in messages(error)
    assert not Nomination.objects.exists()


def test_nominee_outside_the_area_is_refused_and_nothing_changes(national_admin):
    programme = _open(national_admin, area_code="7101")
    outsider = h.person(national_admin, "710201")
    with pytest.raises(ValidationError) as error:
        h.nominate(national_admin, programme, outsider)
    assert "outside the programme's area" in messages(error)["person_id"][0]
    assert not Nomination.objects.exists()


def test_a_new_person_outside_the_area_is_not_registered(national_admin):
    programme = _open(national_admin, area_code="7101")
    people = Person.objects.count()
    with pytest.raises(ValidationError) as error:
        services.nomination_create(
            actor=national_admin,
            programme_id=programme.pk,
            new_person=PersonData(given_name="สมใจ", family_name="นอกเขต"),
            new_person_area_code="720101",
            statement="ผลงาน",
        )
    assert "new_person_area_code" in messages(error)
    assert Person.objects.count() == people


def test_a_new_person_is_registered_through_the_people_services(district_officer):
    programme = _open(district_officer, area_code="7101")
    nomination = services.nomination_create(
        actor=district_officer,
        programme_id=programme.pk,
        new_person=PersonData(given_name="สมใจ", family_name="รักถิ่น", title="นาง"),
        new_person_area_code="710104",
        statement="ผลงาน",
    )
    person = Person.objects.get(pk=nomination.person_id)
    assert (person.full_name, person.area_id, person.name_search) == (
        "นางสมใจ รักถิ่น",
        "710104",
        "สมใจรักถิ่น",
    )
    assert LogEntry.objects.get_for_object(person).exists()


def test_a_nominee_the_nominator_cannot_read_is_unknown(district_officer, national_admin):
    programme = _open(national_admin, area_code="71")
    other = h.person(national_admin, "710201")
    with pytest.raises(ValidationError) as error:
        h.nominate(district_officer, programme, other)
    assert messages(error)["person_id"] == ["Unknown person."]


def test_the_same_nominee_is_not_nominated_twice(province_officer):
    programme = _open(province_officer)
    person = h.person(province_officer)
    h.nominate(province_officer, programme, person)
    with pytest.raises(ValidationError) as error:
        h.nominate(province_officer, programme, person)
    assert "already nominated" in messages(error)["person_id"][0]


def test_a_center_editor_nominates_people_of_their_center(national_admin):
    editor = make_user("editor.710104", Role.CENTER_EDITOR, center_code="710104")
    programme = _open(national_admin, area_code="71")
    nomination = h.nominate(editor, programme, h.person(national_admin, "710104"))
    assert nomination.source == NominationSource.CENTER
    with pytest.raises(ValidationError):
        h.nominate(editor, programme, h.person(national_admin, "710101"))


def test_viewers_and_judges_do_not_reach_the_nominating_door(national_admin, viewer):
    programme = _open(national_admin, area_code="71")
    person = h.person(national_admin)
    for user in (viewer, h.judge()):
        with pytest.raises(NotFoundOrOutOfScope):
            h.nominate(user, programme, person)
    assert not Nomination.objects.exists()


def test_a_category_is_required_when_the_programme_has_categories(province_officer):
    programme = _open(province_officer, categories=(("farmer", 1),))
    with pytest.raises(ValidationError) as error:
        h.nominate(province_officer, programme, h.person(province_officer))
    assert "category_id" in messages(error)


def test_an_executable_renamed_pdf_is_refused_and_nothing_is_stored(province_officer, tmp_path):
    programme = _open(province_officer)
    person = h.person(province_officer)
    executable = SimpleUploadedFile("evidence.pdf", b"MZ\x90\x00\x03" + b"\x00" * 300)
    with pytest.raises(ValidationError) as error:
        services.nomination_create(
            actor=province_officer,
            programme_id=programme.pk,
            person_id=person.pk,
            statement="ผลงาน",
            evidence=[h.pdf(), executable],
        )
    assert "evidence.pdf" in messages(error)["evidence"][0]
    assert not Nomination.objects.exists()
    assert not Evidence.objects.exists()
    assert not (tmp_path / "media").exists()


class _Huge:
    """A 200 MB upload as Django hands it over (its size known); reading it is a failure."""

    name = "scan.pdf"
    size = 200 * 1024 * 1024

    def read(self, *_args):
        raise AssertionError("a file over the limit must be refused before it is read")

    def seek(self, *_args):
        raise AssertionError("a file over the limit must be refused before it is read")


def test_evidence_of_200_megabytes_is_refused_before_it_is_read(province_officer):
    programme = _open(province_officer)
    nomination = h.nominate(province_officer, programme, h.person(province_officer))
    with pytest.raises(ValidationError) as error:
        services.evidence_add(actor=province_officer, nomination_id=nomination.pk, upload=_Huge())
    assert "200" in messages(error)["evidence"][0] and "10 MB" in messages(error)["evidence"][0]
    assert not Evidence.objects.exists()


def test_evidence_is_stored_under_a_generated_name(province_officer):
    programme = _open(province_officer)
    nomination = h.nominate(province_officer, programme, h.person(province_officer))
    evidence = services.evidence_add(
        actor=province_officer, nomination_id=nomination.pk, upload=h.pdf("../../etc/passwd.pdf")
    )
    assert evidence.kind == "pdf" and evidence.file.startswith(f"awards/evidence/{programme.pk}/")
    assert ".." not in evidence.file and default_storage.exists(evidence.file)
    photo = services.evidence_add(
        actor=province_officer, nomination_id=nomination.pk, upload=h.png()
    )
    assert photo.kind == "image"


def test_at_most_ten_evidence_files(province_officer):
    programme = _open(province_officer)
    nomination = h.nominate(province_officer, programme, h.person(province_officer))
    for _ in range(10):
        services.evidence_add(actor=province_officer, nomination_id=nomination.pk, upload=h.pdf())
    with pytest.raises(ValidationError):
        services.evidence_add(actor=province_officer, nomination_id=nomination.pk, upload=h.pdf())
    assert nomination.evidence.count() == 10


def test_the_nominator_edits_while_open_and_a_manager_keeps_the_citation(national_admin):
    editor = make_user("editor.710104", Role.CENTER_EDITOR, center_code="710104")
    programme = _open(national_admin, area_code="71")
    nomination = h.nominate(editor, programme, h.person(national_admin, "710104"))
    services.nomination_update(
        actor=editor, nomination_id=nomination.pk, expected_version=None, statement="ผลงานใหม่"
    )
    h.close(national_admin, programme)
    with pytest.raises(NotFoundOrOutOfScope):
        services.nomination_update(
            actor=editor, nomination_id=nomination.pk, expected_version=None, statement="อีก"
        )
    services.nomination_update(
        actor=national_admin, nomination_id=nomination.pk, expected_version=None, citation="ผู้อุทิศตน"
    )
    assert Nomination.objects.get(pk=nomination.pk).citation == "ผู้อุทิศตน"


def test_withdrawal_needs_a_reason(province_officer):
    programme = _open(province_officer)
    nomination = h.nominate(province_officer, programme, h.person(province_officer))
    with pytest.raises(ValidationError):
        services.nomination_withdraw(actor=province_officer, nomination_id=nomination.pk, reason="")
    services.nomination_withdraw(actor=province_officer, nomination_id=nomination.pk, reason="ซ้ำ")
    assert Nomination.objects.get(pk=nomination.pk).status == NominationStatus.WITHDRAWN


# The public form --------------------------------------------------------------------------------


def _public(programme, **changes):
    values = {
        "programme_id": programme.pk,
        "nominee_name": "นางบุญมี ใจดี",
        "nominee_area_code": "710104",
        "statement": "ดูแลผู้สูงอายุในหมู่บ้าน",
        "nominator_name": "นายสมชาย ชาวบ้าน",
        "nominator_phone": "081-234-5678",
        "client_address": "203.0.113.5",
        **changes,
    }
    return services.nomination_submit_public(**values)


def test_a_public_nomination_waits_to_be_linked_to_the_registry(province_officer):
    programme = _open(province_officer, public_nominations=True)
    nomination = _public(programme)
    assert (nomination.source, nomination.linked, nomination.nominator_user) == (
        "public",
        False,
        None,
    )
    h.close(province_officer, programme)
    with pytest.raises(ValidationError) as error:
        services.nomination_screen(
            actor=province_officer,
            nomination_id=nomination.pk,
            eligible=True,
            confirm_unchecked=True,
        )
    assert "Link" in " ".join(messages(error)["eligible"])
    person = h.person(province_officer, "710104")
    services.nomination_link(
        actor=province_officer, nomination_id=nomination.pk, person_id=person.pk
    )
    services.nomination_screen(
        actor=province_officer, nomination_id=nomination.pk, eligible=True, confirm_unchecked=True
    )
    nomination.refresh_from_db()
    assert (nomination.person_id, nomination.nominee_name, nomination.status) == (
        person.pk,
        person.full_name,
        NominationStatus.ELIGIBLE,
    )


def test_the_public_cannot_nominate_where_the_programme_does_not_allow_it(province_officer):
    programme = _open(province_officer, public_nominations=False)
    with pytest.raises(NotFoundOrOutOfScope):
        _public(programme)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"nominee_name": ""}, "nominee_name"),
        ({"nominee_area_code": "720101"}, "nominee_area_code"),
        ({"nominee_area_code": "71"}, "nominee_area_code"),
        ({"nominator_phone": "", "nominator_email": ""}, "nominator_phone"),
        ({"nominator_email": "not-an-address"}, "nominator_email"),
        ({"statement": ""}, "statement"),
    ],
    ids=[
        "no-name",
        "outside-the-area",
        "not-a-subdistrict",
        "no-contact",
        "bad-email",
        "no-statement",
    ],
)
def test_public_nominations_are_checked(province_officer, changes, field):
    programme = _open(province_officer, public_nominations=True)
    with pytest.raises(ValidationError) as error:
        _public(programme, **changes)
    assert field in messages(error)
    assert not Nomination.objects.exists()


def test_public_nominations_are_rate_limited_per_connection(province_officer, settings):
    programme = _open(province_officer, public_nominations=True)
    for index in range(5):
        _public(programme, nominee_name=f"ผู้ถูกเสนอ {index}")
    with pytest.raises(ValidationError) as error:
        _public(programme, nominee_name="คนที่หก")
    assert "__all__" in messages(error)
    assert Nomination.objects.count() == 5
    _public(programme, nominee_name="จากที่อื่น", client_address="198.51.100.7")
    assert Nomination.objects.count() == 6


# Screening --------------------------------------------------------------------------------------


def test_eligible_needs_every_question_answered_yes(province_officer):
    programme = _open(province_officer)
    question = services.eligibility_check_add(
        actor=province_officer, programme_id=programme.pk, question="ทำงานมา 5 ปี?"
    )
    nomination = h.nominate(province_officer, programme, h.person(province_officer))
    h.close(province_officer, programme)
    for answers in (None, {question.pk: "no"}):
        with pytest.raises(ValidationError) as error:
            services.nomination_screen(
                actor=province_officer,
                nomination_id=nomination.pk,
                eligible=True,
                answers=answers,
            )
        assert "ทำงานมา 5 ปี?" in " ".join(messages(error)["eligible"])
    services.nomination_screen(
        actor=province_officer,
        nomination_id=nomination.pk,
        eligible=True,
        answers={question.pk: "yes"},
    )
    assert Nomination.objects.get(pk=nomination.pk).check_answers == {str(question.pk): True}


def test_rules_the_data_cannot_check_must_be_confirmed(province_officer):
    programme = _open(province_officer, minimum_age=20)
    nomination = h.nominate(
        province_officer, programme, h.person(province_officer)
    )  # no birth year
    h.close(province_officer, programme)
    with pytest.raises(ValidationError) as error:
        services.nomination_screen(
            actor=province_officer, nomination_id=nomination.pk, eligible=True
        )
    assert "Confirm" in " ".join(messages(error)["eligible"])
    services.nomination_screen(
        actor=province_officer, nomination_id=nomination.pk, eligible=True, confirm_unchecked=True
    )
    assert Nomination.objects.get(pk=nomination.pk).unchecked_confirmed


def test_an_under_age_nominee_cannot_be_eligible_and_is_ruled_out_with_the_failing_rule(
    province_officer,
):
    programme = _open(province_officer, minimum_age=30, year=2025)
    young = h.person(province_officer, birth_year=2000)
    nomination = h.nominate(province_officer, programme, young)
    h.close(province_officer, programme)
    with pytest.raises(ValidationError):
        services.nomination_screen(
            actor=province_officer,
            nomination_id=nomination.pk,
            eligible=True,
            confirm_unchecked=True,
        )
    services.nomination_screen(actor=province_officer, nomination_id=nomination.pk, eligible=False)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.INELIGIBLE
    assert "30" in nomination.screening_reason


def test_a_winner_of_the_series_in_the_cooldown_years_cannot_be_eligible(province_officer):
    earlier, nominations, _judges = _judging(province_officer, series="dev-71", year=2022)
    for judge in _judges:
        for index, nomination in enumerate(nominations):
            h.score(judge, nomination, [8 - index, 8])
    services.programme_results_compute(actor=province_officer, programme_id=earlier.pk)
    services.programme_publish(actor=province_officer, programme_id=earlier.pk)
    winner = Nomination.objects.filter(programme=earlier, selected=True).first()
    later = _open(province_officer, series="dev-71", year=2024, winner_cooldown_years=3)
    nomination = h.nominate(province_officer, later, winner.person)
    h.close(province_officer, later)
    with pytest.raises(ValidationError) as error:
        services.nomination_screen(
            actor=province_officer,
            nomination_id=nomination.pk,
            eligible=True,
            confirm_unchecked=True,
        )
    assert "2565" in " ".join(messages(error)["eligible"])


# Judging ----------------------------------------------------------------------------------------


def _judging(officer, *, judges=3, nominees=4, **settings):
    programme = h.programme(
        officer, categories=(("farmer", 1), ("teacher", 1)), total_quota=3, **settings
    )
    categories = list(programme.categories.all())
    h.to_screening(officer, programme)
    nominations = [
        h.nominate(officer, programme, h.person(officer), category=categories[i % 2])
        for i in range(nominees)
    ]
    h.close(officer, programme)
    h.screen_all(officer, programme)
    panel = [h.judge() for _ in range(judges)]
    h.add_panel(officer, programme, panel)
    services.programme_judging_start(actor=officer, programme_id=programme.pk)
    programme.refresh_from_db()
    return programme, [Nomination.objects.get(pk=n.pk) for n in nominations], panel


def test_judging_needs_every_nomination_screened_and_enough_judges(province_officer):
    programme = _open(province_officer, min_scorecards=2)
    h.nominate(province_officer, programme, h.person(province_officer))
    h.close(province_officer, programme)
    h.add_panel(province_officer, programme, [h.judge()])
    with pytest.raises(ValidationError) as error:
        services.programme_judging_start(actor=province_officer, programme_id=programme.pk)
    problems = " ".join(messages(error)["status"])
    assert "waiting for screening" in problems and "needs 2 scorecards" in problems
    assert Programme.objects.get(pk=programme.pk).status == ProgrammeStatus.SCREENING


def test_judges_of_a_category_are_assigned_only_its_nominations(province_officer):
    programme = h.programme(province_officer, categories=(("farmer", 1), ("teacher", 1)))
    farmer, teacher = programme.categories.all()
    h.to_screening(province_officer, programme)
    a = h.nominate(province_officer, programme, h.person(province_officer), category=farmer)
    b = h.nominate(province_officer, programme, h.person(province_officer), category=teacher)
    h.close(province_officer, programme)
    h.screen_all(province_officer, programme)
    specialist, generalist = h.judge(), h.judge()
    services.panel_member_add(
        actor=province_officer,
        programme_id=programme.pk,
        user_id=specialist.pk,
        category_ids=[farmer.pk],
    )
    services.panel_member_add(
        actor=province_officer, programme_id=programme.pk, user_id=generalist.pk
    )
    services.programme_judging_start(actor=province_officer, programme_id=programme.pk)
    assert set(
        Scorecard.objects.filter(judge__user=specialist).values_list("nomination_id", flat=True)
    ) == {a.pk}
    assert set(
        Scorecard.objects.filter(judge__user=generalist).values_list("nomination_id", flat=True)
    ) == {a.pk, b.pk}


def test_a_judge_reaches_only_the_nominations_assigned_to_them(province_officer):
    _programme, nominations, judges = _judging(province_officer, judges=2)
    Scorecard.objects.filter(judge__user=judges[0], nomination=nominations[0]).delete()
    outsider = h.judge()
    for user, nomination in (
        (judges[0], nominations[0]),
        (outsider, nominations[1]),
        (province_officer, nominations[1]),
    ):
        with pytest.raises(NotFoundOrOutOfScope):
            h.score(user, nomination, [5, 5])
    assert not Score.objects.exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("11", "cannot be above 10"),
        ("-1", "cannot be negative"),
        ("เก้า", "enter a number"),
        ("NaN", "enter a number"),
        ("1e999", "cannot be above"),
        ("7.3", "whole or half points"),
        ("1e-999999999", "whole or half points"),
        ("7.50000000000000000000000000000001", "whole or half points"),
        (True, "enter a number"),
    ],
    ids=[
        "above-maximum",
        "negative",
        "not-a-number",
        "nan",
        "huge",
        "not-half-points",
        "below-the-default-precision",
        "beyond-the-default-precision",
        "boolean",
    ],
)
def test_bad_scores_are_refused_naming_the_criterion_and_nothing_is_saved(
    province_officer, value, message
):
    programme, nominations, judges = _judging(province_officer)
    first, second = programme.criteria.all()
    with pytest.raises(ValidationError) as error:
        services.scorecard_save(
            actor=judges[0],
            nomination_id=nominations[0].pk,
            scores={first.pk: "8", second.pk: value},
        )
    text = messages(error)[f"criterion_{second.pk}"][0]
    assert second.name in text and message in text
    assert not Score.objects.exists()


def test_scores_in_thai_digits_or_with_a_decimal_comma_are_understood(province_officer):
    programme, nominations, judges = _judging(province_officer)
    first, second = programme.criteria.all()
    services.scorecard_save(
        actor=judges[0], nomination_id=nominations[0].pk, scores={first.pk: "๘", second.pk: "7,5"}
    )
    assert sorted(Score.objects.values_list("value", flat=True)) == [7.5, 8]


def test_scores_are_saved_as_they_go_then_submitted_once_complete(province_officer):
    programme, nominations, judges = _judging(province_officer)
    first, second = programme.criteria.all()
    services.scorecard_save(
        actor=judges[0], nomination_id=nominations[0].pk, scores={first.pk: "6"}
    )
    with pytest.raises(ValidationError) as error:
        services.scorecard_submit(actor=judges[0], nomination_id=nominations[0].pk)
    assert second.name in messages(error)["scores"][0]
    card = Scorecard.objects.get(judge__user=judges[0], nomination=nominations[0])
    assert card.submitted_at is None
    services.scorecard_save(
        actor=judges[0], nomination_id=nominations[0].pk, scores={second.pk: "9.5"}, comment="ดีมาก"
    )
    services.scorecard_submit(actor=judges[0], nomination_id=nominations[0].pk)
    card.refresh_from_db()
    assert card.submitted_at is not None and card.comment == "ดีมาก"
    with pytest.raises(ValidationError):
        services.scorecard_save(
            actor=judges[0], nomination_id=nominations[0].pk, scores={first.pk: "1"}
        )
    assert Score.objects.get(scorecard=card, criterion=first).value == 6
    services.scorecard_reopen(actor=province_officer, scorecard_id=card.pk)
    services.scorecard_save(
        actor=judges[0], nomination_id=nominations[0].pk, scores={first.pk: "7"}
    )
    assert Score.objects.get(scorecard=card, criterion=first).value == 7


def test_a_declared_conflict_stops_the_judge_scoring(province_officer):
    _programme, nominations, judges = _judging(province_officer)
    h.score(judges[0], nominations[0], [8, 8])
    with pytest.raises(ValidationError):
        services.conflict_declare(actor=judges[0], nomination_id=nominations[1].pk, detail="")
    conflict = services.conflict_declare(
        actor=judges[0], nomination_id=nominations[1].pk, detail="เป็นญาติ"
    )
    assert conflict.status == ConflictStatus.CONFIRMED
    with pytest.raises(ValidationError) as error:
        h.score(judges[0], nominations[1], [5, 5])
    assert "conflict of interest" in messages(error)["scores"][0]


def test_results_wait_for_open_scorecards_unless_told(province_officer):
    programme, nominations, judges = _judging(province_officer)
    h.score(judges[0], nominations[0], [8, 8])
    with pytest.raises(ValidationError) as error:
        services.programme_results_compute(actor=province_officer, programme_id=programme.pk)
    assert "11 scorecards" in messages(error)["status"][0]
    services.programme_results_compute(
        actor=province_officer, programme_id=programme.pk, allow_incomplete=True
    )
    assert Programme.objects.get(pk=programme.pk).status == ProgrammeStatus.RESULTS


def test_reopening_judging_needs_a_reason_kept_in_the_audit_trail(province_officer):
    programme, _nominations, _judges = _judging(province_officer)
    services.programme_results_compute(
        actor=province_officer, programme_id=programme.pk, allow_incomplete=True
    )
    with pytest.raises(ValidationError):
        services.programme_judging_reopen(
            actor=province_officer, programme_id=programme.pk, reason=""
        )
    services.programme_judging_reopen(
        actor=province_officer, programme_id=programme.pk, reason="กรรมการยังส่งไม่ครบ"
    )
    programme.refresh_from_db()
    assert (programme.status, programme.state_note) == (ProgrammeStatus.JUDGING, "กรรมการยังส่งไม่ครบ")
    notes = [e.changes.get("state_note") for e in LogEntry.objects.get_for_object(programme)]
    assert ["", "กรรมการยังส่งไม่ครบ"] in notes


def test_every_move_checks_the_state_it_starts_from(province_officer):
    programme = h.programme(province_officer)
    for move in (
        services.programme_close,
        services.programme_judging_start,
        services.programme_results_compute,
        services.programme_publish,
    ):
        with pytest.raises(ValidationError) as error:
            move(actor=province_officer, programme_id=programme.pk)
        assert "Draft" in messages(error)["status"][0]
    services.programme_open(actor=province_officer, programme_id=programme.pk)
    with pytest.raises(ValidationError) as error:
        services.programme_close(actor=province_officer, programme_id=programme.pk)
    assert "early" in messages(error)["status"][0]
    services.programme_close(actor=province_officer, programme_id=programme.pk, early=True)
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.SCREENING
    assert programme.nominations_close_at <= timezone.now()


def test_managers_of_other_areas_do_not_reach_a_programme(province_officer, other_district_officer):
    programme = h.programme(province_officer, area_code="7101")
    with pytest.raises(NotFoundOrOutOfScope):
        services.programme_open(actor=other_district_officer, programme_id=programme.pk)
    with pytest.raises(NotFoundOrOutOfScope):
        services.criterion_add(
            actor=other_district_officer, programme_id=programme.pk, name="x", weight=1, max_score=1
        )
    assert Conflict.objects.count() == 0

"""PDPA rights: the export of a person's data, their erasure (anonymisation), the record of who
saw their contact data, and the retention rule."""

import datetime
import json

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from concenter.common.errors import NotFoundOrOutOfScope
from concenter.common.thai import generate_fictional_national_id
from concenter.network import services as network
from concenter.network.models import Position, Rollup, Seat
from concenter.network.rollups import rollup_rebuild
from concenter.people import privacy
from concenter.people.models import Person
from concenter.people.services import (
    PersonData,
    local_role_add,
    person_create,
    person_update,
)
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

NAME, FAMILY, PHONE, EMAIL = "สมปอง", "รักถิ่นเกิด", "081 555 0199", "sompong@example.org"


def _national_id() -> str:
    import random

    return generate_fictional_national_id(random.Random(42))


@pytest.fixture
def person(district_officer):
    person = person_create(
        actor=district_officer,
        data=PersonData(
            given_name=NAME,
            family_name=FAMILY,
            title="นาย",
            given_name_en="Sompong",
            family_name_en="Rakthin",
            gender="male",
            birth_year=2510,
            phone=PHONE,
            email=EMAIL,
        ),
        area_code="710104",
        national_id=_national_id(),
    )
    # A second version, so the audit trail holds an update with old and new values.
    person = person_update(
        actor=district_officer,
        person_id=person.pk,
        expected_version=person.version,
        data=PersonData(
            given_name=NAME,
            family_name=FAMILY,
            title="นาย",
            given_name_en="Sompong",
            family_name_en="Rakthin",
            gender="male",
            birth_year=2510,
            phone="089 000 1111",
            email=EMAIL,
        ),
        area_code="710104",
    )
    person.phone = PHONE  # the phone of the first version stays in the history too
    Person.objects.filter(pk=person.pk).update(phone=PHONE)
    return Person.objects.get(pk=person.pk)


@pytest.fixture
def seated(district_officer, national_admin, person):
    """The person sits on an active committee, leads and belongs to a group, holds a role."""
    network.center_create(actor=national_admin, area_code="710104")
    term = network.committee_term_create(
        actor=national_admin,
        center_code="710104",
        starts_on=datetime.date(2025, 10, 1),
        ends_on=datetime.date(2029, 9, 30),
    )
    network.seat_add(
        actor=national_admin, term_id=term.pk, person_id=person.pk, position=Position.CHAIR
    )
    organization = network.organization_create(
        actor=district_officer,
        area_code="710104",
        type_code="village_fund",
        name="กองทุนหมู่บ้านทดสอบ",
        leader_id=person.pk,
        member_count=12,
    )
    network.organization_member_add(
        actor=district_officer, organization_id=organization.pk, person_id=person.pk
    )
    local_role_add(actor=district_officer, person=person, role="headman", area_code="710104")
    return person


def _rollups() -> set[tuple]:
    return set(Rollup.objects.exclude(value=0).values_list("area_code", "metric", "key", "value"))


def _log_text(person) -> str:
    entries = LogEntry.objects.filter(object_pk=str(person.pk), content_type__model="person")
    return json.dumps(
        [
            [e.object_repr, e.changes, e.changes_text, e.serialized_data, e.additional_data]
            for e in entries
        ],
        ensure_ascii=False,
    )


# Export ------------------------------------------------------------------------------------------


def test_export_holds_everything_and_never_the_hash(district_officer, seated):
    data = privacy.person_export(actor=district_officer, person_id=seated.pk)
    json.dumps(data)  # JSON-ready
    assert data["person"]["given_name"] == NAME
    assert data["person"]["phone"] == PHONE
    assert data["person"]["national_id_last4"] == _national_id()[-4:]
    assert data["area"]["code"] == "710104"
    assert [s["center_code"] for s in data["seats"]] == ["710104"]
    assert data["seats"][0]["position"] == Position.CHAIR
    assert data["seats"][0]["term_starts_on"] == "2025-10-01"
    assert [o["name"] for o in data["organizations_led"]] == ["กองทุนหมู่บ้านทดสอบ"]
    assert len(data["memberships"]) == 1
    assert [r["role"] for r in data["local_roles"]] == ["headman"]
    text = json.dumps(data, ensure_ascii=False)
    assert seated.national_id_hash not in text
    assert "national_id_hash" not in text
    assert _national_id() not in text


def test_export_page_downloads_for_change_scope_only(
    district_officer, other_district_officer, viewer, person
):
    url = reverse("people:person_export", args=[person.pk])
    response = client_for(district_officer).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert json.loads(response.content)["person"]["id"] == person.pk
    assert person.national_id_hash.encode() not in response.content
    assert client_for(other_district_officer).get(url).status_code == 404
    assert client_for(viewer).get(url).status_code == 404  # reads, may not export


def test_export_out_of_scope_is_not_found(other_district_officer, person):
    with pytest.raises(NotFoundOrOutOfScope):
        privacy.person_export(actor=other_district_officer, person_id=person.pk)


# Erasure -----------------------------------------------------------------------------------------


def test_anonymize_erases_identity_and_keeps_the_network(district_officer, seated):
    before = _rollups()
    assert before
    person = privacy.person_anonymize(
        actor=district_officer, person_id=seated.pk, reason="คำขอของเจ้าของข้อมูล"
    )
    person.refresh_from_db()
    assert person.given_name == f"ผู้ถูกลบข้อมูล #{person.pk}"
    assert (person.title, person.family_name, person.given_name_en, person.family_name_en) == (
        "",
        "",
        "",
        "",
    )
    assert (person.phone, person.email, person.birth_year) == ("", "", None)
    assert (person.national_id_hash, person.national_id_last4) == (None, "")
    assert person.anonymized_at is not None
    assert NAME not in person.name_search and "sompong" not in person.name_latin.lower()
    assert (person.area_id, person.profession_id, person.gender) == ("710104", None, "male")
    # The network and every figure stay.
    assert Seat.objects.filter(person=person).count() == 1
    assert person.memberships.count() == 1 and person.local_roles.count() == 1
    assert _rollups() == before
    rollup_rebuild()
    assert _rollups() == before


def test_anonymize_scrubs_the_audit_trail_and_records_itself(district_officer, seated):
    assert NAME in _log_text(seated) and PHONE in _log_text(seated)
    count = LogEntry.objects.get_for_object(seated).count()
    privacy.person_anonymize(actor=district_officer, person_id=seated.pk, reason="คำขอลบข้อมูล")
    text = _log_text(seated)
    for old in (NAME, FAMILY, PHONE, "089 000 1111", EMAIL, "Sompong", seated.national_id_hash):
        assert old not in text, old
    # The entries stay, plus one saying the person was anonymised, by whom and why.
    entries = LogEntry.objects.get_for_object(seated).order_by("-timestamp", "-pk")
    assert entries.count() == count + 1
    last = entries.first()
    assert last.additional_data["event"] == "anonymized"
    assert last.additional_data["reason"] == "คำขอลบข้อมูล"
    assert last.actor == district_officer
    assert "anonymized_at" in last.changes
    # The seat's own history no longer names the person either.
    seat = Seat.objects.get(person=seated)
    assert NAME not in json.dumps(
        list(LogEntry.objects.get_for_object(seat).values_list("object_repr", "changes")),
        ensure_ascii=False,
    )


def test_anonymize_needs_change_scope_and_a_reason(
    district_officer, other_district_officer, viewer, person
):
    for actor in (other_district_officer, viewer):
        with pytest.raises(NotFoundOrOutOfScope):
            privacy.person_anonymize(actor=actor, person_id=person.pk, reason="x")
    with pytest.raises(ValidationError):
        privacy.person_anonymize(actor=district_officer, person_id=person.pk, reason="  ")
    person.refresh_from_db()
    assert person.given_name == NAME and person.anonymized_at is None
    privacy.person_anonymize(actor=district_officer, person_id=person.pk, reason="คำขอ")
    with pytest.raises(ValidationError):
        privacy.person_anonymize(actor=district_officer, person_id=person.pk, reason="อีกครั้ง")


def test_anonymize_page_confirms_then_erases(district_officer, other_district_officer, person):
    url = reverse("people:person_anonymize", args=[person.pk])
    assert client_for(other_district_officer).get(url).status_code == 404
    assert client_for(other_district_officer).post(url, {"reason": "x"}).status_code == 404
    client = client_for(district_officer)
    page = client.get(url)
    assert page.status_code == 200 and NAME in page.content.decode()
    assert client.post(url, {"reason": ""}).status_code == 422
    response = client.post(url, {"reason": "คำขอของเจ้าของข้อมูล"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.anonymized_at is not None
    detail = client.get(person.get_absolute_url()).content.decode()
    assert NAME not in detail and PHONE not in detail


# Who saw the contact data ------------------------------------------------------------------------


def test_contact_view_is_logged_without_values(district_officer, viewer, person):
    assert privacy.log_contact_view(user=viewer, person=person) is False
    assert privacy.log_contact_view(user=district_officer, person=person) is True
    entry = LogEntry.objects.get_for_object(person).filter(action=LogEntry.Action.ACCESS).get()
    assert entry.actor == district_officer
    assert entry.additional_data == {"event": "contact_viewed", "fields": ["phone", "email"]}
    assert PHONE not in json.dumps([entry.changes, entry.changes_text, entry.additional_data])
    person.phone = person.email = ""
    assert privacy.log_contact_view(user=district_officer, person=person) is False


# Retention ---------------------------------------------------------------------------------------


def test_retention_anonymises_only_old_unattached_people(district_officer, seated):
    loose = person_create(
        actor=district_officer,
        data=PersonData(given_name="คนเก่า", family_name="ไม่มีบทบาท", phone="080 000 0000"),
        area_code="710104",
    )
    recent = person_create(
        actor=district_officer, data=PersonData(given_name="คนใหม่"), area_code="710104"
    )
    long_ago = datetime.datetime(2015, 1, 1, tzinfo=datetime.UTC)
    Person.objects.filter(pk__in=[loose.pk, seated.pk]).update(created_at=long_ago)
    call_command("retention")  # a dry run
    assert Person.objects.get(pk=loose.pk).anonymized_at is None
    call_command("retention", "--for-real")
    assert Person.objects.get(pk=loose.pk).anonymized_at is not None
    assert Person.objects.get(pk=seated.pk).anonymized_at is None  # holds a seat
    assert Person.objects.get(pk=recent.pk).anonymized_at is None  # too recent


# The notice and the readable export -------------------------------------------------------------


def test_a_privacy_notice_is_recorded_and_exported(district_officer, person):
    notice = privacy.privacy_notice_record(
        actor=district_officer,
        person_id=person.pk,
        given_on=datetime.date(2026, 3, 1),
        basis="consent",
        method="paper",
        note="แบบฟอร์มยินยอม เลขที่ 12",
    )
    assert notice.recorded_by == district_officer
    exported = privacy.person_export(actor=district_officer, person_id=person.pk)
    assert exported["privacy_notices"] == [
        {
            "given_on": "2026-03-01",
            "basis": "consent",
            "basis_display": exported["privacy_notices"][0]["basis_display"],
            "method": "paper",
            "method_display": exported["privacy_notices"][0]["method_display"],
            "note": "แบบฟอร์มยินยอม เลขที่ 12",
            "withdrawn_on": None,
        }
    ]
    privacy.privacy_consent_withdraw(
        actor=district_officer, notice_id=notice.pk, withdrawn_on=datetime.date(2026, 4, 1)
    )
    exported = privacy.person_export(actor=district_officer, person_id=person.pk)
    assert exported["privacy_notices"][0]["withdrawn_on"] == "2026-04-01"


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("given_on", {"given_on": datetime.date(2099, 1, 1)}),
        ("basis", {"basis": "because"}),
        ("method", {"method": "telepathy"}),
    ],
    ids=["future-date", "unknown-basis", "unknown-method"],
)
def test_a_bad_privacy_notice_is_refused_naming_the_field(district_officer, person, field, values):
    arguments = {
        "given_on": datetime.date(2026, 3, 1),
        "basis": "public_task",
        "method": "verbal",
        **values,
    }
    with pytest.raises(ValidationError) as info:
        privacy.privacy_notice_record(actor=district_officer, person_id=person.pk, **arguments)
    assert field in info.value.message_dict
    assert not person.privacy_notices.exists()


def test_a_notice_is_recorded_only_within_the_change_scope(other_district_officer, viewer, person):
    for user in (other_district_officer, viewer):
        with pytest.raises(NotFoundOrOutOfScope):
            privacy.privacy_notice_record(
                actor=user,
                person_id=person.pk,
                given_on=datetime.date(2026, 3, 1),
                basis="public_task",
                method="verbal",
            )


def test_the_notice_form_on_the_person_page(district_officer, person):
    client = client_for(district_officer)
    url = reverse("people:privacy_notice_add", args=[person.pk])
    response = client.post(
        url, {"given_on": "1/3/2569", "basis": "public_task", "method": "verbal", "note": ""}
    )
    assert response.status_code == 302
    assert person.privacy_notices.get().given_on == datetime.date(2026, 3, 1)
    page = client.get(reverse("people:person_detail", args=[person.pk]))
    assert "1 มี.ค. 2569" in page.content.decode()


def test_erasure_clears_the_notes_of_the_notices(district_officer, person):
    privacy.privacy_notice_record(
        actor=district_officer,
        person_id=person.pk,
        given_on=datetime.date(2026, 3, 1),
        basis="consent",
        method="paper",
        note=f"ลงชื่อ {NAME} {FAMILY}",
    )
    privacy.person_anonymize(actor=district_officer, person_id=person.pk, reason="ขอลบข้อมูล")
    notice = person.privacy_notices.get()
    assert notice.note == ""
    assert notice.given_on == datetime.date(2026, 3, 1)  # the evidence stays


def test_the_readable_export_is_a_thai_pdf_for_change_scope_only(district_officer, viewer, person):
    from concenter.common.pdf import pdf_text

    url = reverse("people:person_export_pdf", args=[person.pk])
    response = client_for(district_officer).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(pdf_text(response.content).split())
    assert NAME in text and "xxxxxxxxx" + _national_id()[-4:] in text
    assert _national_id() not in text
    assert client_for(viewer).get(url).status_code == 404


def test_the_history_shows_contact_changes_only_to_those_who_may_change_the_person(
    person, district_officer, viewer
):
    url = reverse("people:person_history", args=[person.pk])
    seen = client_for(viewer).get(url).content.decode()
    assert "089 000 1111" not in seen and EMAIL not in seen
    assert "phone" in seen  # that it changed stays visible
    assert not LogEntry.objects.filter(
        additional_data__event="contact_viewed", actor=viewer
    ).exists()

    shown = client_for(district_officer).get(url).content.decode()
    assert "089 000 1111" in shown and EMAIL in shown
    entry = LogEntry.objects.get(additional_data__event="contact_viewed", actor=district_officer)
    assert entry.additional_data["page"] == "history"
    assert sorted(entry.additional_data["fields"]) == ["email", "phone"]


def test_the_id_check_takes_the_number_in_the_body_not_the_address(district_officer):
    client = client_for(district_officer)
    url = reverse("people:national_id_check")
    number = generate_fictional_national_id(__import__("random").Random(5))
    assert client.get(url, {"national_id": number}).status_code == 405
    answer = client.post(url, {"national_id": number})
    assert answer.status_code == 200 and number[-4:] in answer.content.decode()


def test_opening_the_edit_form_logs_the_contact_data_it_shows(person, district_officer):
    client_for(district_officer).get(reverse("people:person_edit", args=[person.pk]))
    entry = LogEntry.objects.get(additional_data__event="contact_viewed", actor=district_officer)
    assert entry.additional_data["page"] == "edit"
    assert sorted(entry.additional_data["fields"]) == ["email", "phone"]

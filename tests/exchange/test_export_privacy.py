"""The people export and contact data: phone and e-mail only for users who may change the person,
and every export that gives them recorded as one access entry (never one per person)."""

import csv
import io

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from python_calamine import CalamineWorkbook

from concenter.accounts.models import Role
from concenter.exchange import exports
from concenter.geography.services import village_create
from concenter.people.models import Person
from concenter.people.services import PersonData, person_create
from tests.conftest import client_for, make_user

pytestmark = pytest.mark.django_db

PHONE, EMAIL = "081 555 0199", "somsri@example.org"
URL_CSV = reverse("exchange:export", args=["people", "csv"])
URL_XLSX = reverse("exchange:export", args=["people", "xlsx"])


def _add_people(actor, count: int, area_code: str = "710104", start: int = 0) -> list[Person]:
    return [
        person_create(
            actor=actor,
            data=PersonData(
                given_name=f"สมศรี{start + n}",
                family_name="มีสุข",
                phone=f"081 555 {start + n:04d}",
                email=f"p{start + n}@example.org",
            ),
            area_code=area_code,
            confirm_new=True,
        )
        for n in range(count)
    ]


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def _export_entries():
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person),
        action=LogEntry.Action.ACCESS,
        additional_data__event="contact_exported",
    )


@pytest.fixture
def somsri(district_officer) -> Person:
    return person_create(
        actor=district_officer,
        data=PersonData(given_name="สมศรี", family_name="มีสุข", phone=PHONE, email=EMAIL),
        area_code="710104",
    )


def test_a_viewer_gets_the_people_export_without_phone_and_email(viewer, somsri):
    for url in (URL_CSV, URL_XLSX):
        response = client_for(viewer).get(url)
        content = b"".join(response.streaming_content)
        assert response.status_code == 200
        assert PHONE.encode() not in content and EMAIL.encode() not in content
    rows = _csv(client_for(viewer).get(URL_CSV))
    assert "โทรศัพท์" not in rows[0] and "อีเมล" not in rows[0]
    assert rows[1][1] == "สมศรี" and len(rows[1]) == len(rows[0])
    assert not _export_entries().exists()  # no contact data given: nothing to record


def test_an_officer_gets_contact_columns_and_the_export_is_logged_once(district_officer, somsri):
    _add_people(district_officer, 2)
    rows = _csv(client_for(district_officer).get(URL_CSV, {"subdistrict": "710104"}))
    assert rows[0][-2:] == ["โทรศัพท์", "อีเมล"]
    assert [PHONE, EMAIL] in [row[-2:] for row in rows[1:]]
    entry = _export_entries().get()
    assert entry.actor == district_officer and entry.object_pk == ""
    assert entry.additional_data == {
        "event": "contact_exported",
        "channel": "web:csv",
        "people": 3,
        "with_contact": 3,
        "fields": ["phone", "email"],
        "filters": {"subdistrict": "710104"},
    }
    # Never the values or the names.
    text = str([entry.object_repr, entry.changes, entry.changes_text, entry.additional_data])
    assert PHONE not in text and EMAIL not in text and "สมศรี" not in text


def test_the_xlsx_export_is_logged_too(district_officer, somsri):
    response = client_for(district_officer).get(URL_XLSX)
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert rows[0][-2:] == ["โทรศัพท์", "อีเมล"] and rows[1][-2:] == [PHONE, EMAIL]
    entry = _export_entries().get()
    assert entry.additional_data["channel"] == "web:xlsx"
    assert entry.additional_data["people"] == 1


def test_an_export_without_any_contact_value_is_not_logged(district_officer):
    person_create(actor=district_officer, data=PersonData(given_name="ไม่มีเบอร์"), area_code="710104")
    rows = _csv(client_for(district_officer).get(URL_CSV))
    assert rows[1][-2:] == ["", ""]
    assert not _export_entries().exists()


def test_contact_cells_are_blank_where_the_user_may_read_but_not_change(district_officer):
    """A center editor reads the villages of their subdistrict but changes only the
    subdistrict's own records (accounts/scope.py): the villagers' contact cells stay empty."""
    village = village_create(
        actor=district_officer, subdistrict_code="710104", number=1, name_th="บ้านท่ามะขาม"
    )
    [own] = _add_people(district_officer, 1)
    [villager] = _add_people(district_officer, 1, area_code=village.code, start=1)
    editor = make_user("editor", Role.CENTER_EDITOR, center_code="710104")
    rows = {row[1]: row for row in _csv(client_for(editor).get(URL_CSV))[1:]}
    assert rows[own.given_name][-2:] == [own.phone, own.email]
    assert rows[villager.given_name][-2:] == ["", ""]
    assert _export_entries().get().additional_data["people"] == 2
    assert _export_entries().get().additional_data["with_contact"] == 1


def test_one_entry_and_the_same_queries_however_many_people(district_officer):
    _add_people(district_officer, 2)
    client = client_for(district_officer)
    _csv(client.get(URL_CSV))  # sessions, content types and the like are loaded once
    with CaptureQueriesContext(connection) as few:
        assert len(_csv(client.get(URL_CSV))) == 3
    _add_people(district_officer, 6, start=10)
    with CaptureQueriesContext(connection) as many:
        assert len(_csv(client.get(URL_CSV))) == 9
    assert len(many) == len(few)
    assert _export_entries().count() == 3


def test_a_download_stopped_halfway_is_logged_with_the_rows_sent(district_officer):
    _add_people(district_officer, 3)
    stream = exports.csv_stream(
        exports.PEOPLE, user=district_officer, params={}, be_dates=False, language="th"
    )
    next(stream), next(stream), next(stream)  # the BOM, the header and one person
    assert not _export_entries().exists()
    stream.close()  # what the server does when the client goes away
    assert _export_entries().get().additional_data["people"] == 1


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_export_command_logs_once_and_counts_the_rows(
    tmp_path, national_admin, somsri, file_format
):
    _add_people(national_admin, 2)
    target = tmp_path / f"people.{file_format}"
    out = io.StringIO()
    call_command(
        "export", "people", "--output", str(target), "--format", file_format, "--user", "admin",
        stdout=out,
    )  # fmt: skip
    assert out.getvalue().startswith("3 rows written")
    entry = _export_entries().get()
    assert entry.actor == national_admin
    assert entry.additional_data["channel"] == f"command:{file_format}"
    assert entry.additional_data["people"] == 3


def test_the_export_command_for_a_viewer_has_no_contact_columns(tmp_path, viewer, somsri):
    target = tmp_path / "people.csv"
    call_command("export", "people", "--output", str(target), "--user", viewer.username)
    content = target.read_text(encoding="utf-8-sig")
    assert PHONE not in content and "โทรศัพท์" not in content
    assert not _export_entries().exists()

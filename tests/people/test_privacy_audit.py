"""The national-ID hash stays out of the audit trail: out of auditlog's own entries for a single
save, and out of the entries the bulk paths write (`common.audit.audit_bulk`), which follow the
model's auditlog registration."""

import json
import random

import pytest
from auditlog.models import LogEntry

from concenter.common import audit
from concenter.common.thai import generate_fictional_national_id
from concenter.network.models import Rollup
from concenter.people.models import Person
from concenter.people.services import PersonData, person_create, person_update
from tests.exchange.helpers import PEOPLE_TH, run, write_csv
from tests.exchange.helpers import person as person_row

pytestmark = pytest.mark.django_db


def _ids(count: int) -> list[str]:
    generator = random.Random(2562)
    return [generate_fictional_national_id(generator) for _ in range(count)]


def _trail(person: Person) -> str:
    entries = LogEntry.objects.get_for_object(person)
    return json.dumps(
        [[e.changes, e.changes_text, e.serialized_data] for e in entries], ensure_ascii=False
    )


def test_a_saved_person_is_audited_without_the_national_id_hash(district_officer):
    first, second = _ids(2)
    someone = person_create(
        actor=district_officer,
        data=PersonData(given_name="บุญมี", family_name="ศรีสุข"),
        area_code="710104",
        national_id=first,
    )
    old_hash = someone.national_id_hash
    person_update(
        actor=district_officer,
        person_id=someone.pk,
        expected_version=1,
        data=PersonData(given_name="บุญมี", family_name="ศรีสุข"),
        area_code="710104",
        national_id=second,
    )
    someone.refresh_from_db()
    trail = _trail(someone)
    assert old_hash and someone.national_id_hash and old_hash != someone.national_id_hash
    assert old_hash not in trail and someone.national_id_hash not in trail
    assert "national_id_hash" not in trail
    # The change itself still shows, through the last four digits.
    update = LogEntry.objects.get_for_object(someone).get(action=LogEntry.Action.UPDATE)
    assert update.changes["national_id_last4"] == [first[-4:], second[-4:]]


def test_audited_fields_follow_the_registration():
    names = [name for name, _attname in audit.audited_fields(Person)]
    assert "national_id_hash" not in names and "name_search" not in names
    assert "given_name" in names and "area" in names and "national_id_last4" in names
    # A model outside the audit trail keeps every field (nothing to follow).
    every = [field.name for field in Rollup._meta.concrete_fields]
    assert [name for name, _attname in audit.audited_fields(Rollup)] == every


def test_bulk_entries_leave_out_the_hash_on_create_and_on_update(district_officer):
    someone = person_create(
        actor=district_officer,
        data=PersonData(given_name="บุญมี", family_name="ศรีสุข"),
        area_code="710104",
        national_id=_ids(1)[0],
    )
    before = audit.field_values(someone)
    audit.audit_bulk([someone], action=LogEntry.Action.CREATE)
    created = LogEntry.objects.get_for_object(someone).latest("pk")
    assert "given_name" in created.changes and "national_id_hash" not in created.changes
    assert "name_search" not in created.changes  # excluded by the same registration

    someone.national_id_hash = "0" * 64
    someone.phone = "081 000 0000"
    audit.audit_bulk([someone], action=LogEntry.Action.UPDATE, before=[before])
    updated = LogEntry.objects.get_for_object(someone).latest("pk")
    assert updated.changes == {"phone": ["", "081 000 0000"]}


def test_an_import_of_people_with_ids_leaves_no_hash_in_the_trail(tmp_path, district_officer):
    numbers = _ids(2)
    rows = [PEOPLE_TH, person_row("นำเข้าหนึ่ง", national_id=numbers[0])]
    run(district_officer, write_csv(tmp_path, rows))
    rows[1][8] = "089 999 9999"  # an update of the same person, found by the ID
    run(district_officer, write_csv(tmp_path, rows))
    imported = Person.objects.get(given_name="นำเข้าหนึ่ง")
    assert imported.national_id_hash and imported.phone == "089 999 9999"
    trail = _trail(imported)
    assert imported.national_id_hash not in trail and "national_id_hash" not in trail
    assert LogEntry.objects.get_for_object(imported).count() == 2

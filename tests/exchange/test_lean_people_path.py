"""The people import writes new people from their checked values, with no model instance each
(`bulk.Writer.create_values`, docs/adr/0023-issue-17-lean-people-import.md), and, for a checked
batch, from the check's staged rows by `INSERT … SELECT` (`exchange.staging`,
docs/adr/0027-staged-new-people-written-by-insert-select.md). Each must store exactly what the
instance path (`apply` + `Writer.create`, the services' derivations and `audit.audit_bulk`)
stores for the same file: the records (every column), their audit entries, the name index, the
name words, the batch's bookkeeping and the roll-ups. The same file goes through the paths
here, one after the other on an emptied table, and everything but ids, clock values and the
batch's id must be equal."""

import json

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from concenter.common import search
from concenter.exchange import services, staging
from concenter.exchange.kinds.people import PeopleKind
from concenter.exchange.models import ImportedRecord, StagedPerson, Status
from concenter.network.models import Rollup
from concenter.network.rollups import rollup_rebuild
from concenter.people.models import NameWord, Person, PersonWord
from tests.exchange.helpers import run, valid_id, write_csv

pytestmark = pytest.mark.django_db

HEADERS = ["คำนำหน้า", "ชื่อ", "นามสกุล", "ชื่อ (อังกฤษ)", "นามสกุล (อังกฤษ)", "เพศ", "วันเกิด",
           "อาชีพ", "รหัสพื้นที่", "เลขประจำตัวประชาชน", "โทรศัพท์", "อีเมล"]  # fmt: skip
ROWS = [
    ["นาง", "สมศรี", "ใจดี", "Somsri", "Jaidee", "หญิง", "28/02/2510", "เกษตรกร", "710104",
     valid_id("110170020345"), "081 234 5678", "somsri@example.org"],
    ["", "บุญมี", "", "", "", "", "", "", "710105", "", "", ""],
    ["นาย", "ก ํา  แหง", "มีสุข", "", "", "ชาย", "1967-02-28", "farmer", "710101",
     valid_id("310170020346"), "๐๘๑๒๓๔๕๖๗๘", ""],
    ["นางสาว", "<b>ฟ้า</b>", "=1+1", "", "Fah", "f", "", "ค้าขาย", "710102", "", "", ""],
    *[["นาง", f"คนที่{i}", f"สกุล{i}", "", "", "หญิง", f"01/0{1 + i % 9}/25{20 + i}",
       "", f"71010{1 + i % 5}", "", f"08{i:08d}", ""] for i in range(40)],
]  # fmt: skip
VARYING = {"id", "created_at", "updated_at", "import_pending"}  # ids, the clock, the batch


def _name_index(pk: int):
    """The person's row of the SQLite name index (PostgreSQL indexes the columns themselves)."""
    if connection.vendor != "sqlite":
        return None
    fts = next(t.fts_table for t in search._TARGETS.values() if t.table == "people_person")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT name_search, name_latin FROM {fts} WHERE rowid = %s", [pk])  # noqa: S608
        return cursor.fetchall()


def _stored() -> dict:
    """Everything the import stored, keyed by what does not depend on ids or the clock."""
    people = {}
    for person in Person.everyone.order_by("pk"):
        values = {f.attname: getattr(person, f.attname) for f in Person._meta.concrete_fields}
        key = (person.given_name, person.family_name)
        entries = []
        for entry in LogEntry.objects.get_for_object(person).order_by("pk"):
            changes = (
                entry.changes if isinstance(entry.changes, dict) else json.loads(entry.changes)
            )
            entries.append((
                entry.action, entry.object_repr, entry.actor_id, entry.remote_addr,
                {k: v for k, v in changes.items() if k not in VARYING},
            ))  # fmt: skip
        records = list(
            ImportedRecord.objects.filter(object_key=str(person.pk)).values_list(
                "kind", "action", "row"
            )
        )
        words = sorted(
            (NameWord.objects.get(pk=w.word_id).text, w.sort_key)
            for w in PersonWord.objects.filter(person_id=person.pk)
        )
        people[key] = {
            "values": {k: v for k, v in values.items() if k not in VARYING},
            "audit": entries,
            "index": _name_index(person.pk),
            "words": words,
            "records": records,
        }
    rollups = set(Rollup.objects.values_list("area_code", "metric", "key", "value"))
    return {"people": people, "rollups": rollups}


def _empty() -> None:
    LogEntry.objects.all().delete()
    ImportedRecord.objects.all().delete()
    Person.everyone.all().delete()
    PersonWord.objects.all().delete()
    NameWord.objects.all().delete()
    rollup_rebuild()


def _through_a_batch(actor, path, mode):
    """Upload, check, commit: the path of the pages and the API (the check kept and staged)."""
    batch = services.import_upload(
        actor=actor, upload=SimpleUploadedFile(path.name, path.read_bytes()), kind="people",
        mode=mode, language="th",
    )  # fmt: skip
    services.batch_check(batch=batch)
    batch.refresh_from_db()
    assert batch.status == Status.CHECKED, batch.error
    return batch, services.batch_commit(batch=batch)


@pytest.mark.parametrize("mode", ["all", "partial"])
def test_the_lean_path_stores_what_the_instance_path_stores(
    tmp_path, district_officer, monkeypatch, mode
):
    path = write_csv(tmp_path, [HEADERS, *ROWS])
    lean = run(district_officer, path, mode=mode)
    assert lean.created == len(ROWS) and lean.rejected_count == 0
    stored_lean = _stored()
    _empty()
    monkeypatch.setattr(PeopleKind, "lean_writes", False)
    monkeypatch.setattr(PeopleKind, "column_check", False)  # and read a row at a time
    through_instances = run(district_officer, path, mode=mode)
    assert through_instances.created == len(ROWS)
    stored = _stored()
    assert stored_lean == stored
    entry = LogEntry.objects.filter(action=LogEntry.Action.CREATE).first()
    assert entry.changes_dict["import_pending"] == [None, str(through_instances.batch.pk)]
    # And it is what a person is: derived columns, the hash kept out of the trail, found.
    somsri = stored["people"][("สมศรี", "ใจดี")]
    assert somsri["values"]["name_search"] and somsri["values"]["sort_key"]
    assert somsri["values"]["name_latin"]  # romanised right after the import
    assert "national_id_hash" not in somsri["audit"][0][4]
    assert somsri["audit"][0][2] == district_officer.pk
    assert somsri["records"] == [("person", "created", 2)]
    live = set(Rollup.objects.filter(metric="people").values_list("area_code", "key", "value"))
    rollup_rebuild()
    assert live == set(
        Rollup.objects.filter(metric="people").values_list("area_code", "key", "value")
    )


@pytest.mark.parametrize("mode", ["all", "partial"])
def test_the_staged_path_stores_what_the_instance_path_stores(
    tmp_path, district_officer, monkeypatch, mode
):
    path = write_csv(tmp_path, [HEADERS, *ROWS])
    written = []
    original = staging.write_new

    def counted(writer, model, seqs, **options):
        written.extend(seqs)
        return original(writer, model, seqs, **options)

    monkeypatch.setattr(staging, "write_new", counted)
    monkeypatch.setattr(staging, "SQLITE_PART", 7)  # SQLite: a chunk written in parts
    batch, result = _through_a_batch(district_officer, path, mode)
    assert (result.status, result.created, result.rejected_count) == ("done", len(ROWS), 0)
    assert sorted(set(written)) == list(range(len(ROWS)))  # every new person from staging
    assert not StagedPerson.objects.filter(batch_id=batch.pk).exists()  # gone once imported
    stored_staged = _stored()
    _empty()
    monkeypatch.setattr(PeopleKind, "lean_writes", False)
    monkeypatch.setattr(PeopleKind, "column_check", False)  # and read a row at a time
    through_instances = run(district_officer, path, mode=mode)
    assert through_instances.created == len(ROWS)
    stored = _stored()
    assert stored_staged == stored
    somsri = stored_staged["people"][("สมศรี", "ใจดี")]
    assert somsri["words"] and somsri["values"]["name_latin"]  # romanised right after


def test_a_staged_path_that_disagrees_with_the_instance_path_is_caught(
    tmp_path, district_officer, monkeypatch
):
    """The comparison above can fail: a staged row whose sort key the check wrote wrong."""
    path = write_csv(tmp_path, [HEADERS, *ROWS[:3]])
    original = staging.stage

    def skewed(batch_id, rows):
        for _seq, _number, _present, _text, record in rows:
            record["sort_key"] += "x"
        return original(batch_id, rows)

    monkeypatch.setattr(staging, "stage", skewed)
    _through_a_batch(district_officer, path, "all")
    staged = _stored()
    _empty()
    monkeypatch.setattr(PeopleKind, "lean_writes", False)
    run(district_officer, path)
    assert staged != _stored()


def test_a_lean_path_that_disagrees_with_the_instance_path_is_caught(
    tmp_path, district_officer, monkeypatch
):
    """The comparison above can fail: a lean path that derives one column differently."""
    from concenter.exchange.kinds import people

    path = write_csv(tmp_path, [HEADERS, *ROWS[:3]])
    original = people.PersonDraft.new_values

    def off_by_one(self):
        values = original(self)
        values["sort_key"] = values["sort_key"] + "x"
        return values

    monkeypatch.setattr(people.PersonDraft, "new_values", off_by_one)
    run(district_officer, path)
    skewed = _stored()
    _empty()
    monkeypatch.setattr(PeopleKind, "lean_writes", False)
    run(district_officer, path)
    assert skewed != _stored()

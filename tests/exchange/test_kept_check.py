"""The check's result is kept for the commit, and names are romanised after a large import
(docs/adr/0013-import-check-kept-and-names-romanised-after.md)."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from concenter.common.search import person_search
from concenter.exchange import checked, jobs, romanize, services
from concenter.exchange.models import (
    CheckedChunk,
    ImportBatch,
    ImportedRecord,
    Job,
    JobState,
    StagedPerson,
    Status,
)
from concenter.people.models import Person
from tests.exchange.helpers import PEOPLE_TH, person, run, valid_id, write_csv

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def _upload(user, rows, name="people.csv"):
    content = "\n".join(",".join(r) for r in rows).encode("utf-8-sig")
    return services.import_upload(
        actor=user, upload=SimpleUploadedFile(name, content), kind="people", mode="all",
        language="th",
    )  # fmt: skip


def _checked(user, rows):
    batch = _upload(user, rows)
    jobs.run(batch.pk)
    batch.refresh_from_db()
    assert batch.status == Status.CHECKED, (batch.status, batch.error)
    return batch


def test_the_commit_reads_what_the_check_kept_not_the_file(district_officer):
    batch = _checked(district_officer, [PEOPLE_TH, person("เก็บไว้"), person("ผลตรวจ")])
    assert checked.kept_rows(batch.pk) == 2
    # The file is gone: only the kept check can give the rows now.
    default_storage.delete(batch.stored_file)
    services.import_commit_request(actor=district_officer, batch=batch)
    jobs.run(batch.pk)
    batch.refresh_from_db()
    assert (batch.status, batch.created_count) == (Status.DONE, 2), batch.error
    assert set(Person.objects.values_list("given_name", flat=True)) >= {"เก็บไว้", "ผลตรวจ"}
    assert batch.headers[1] == "ชื่อ"  # the report keeps the check's header
    assert not CheckedChunk.objects.filter(batch_id=batch.pk).exists()  # gone once imported


def test_rows_refused_at_the_check_are_refused_again_with_their_messages(district_officer):
    batch = _checked(district_officer, [PEOPLE_TH, person("ดี"), person("เสีย", birth="ไม่รู้")])
    assert batch.rejected_count == 1
    default_storage.delete(batch.stored_file)
    services.import_commit_request(actor=district_officer, batch=batch, mode="partial")
    jobs.run(batch.pk)
    batch.refresh_from_db()
    assert (batch.status, batch.created_count, batch.rejected_count) == (Status.DONE, 1, 1)
    (rejected,) = batch.rejected.all()
    assert rejected.row == 3 and rejected.cells[1] == "เสีย"
    assert rejected.errors[0][0] == "ปีเกิด"


def test_what_changed_since_the_check_is_checked_again_at_the_commit(district_officer):
    national_id = valid_id("310010000001")
    batch = _checked(district_officer, [PEOPLE_TH, person("ซ้ำ", national_id=national_id)])
    # Someone registers the same person between the check and the commit: updated, not doubled.
    run(district_officer, write_csv_rows(district_officer, national_id))
    services.import_commit_request(actor=district_officer, batch=batch)
    jobs.run(batch.pk)
    batch.refresh_from_db()
    assert batch.status == Status.DONE
    assert (batch.created_count, batch.updated_count) == (0, 1)
    assert Person.objects.filter(national_id_last4=national_id[-4:]).count() == 1


def test_a_person_registered_by_name_since_the_check_is_updated_from_the_staged_row(
    district_officer, tmp_path
):
    """The commit finds people registered meanwhile by joining the staged rows (name within
    the subdistrict here), and changes them from the staged values."""
    batch = _checked(district_officer, [PEOPLE_TH, person("ชื่อซ้ำ", family="มีสุข")])
    assert StagedPerson.objects.filter(batch_id=batch.pk).count() == 1
    run(district_officer, write_csv(tmp_path, [PEOPLE_TH, person("ชื่อซ้ำ", family="มีสุข",
                                                               birth="2500")]))  # fmt: skip
    services.import_commit_request(actor=district_officer, batch=batch)
    jobs.run(batch.pk)
    batch.refresh_from_db()
    assert (batch.status, batch.created_count, batch.updated_count) == (Status.DONE, 0, 1)
    (found,) = Person.objects.filter(given_name="ชื่อซ้ำ")
    assert found.birth_year == 1967 and found.version == 2
    assert not StagedPerson.objects.filter(batch_id=batch.pk).exists()


def write_csv_rows(user, national_id):
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp())
    return write_csv(folder, [PEOPLE_TH, person("ซ้ำก่อน", national_id=national_id)])


def test_a_scope_taken_away_after_the_check_refuses_the_rows(district_officer):
    batch = _checked(district_officer, [PEOPLE_TH, person("ขอบเขต")])
    district_officer.roles.all().delete()  # the officer moved away (test set-up, no service)
    services.import_commit_request(actor=district_officer, batch=batch)
    jobs.run(batch.pk)
    batch.refresh_from_db()
    assert (batch.status, batch.created_count) == (Status.REFUSED, 0)
    assert not Person.everyone.filter(given_name="ขอบเขต").exists()
    assert not StagedPerson.objects.filter(batch_id=batch.pk).exists()  # gone with the refusal


def test_a_large_import_is_found_in_thai_at_once_and_romanised_after(
    tmp_path, district_officer, monkeypatch
):
    monkeypatch.setattr(romanize, "INLINE_MAX", 1)
    monkeypatch.setattr(romanize, "FILL_CHUNK", 1)
    path = write_csv(tmp_path, [PEOPLE_TH, person("สมชาย", "ใจดี"), person("สมศรี", "ใจดี")])
    result = run(district_officer, path)
    batch = result.batch
    batch.refresh_from_db()
    assert (batch.status, batch.job, batch.job_state) == (
        Status.DONE,
        Job.ROMANIZE,
        JobState.QUEUED,
    )
    assert romanize.pending_count(batch.pk) == 2
    assert [p.given_name for p in person_search(user=district_officer, query="สมชาย")] == ["สมชาย"]
    assert not person_search(user=district_officer, query="somchai")

    jobs.work(once=True)
    batch.refresh_from_db()
    assert (batch.job, batch.job_state) == (Job.NONE, JobState.IDLE)
    assert romanize.pending_count(batch.pk) == 0
    assert [p.given_name for p in person_search(user=district_officer, query="somchai")] == [
        "สมชาย"
    ]


def test_romanising_stopped_by_a_restart_starts_again_and_keeps_the_import(
    tmp_path, district_officer, monkeypatch
):
    monkeypatch.setattr(romanize, "INLINE_MAX", 1)
    path = write_csv(tmp_path, [PEOPLE_TH, person("มานะ"), person("มานี")])
    batch = run(district_officer, path).batch
    records = ImportedRecord.objects.filter(batch=batch).count()
    # The runner took the job and died.
    assert jobs.claim(batch.pk)
    stale = timezone.now() - datetime.timedelta(seconds=jobs.STALE_SECONDS + 60)
    ImportBatch.objects.filter(pk=batch.pk).update(job_heartbeat=stale)
    jobs.work(once=True, stale_seconds=0)  # `concenter work --stale-after 0` after a restart
    batch.refresh_from_db()
    assert (batch.status, batch.job, batch.job_state) == (Status.DONE, Job.NONE, JobState.IDLE)
    assert romanize.pending_count(batch.pk) == 0
    assert ImportedRecord.objects.filter(batch=batch).count() == records == 2  # undo still works


def test_a_name_edited_before_it_was_romanised_keeps_its_own(
    tmp_path, district_officer, monkeypatch
):
    from concenter.people.services import PersonData, person_update

    monkeypatch.setattr(romanize, "INLINE_MAX", 1)
    path = write_csv(tmp_path, [PEOPLE_TH, person("แก้"), person("ไม่แก้")])
    batch = run(district_officer, path).batch
    edited = Person.objects.get(given_name="แก้")
    person_update(actor=district_officer, person_id=edited.pk, expected_version=edited.version,
                  data=PersonData(given_name="Somsak", family_name="Jaidee"),
                  area_code=edited.area_id)  # fmt: skip
    latin = Person.objects.get(pk=edited.pk).name_latin
    romanize.fill(batch.pk)
    assert Person.objects.get(pk=edited.pk).name_latin == latin
    assert Person.objects.get(given_name="ไม่แก้").name_latin


def test_a_large_commit_by_the_runner_romanises_its_names_right_after(
    district_officer, monkeypatch
):
    monkeypatch.setattr(romanize, "INLINE_MAX", 1)
    batch = _checked(district_officer, [PEOPLE_TH, person("สมชาย", "ใจดี"), person("สมหญิง")])
    services.import_commit_request(actor=district_officer, batch=batch)
    jobs.run(batch.pk)
    batch.refresh_from_db()
    assert (batch.status, batch.job, batch.job_state) == (Status.DONE, Job.NONE, JobState.IDLE)
    assert romanize.pending_count(batch.pk) == 0
    assert [p.given_name for p in person_search(user=district_officer, query="somchai")] == [
        "สมชาย"
    ]

"""Batches: undo, the background runner, an interrupted job, retention of uploaded files."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from concenter.exchange import jobs, services
from concenter.exchange.models import ImportBatch, JobState, RejectedRow, StagedPerson, Status
from concenter.exchange.retention import purge_import_files
from concenter.exchange.undo import batch_undo
from concenter.network import services as network
from concenter.network.models import Organization, Rollup
from concenter.people.models import Person
from tests.exchange.helpers import PEOPLE_TH, person, run, write_csv

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def _upload(user, rows, name="people.csv", kind="people", mode="all"):
    content = "\n".join(",".join(r) for r in rows).encode("utf-8-sig")
    return services.import_upload(
        actor=user, upload=SimpleUploadedFile(name, content), kind=kind, mode=mode, language="th"
    )


def test_undo_deletes_what_the_batch_created_and_moves_the_rollups_back(tmp_path, district_officer):
    run(district_officer, write_csv(tmp_path, [PEOPLE_TH, person("เดิม")]))
    before = set(Rollup.objects.values_list("area_code", "metric", "key", "value"))
    result = run(district_officer, write_csv(tmp_path, [PEOPLE_TH, person("เดิม"), person("ใหม่")]))
    outcome = batch_undo(actor=district_officer, batch=result.batch)
    assert (outcome.deleted, outcome.kept_referenced) == (1, 0)
    assert not Person.objects.filter(given_name="ใหม่").exists()
    assert Person.objects.filter(given_name="เดิม").exists()
    assert result.batch.status == Status.UNDONE
    after = set(Rollup.objects.exclude(value=0).values_list("area_code", "metric", "key", "value"))
    assert after == {r for r in before if r[3]}
    with pytest.raises(Exception):  # noqa: B017 - a batch is undone once
        batch_undo(actor=district_officer, batch=result.batch)


def test_undo_keeps_what_others_refer_to(tmp_path, district_officer):
    result = run(district_officer, write_csv(tmp_path, [PEOPLE_TH, person("ผู้นำ"), person("อื่น")]))
    leader = Person.objects.get(given_name="ผู้นำ")
    network.organization_create(
        actor=district_officer, area_code="710104", type_code="village_fund", name="กองทุน",
        leader_id=leader.pk,
    )  # fmt: skip
    outcome = batch_undo(actor=district_officer, batch=result.batch)
    assert (outcome.deleted, outcome.kept_referenced) == (1, 1)
    assert Organization.objects.get().leader == leader


def test_a_small_upload_is_checked_and_imported_within_the_request(district_officer):
    batch = _upload(district_officer, [PEOPLE_TH, person("ทันที")])
    jobs.start(batch)
    batch.refresh_from_db()
    assert (batch.status, batch.job_state, batch.created_count) == (
        Status.CHECKED,
        JobState.IDLE,
        1,
    )
    assert not Person.objects.filter(given_name="ทันที").exists()
    services.import_commit_request(actor=district_officer, batch=batch)
    jobs.start(batch)
    batch.refresh_from_db()
    assert batch.status == Status.DONE and Person.objects.filter(given_name="ทันที").exists()


def test_a_large_upload_waits_for_the_runner(settings, district_officer, monkeypatch):
    settings.EXCHANGE_INLINE_MAX_BYTES = 10
    monkeypatch.setenv("CONCENTER_IMPORT_RUNNER", "command")
    batch = _upload(district_officer, [PEOPLE_TH, person("ในคิว")])
    jobs.start(batch)
    batch.refresh_from_db()
    assert (batch.status, batch.job_state) == (Status.UPLOADED, JobState.QUEUED)
    call_command("work", "--once")
    batch.refresh_from_db()
    assert (batch.status, batch.job_state, batch.created_count) == (
        Status.CHECKED,
        JobState.IDLE,
        1,
    )


def test_only_one_runner_takes_a_job(district_officer):
    batch = _upload(district_officer, [PEOPLE_TH, person("ครั้งเดียว")])
    assert jobs.claim(batch.pk) is True
    assert jobs.claim(batch.pk) is False


def test_a_job_whose_runner_died_is_shown_interrupted_and_can_run_again(district_officer):
    batch = _upload(district_officer, [PEOPLE_TH, person("สะดุด")])
    jobs.claim(batch.pk)
    stale = timezone.now() - datetime.timedelta(seconds=jobs.STALE_SECONDS + 60)
    ImportBatch.objects.filter(pk=batch.pk).update(job_heartbeat=stale)
    batch.refresh_from_db()
    assert jobs.is_stale(batch)
    jobs.work(once=True)
    batch.refresh_from_db()
    assert batch.job_state == JobState.FAILED and batch.job_error
    jobs.retry(batch)
    jobs.run(batch.pk)
    batch.refresh_from_db()
    assert batch.status == Status.CHECKED and batch.job_state == JobState.IDLE


def test_all_or_nothing_with_a_rejected_row_can_import_the_valid_rows_instead(district_officer):
    batch = _upload(district_officer, [PEOPLE_TH, person("ถูก"), person("ผิด", area="999999")])
    jobs.run(batch.pk)
    batch.refresh_from_db()
    assert batch.rejected_count == 1 and batch.mode == "all"
    services.import_commit_request(actor=district_officer, batch=batch, mode="partial")
    jobs.run(batch.pk)
    batch.refresh_from_db()
    assert (batch.status, batch.created_count, batch.rejected_count) == (Status.DONE, 1, 1)
    assert RejectedRow.objects.get(batch=batch).row == 3


def test_retention_purges_old_uploads_and_rejected_rows(district_officer):
    batch = _upload(district_officer, [PEOPLE_TH, person("เก่า", area="999999"), person("ค้าง")])
    jobs.run(batch.pk)
    batch.refresh_from_db()
    assert default_storage.exists(batch.stored_file) and batch.rejected.exists()
    assert StagedPerson.objects.filter(batch_id=batch.pk).count() == 1  # the check's new person
    assert purge_import_files(older_than_days=30) == 0
    ImportBatch.objects.filter(pk=batch.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )
    assert purge_import_files(older_than_days=30, for_real=False) == 1
    assert purge_import_files(older_than_days=30) == 1
    stored = batch.stored_file
    batch.refresh_from_db()
    assert batch.purged_at and not batch.stored_file and not default_storage.exists(stored)
    assert not batch.rejected.exists() and batch.rejected_count == 1
    assert not StagedPerson.objects.filter(batch_id=batch.pk).exists()

"""A commit's chunk decided from the staged rows' keys (`PeopleKind._check_staged`) stores
what the row-by-row check stores, and gives way to it whenever something changed since the
check."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from concenter.exchange import jobs, services
from concenter.exchange.engine import COMMIT_CHUNK_ROWS
from concenter.exchange.kinds.people import PeopleKind
from concenter.exchange.models import ImportBatch, ImportedRecord, Status
from concenter.network.models import Rollup
from concenter.people.models import Person
from tests.exchange.helpers import PEOPLE_TH, person, run, valid_id, write_csv

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

PERSON_FIELDS = (
    "given_name", "family_name", "title", "gender", "birth_year", "profession_id", "area_id",
    "subdistrict_code", "phone", "national_id_hash", "national_id_last4", "name_search",
    "sort_key", "version",
)  # fmt: skip


def _rows(chunks: int) -> list[list[str]]:
    """A file of `chunks` commit chunks: IDs on every other row, in-file duplicates by ID and
    by name, a row the check refuses, and (first row) a person registered before the file."""
    rows = [PEOPLE_TH, person("ลงทะเบียนแล้ว", family="ก่อนหน้า")]
    for index in range(COMMIT_CHUNK_ROWS * chunks):
        national_id = valid_id(f"3100{index:08d}") if index % 2 else ""
        rows.append(person(f"คน{index}", family=f"ทดสอบ{index}", national_id=national_id,
                           area=("710104", "710105")[index % 2]))  # fmt: skip
        if index % 97 == 0:
            rows.append(rows[-1])  # the same row again: refused as a duplicate of it
        if index % 211 == 0:
            rows.append(person(f"ผิด{index}", birth="ไม่รู้"))  # refused by the check
    return rows


def _checked(user, rows) -> ImportBatch:
    content = "\n".join(",".join(r) for r in rows).encode("utf-8-sig")
    batch = services.import_upload(
        actor=user, upload=SimpleUploadedFile("people.csv", content), kind="people",
        mode="partial", language="th",
    )  # fmt: skip
    jobs.run(batch.pk)
    batch.refresh_from_db()
    assert batch.status == Status.CHECKED, batch.error
    return batch


def _commit(user, batch) -> ImportBatch:
    services.import_commit_request(actor=user, batch=batch, mode="partial")
    jobs.run(batch.pk)
    batch.refresh_from_db()
    return batch


def _stored(batch) -> dict:
    return {
        "counts": (
            batch.status,
            batch.created_count,
            batch.updated_count,
            batch.unchanged_count,
            batch.rejected_count,
        ),
        "rejected": sorted((r.row, tuple(map(tuple, r.errors))) for r in batch.rejected.all()),
        "people": sorted(Person.objects.values_list(*PERSON_FIELDS)),
        "records": ImportedRecord.objects.filter(batch_id=batch.pk).count(),
        "rollups": sorted(Rollup.objects.values_list("area_code", "metric", "key", "value")),
    }


@pytest.fixture
def decisions(monkeypatch):
    """What `_check_staged` answered for each chunk of the commits in the test."""
    answers = []
    original = PeopleKind._check_staged

    def spy(self, rows):
        answer = original(self, rows)
        if self.context.writer is not None:  # a commit's chunk, not the check's
            answers.append(answer)
        return answer

    monkeypatch.setattr(PeopleKind, "_check_staged", spy)
    return answers


def test_the_staged_check_stores_what_the_row_by_row_check_stores(
    district_officer, tmp_path, decisions, monkeypatch
):
    run(district_officer, write_csv(tmp_path, [PEOPLE_TH, person("ลงทะเบียนแล้ว", family="ก่อนหน้า")]))
    rows = _rows(chunks=3)
    stored = {}
    for staged_check in (False, True):
        monkeypatch.setattr(PeopleKind, "staged_check", staged_check)
        decisions.clear()
        point = transaction.savepoint()
        batch = _commit(district_officer, _checked(district_officer, rows))
        stored[staged_check] = _stored(batch)
        transaction.savepoint_rollback(point)
        if staged_check:
            # The chunk holding the person registered before gives way; the others are decided
            # from their keys.
            assert decisions[0] is False and all(decisions[1:]) and len(decisions) >= 3
        else:
            assert decisions == []
    assert stored[True] == stored[False]
    status, created, updated, unchanged, rejected = stored[True]["counts"]
    assert status == Status.DONE and created > 3 * COMMIT_CHUNK_ROWS - 10
    assert (updated + unchanged, rejected > 0) == (1, True)


def test_a_person_registered_since_the_check_sends_the_chunk_row_by_row(
    district_officer, tmp_path, decisions
):
    national_id = valid_id("310099999991")
    batch = _checked(
        district_officer, [PEOPLE_TH, person("ใหม่"), person("ซ้ำ", national_id=national_id)]
    )
    run(district_officer, write_csv(tmp_path, [PEOPLE_TH, person("ซ้ำ", national_id=national_id)]))
    decisions.clear()  # that import's own chunk
    batch = _commit(district_officer, batch)
    assert decisions == [False]
    assert (batch.status, batch.created_count, batch.unchanged_count) == (Status.DONE, 1, 1)
    assert Person.objects.filter(given_name="ซ้ำ").count() == 1


def test_a_person_registered_by_name_since_the_check_sends_the_chunk_row_by_row(
    district_officer, tmp_path, decisions
):
    batch = _checked(district_officer, [PEOPLE_TH, person("ชื่อเดียวกัน"), person("อื่น")])
    run(district_officer, write_csv(tmp_path, [PEOPLE_TH, person("ชื่อเดียวกัน")]))
    decisions.clear()  # that import's own chunk
    batch = _commit(district_officer, batch)
    assert decisions == [False]
    assert Person.objects.filter(given_name="ชื่อเดียวกัน").count() == 1
    assert (batch.created_count, batch.updated_count + batch.unchanged_count) == (1, 1)


def test_a_clean_chunk_is_decided_from_its_keys(district_officer, decisions):
    batch = _commit(
        district_officer, _checked(district_officer, [PEOPLE_TH, person("หนึ่ง"), person("สอง")])
    )
    assert decisions == [True]
    assert (batch.status, batch.created_count) == (Status.DONE, 2)
    assert Person.objects.filter(given_name__in=["หนึ่ง", "สอง"]).count() == 2

"""Uploaded files kept in the database (common.storage.DatabaseStorage, ADR 0008)."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.db import transaction

from concenter.common import storage
from concenter.common.models import StoredFile, StoredFileChunk
from concenter.common.storage import DatabaseStorage

pytestmark = pytest.mark.django_db


class LaterStepFailed(Exception):
    pass


def test_the_default_storage_is_the_database():
    assert isinstance(storages["default"], DatabaseStorage)


def test_a_file_comes_back_byte_for_byte_across_chunks(monkeypatch):
    monkeypatch.setattr(storage, "CHUNK_BYTES", 1000)
    content = bytes(range(256)) * 20  # 5,120 bytes: six chunks, the last one partial

    name = default_storage.save("awards/evidence/report.pdf", ContentFile(content))

    row = StoredFile.objects.get(name=name)
    assert row.size == len(content) == default_storage.size(name)
    assert StoredFileChunk.objects.filter(file=row).count() == 6
    with default_storage.open(name, "rb") as handle:
        assert handle.read() == content


def test_a_taken_name_gets_another_and_both_files_stay():
    first = default_storage.save("imports/people.csv", ContentFile(b"first"))
    second = default_storage.save("imports/people.csv", ContentFile(b"second"))

    assert first == "imports/people.csv"
    assert second != first and second.startswith("imports/people")
    assert default_storage.open(first).read() == b"first"
    assert default_storage.open(second).read() == b"second"


def test_a_file_stored_in_a_rolled_back_transaction_is_gone_with_it():
    stored = []
    with pytest.raises(LaterStepFailed), transaction.atomic():
        stored.append(default_storage.save("events/photos/a.jpg", ContentFile(b"jpeg")))
        raise LaterStepFailed

    assert not default_storage.exists(stored[0])
    assert not StoredFileChunk.objects.exists()


def test_delete_removes_the_file_and_its_chunks():
    name = default_storage.save("stories/p.jpg", ContentFile(b"x" * 10))
    default_storage.delete(name)

    assert not default_storage.exists(name)
    assert not StoredFileChunk.objects.exists()
    with pytest.raises(FileNotFoundError):
        default_storage.open(name)


def test_listdir_names_folders_and_files_of_one_level():
    for name in ("awards/evidence/a.pdf", "awards/photos/b.jpg", "awards/c.png", "imports/d.csv"):
        default_storage.save(name, ContentFile(b"-"))

    assert default_storage.listdir("awards") == (["evidence", "photos"], ["c.png"])
    assert default_storage.listdir("") == (["awards", "imports"], [])
    with pytest.raises(FileNotFoundError):
        default_storage.listdir("nothing-here")


@pytest.mark.clock
def test_modified_time_is_when_it_was_written():
    import time_machine

    moment = datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        name = default_storage.save("activities/minutes.pdf", ContentFile(b"%PDF-"))
    assert default_storage.get_modified_time(name) == moment


def test_a_stored_file_has_no_public_address():
    name = default_storage.save("activities/minutes.pdf", ContentFile(b"%PDF-"))
    with pytest.raises(NotImplementedError):
        default_storage.url(name)


def test_media_import_stores_the_files_an_older_version_kept_on_disk(tmp_path, settings):
    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "awards" / "evidence").mkdir(parents=True)
    (tmp_path / "awards" / "evidence" / "a.pdf").write_bytes(b"%PDF-old")
    (tmp_path / "centers").mkdir()
    (tmp_path / "centers" / "logo.png").write_bytes(b"png")
    default_storage.save("centers/logo.png", ContentFile(b"already stored"))

    call_command("media_import")
    call_command("media_import")  # again: nothing twice

    assert default_storage.open("awards/evidence/a.pdf").read() == b"%PDF-old"
    assert default_storage.open("centers/logo.png").read() == b"already stored"
    assert StoredFile.objects.count() == 2

"""Uploads whose transaction rolled back are swept after a grace period; named files never are.

The rollbacks here are savepoint rollbacks inside the test's transaction, as a failed service
inside a request or an import is, so they behave the same on SQLite and PostgreSQL.

They run on the real date and are not marked `clock`: a file's modification time comes from the
kernel's clock, which time-machine cannot move, so files are aged relative to their own time and
the sweep is given `now` on that same clock.
"""

import datetime
import io
import os
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import models, transaction
from PIL import Image

from concenter.common import orphans, uploads
from concenter.common.orphans import orphan_uploads_sweep, upload_references
from concenter.exchange import services as exchange
from concenter.network import services as network
from concenter.network.models import Center

pytestmark = pytest.mark.django_db

SOURCE = Path(__file__).resolve().parents[2] / "concenter"
DAY = datetime.timedelta(hours=24)


class LaterStepFailed(Exception):
    """Stands for whatever makes the transaction roll back after the file was stored."""


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """The sweep over files on a disk: the installation keeps its files in the database, where a
    rollback takes the file with it (tests/common/test_storage.py), but the sweep still guards a
    folder of files (a FileSystemStorage, or files older versions left behind)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return settings.MEDIA_ROOT


def _age(name: str, *, hours: float) -> None:
    """Make a stored file look as if it had been written `hours` ago."""
    path = default_storage.path(name)
    moment = os.path.getmtime(path) - datetime.timedelta(hours=hours).total_seconds()
    os.utime(path, (moment, moment))


def _photo() -> uploads.CheckedUpload:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, format="JPEG")
    return uploads.check_upload(SimpleUploadedFile("photo.jpg", buffer.getvalue()))


def _named_import(user) -> str:
    """A committed import batch: its stored file is named by a row."""
    batch = exchange.import_upload(
        actor=user, upload=SimpleUploadedFile("people.csv", b"a,b\n1,2\n"), kind="people"
    )
    return batch.stored_file


def _photo_stored_then_rolled_back() -> str:
    stored = []
    with pytest.raises(LaterStepFailed), transaction.atomic():
        stored.append(uploads.store_upload(_photo(), folder="events/photos"))
        raise LaterStepFailed
    return stored[0]


def _import_stored_then_rolled_back(user) -> str:
    stored = []
    with pytest.raises(LaterStepFailed), transaction.atomic():
        stored.append(_named_import(user))
        raise LaterStepFailed
    return stored[0]


@pytest.mark.parametrize("kind", ["checked-upload", "import-file"])
def test_an_upload_whose_transaction_rolled_back_is_gone_after_the_sweep(kind, district_officer):
    named = _named_import(district_officer)
    if kind == "checked-upload":
        orphan = _photo_stored_then_rolled_back()
    else:
        orphan = _import_stored_then_rolled_back(district_officer)
    assert default_storage.exists(orphan)  # the rollback left it behind
    _age(orphan, hours=25)
    _age(named, hours=25)

    sweep = orphan_uploads_sweep(for_real=True)

    assert sweep.orphans == [orphan]
    assert sweep.deleted == 1
    assert not default_storage.exists(orphan)
    assert default_storage.exists(named)


@pytest.mark.parametrize("hours", [1, 25, 24 * 365 * 10], ids=["young", "a-day-old", "ten-years"])
def test_a_file_a_record_names_is_never_deleted(hours, district_officer):
    imported = _named_import(district_officer)
    center = network.center_create(actor=district_officer, area_code="710104")
    logo = default_storage.save("centers/logos/emblem.png", ContentFile(b"png"))
    Center.objects.filter(pk=center.pk).update(logo=logo)  # centers have no logo service yet
    for name in (imported, logo):
        _age(name, hours=hours)

    sweep = orphan_uploads_sweep(for_real=True)

    assert (sweep.orphans, sweep.deleted) == ([], 0)
    assert default_storage.exists(imported)
    assert default_storage.exists(logo)


def test_a_young_orphan_is_kept_until_the_grace_period_passes(district_officer):
    _age(_named_import(district_officer), hours=48)
    orphan = _photo_stored_then_rolled_back()
    written = default_storage.get_modified_time(orphan)

    early = orphan_uploads_sweep(for_real=True, now=written + DAY - datetime.timedelta(minutes=1))
    assert (early.orphans, early.young) == ([], 1)
    assert default_storage.exists(orphan)

    late = orphan_uploads_sweep(for_real=True, now=written + DAY + datetime.timedelta(minutes=1))
    assert late.orphans == [orphan]
    assert not default_storage.exists(orphan)


def test_a_dry_run_names_the_orphans_and_deletes_nothing(district_officer):
    _age(_named_import(district_officer), hours=48)
    orphan = _photo_stored_then_rolled_back()
    _age(orphan, hours=48)

    sweep = orphan_uploads_sweep(for_real=False)

    assert (sweep.orphans, sweep.deleted) == ([orphan], 0)
    assert default_storage.exists(orphan)


def test_files_outside_the_upload_folders_are_left_alone(district_officer):
    _age(_named_import(district_officer), hours=48)
    other = default_storage.save("someone-else/notes.txt", ContentFile(b"kept"))
    _age(other, hours=48)

    assert orphan_uploads_sweep(for_real=True).orphans == []
    assert default_storage.exists(other)


def test_the_sweep_refuses_when_the_database_names_no_upload_at_all():
    """A wrong DATABASE_URL (or a test database against the real media folder) must not look
    like a media folder full of orphans."""
    orphan = _photo_stored_then_rolled_back()
    _age(orphan, hours=48)

    sweep = orphan_uploads_sweep(for_real=True)

    assert sweep.refused
    assert (sweep.orphans, sweep.deleted) == ([], 0)
    assert default_storage.exists(orphan)


def test_many_files_are_checked_in_chunks(district_officer, monkeypatch):
    monkeypatch.setattr(orphans, "CHUNK", 2)
    named = [_named_import(district_officer) for _ in range(3)]
    lost = [_photo_stored_then_rolled_back() for _ in range(3)]
    for name in named + lost:
        _age(name, hours=48)

    sweep = orphan_uploads_sweep(for_real=True)

    assert sorted(sweep.orphans) == sorted(lost)
    assert all(default_storage.exists(name) for name in named)


def test_the_retention_command_sweeps_orphans_only_for_real(district_officer):
    named = _named_import(district_officer)
    orphan = _photo_stored_then_rolled_back()
    for name in (named, orphan):
        _age(name, hours=25)
    output = io.StringIO()

    call_command("retention", stdout=output)
    call_command("retention", "--dry-run", stdout=output)
    assert default_storage.exists(orphan)
    assert orphan in output.getvalue()

    call_command("retention", "--for-real", "--orphan-hours", "26", stdout=output)
    assert default_storage.exists(orphan)  # inside that longer grace period

    output = io.StringIO()
    call_command("retention", "--for-real", stdout=output)
    assert not default_storage.exists(orphan)
    assert default_storage.exists(named)
    assert "1 orphan uploads (named by no record, older than 24 hours) deleted" in output.getvalue()


# Every upload is known to the sweep ------------------------------------------------------------


def _storage_folders_in_source() -> set[str]:
    """The folders the code stores files in: store_upload(folder=…), the import's
    STORAGE_FOLDER, and upload_to of FileFields (only the fixed part before any {…})."""
    found = set()
    for path in SOURCE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"store_upload\([^)]*?folder=f?\"([^\"{]*)", text, re.S):
            found.add(match.group(1).strip("/"))
        for match in re.finditer(r"(?:STORAGE_FOLDER\s*=|upload_to=)\s*\"([^\"]*)\"", text):
            found.add(match.group(1).strip("/"))
    return found


def test_every_folder_the_code_stores_uploads_in_is_swept_and_named_by_a_column():
    folders = _storage_folders_in_source()
    assert {"events/photos", "awards/evidence", "imports", "centers/logos"} <= folders
    known = {reference.folder for reference in upload_references()}
    missing = {
        folder
        for folder in folders
        if not any(folder == known_one or folder.startswith(known_one + "/") for known_one in known)
    }
    assert not missing, (
        f"register these folders (common.orphans.upload_reference_register): {missing}"
    )


@pytest.mark.parametrize("reference", upload_references(), ids=lambda r: f"{r.model}.{r.field}")
def test_every_reference_is_a_column_holding_a_stored_name(reference):
    field = reference.model_class()._meta.get_field(reference.field)
    assert isinstance(field, models.CharField | models.FileField)

"""Uploaded files that no record points at any more ("orphans"), and their sweep.

A service stores an upload (`common.uploads.store_upload`, or the import's own upload) before its
transaction commits: the row that names the file must be written in that same transaction, so
the file has to exist first. When the transaction then rolls back (a later validation error, a
crash, a killed worker) the row is gone and the file stays behind, with nobody able to reach or
delete it. Django offers `transaction.on_commit` but no "on rollback", and a killed process runs
no except clause anyway, so the robust answer is a sweep: a file under an upload folder that no
database row names, and that is older than a grace period, is deleted. The grace period (24 hours)
keeps every file whose transaction may still be running; no transaction lasts that long.

Every app that stores uploads registers each column that holds a stored name from its
AppConfig.ready() (`upload_reference_register`); a test fails when a service stores files under a
folder nobody registered. The sweep runs from `concenter retention`
(a dry run unless --for-real).
"""

import contextlib
import datetime
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.core.files.storage import default_storage

from concenter.common import clock

logger = logging.getLogger(__name__)

ORPHAN_GRACE = datetime.timedelta(hours=24)
CHUNK = 500  # names per `IN (...)` query: far below SQLite's and PostgreSQL's parameter limits


@dataclass(frozen=True)
class UploadReference:
    """A column that holds the storage name of files kept under `folder`."""

    folder: str
    model: str  # "app_label.ModelName"
    field: str

    def model_class(self):
        return apps.get_model(self.model)


_REFERENCES: dict[tuple[str, str], UploadReference] = {}


def upload_reference_register(folder: str, *, model: str, field: str) -> None:
    """Say that column `field` of `model` ("app_label.ModelName") holds the storage names of
    files kept under `folder`."""
    _REFERENCES[(model, field)] = UploadReference(folder, model, field)


def upload_references() -> list[UploadReference]:
    return sorted(_REFERENCES.values(), key=lambda reference: (reference.folder, reference.model))


@dataclass
class OrphanSweep:
    """What one sweep found: `orphans` (deleted unless it was a dry run), how many files were
    too young to judge (inside the grace period), and why it refused to run, if it did."""

    orphans: list[str] = field(default_factory=list)
    young: int = 0
    deleted: int = 0
    refused: str = ""


def _files_under(folder: str) -> Iterator[str]:
    try:
        directories, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in sorted(files):
        yield f"{folder}/{name}"
    for directory in sorted(directories):
        yield from _files_under(f"{folder}/{directory}")


def upload_files() -> Iterator[str]:
    """Every stored file under the upload folders (storage names)."""
    for folder in sorted({reference.folder for reference in upload_references()}):
        yield from _files_under(folder)


def referenced_names(names: Iterable[str]) -> set[str]:
    """Those of `names` that some registered column holds (every column is asked, so a
    name moved from one table to another is still found)."""
    names = list(names)
    found: set[str] = set()
    for start in range(0, len(names), CHUNK):
        chunk = names[start : start + CHUNK]
        for reference in upload_references():
            rows = reference.model_class()._base_manager.filter(**{f"{reference.field}__in": chunk})
            found.update(str(value) for value in rows.values_list(reference.field, flat=True))
    return found


def _any_reference() -> bool:
    for reference in upload_references():
        rows = reference.model_class()._base_manager.exclude(**{reference.field: ""})
        if rows.exclude(**{f"{reference.field}__isnull": True}).exists():
            return True
    return False


def orphan_uploads_sweep(
    *,
    for_real: bool = False,
    grace: datetime.timedelta = ORPHAN_GRACE,
    now: datetime.datetime | None = None,
) -> OrphanSweep:
    """Find (and, for real, delete) the files under the upload folders that no row names and
    that were last written more than `grace` ago.

    Refuses, deleting nothing, when old files exist but the database names no upload at all:
    that is a wrong or empty database (a misconfigured DATABASE_URL, a test database against
    the real media folder), not thousands of orphans."""
    cutoff = (now or clock.now()) - grace
    result = OrphanSweep()
    old: list[str] = []
    for name in upload_files():
        if default_storage.get_modified_time(name) >= cutoff:
            result.young += 1
        else:
            old.append(name)
    if not old:
        return result
    if not _any_reference():
        result.refused = (
            f"{len(old)} uploaded files are kept but the database names none of them: "
            "is this the right database? Nothing was deleted."
        )
        logger.warning("orphan sweep refused: %s", result.refused)
        return result
    referenced = referenced_names(old)
    result.orphans = [name for name in old if name not in referenced]
    if for_real:
        for name in result.orphans:
            with contextlib.suppress(FileNotFoundError):
                default_storage.delete(name)
            result.deleted += 1
        logger.info("orphan sweep deleted %s unreferenced uploads", result.deleted)
    return result

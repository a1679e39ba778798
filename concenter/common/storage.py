"""Uploaded files kept in the database, so that every app server reaches them (ADR 0008).

`DatabaseStorage` is Django's Storage API over two tables (`common.StoredFile` and its
`StoredFileChunk` rows). Everything that stores a file goes through `default_storage`, which is
this storage: uploads checked by `common.uploads` (evidence, photos, documents, emblems, covers),
import files (`exchange.services`), logos. Consequences worth knowing:

* a file is written inside the caller's transaction: if the transaction rolls back, the file is
  gone too (the orphan sweep of `common.orphans` still cleans what older versions left);
* `concenter backup` (pg_dump / SQLite's backup) and `concenter dump` carry the files with the
  rows that name them; nothing lives on an app server's disk;
* reading opens a spooled temporary file: small files stay in memory, large ones spill to the
  server's temporary folder, a chunk at a time.
"""

import tempfile

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage
from django.db import IntegrityError, transaction
from django.utils.deconstruct import deconstructible

from concenter.common import clock

CHUNK_BYTES = 1024 * 1024


def _clean(name: str) -> str:
    return str(name).replace("\\", "/").lstrip("/")


@deconstructible(path="concenter.common.storage.DatabaseStorage")
class DatabaseStorage(Storage):
    """Files as rows of the default database, written and read a chunk (1 MB) at a time."""

    def _models(self):
        from concenter.common.models import StoredFile, StoredFileChunk

        return StoredFile, StoredFileChunk

    def _open(self, name: str, mode: str = "rb") -> File:
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("DatabaseStorage files are written with save(), not open()")
        stored_file, chunk = self._models()
        name = _clean(name)
        found = stored_file.objects.filter(name=name).values_list("pk", flat=True).first()
        if found is None:
            raise FileNotFoundError(name)
        spooled = tempfile.SpooledTemporaryFile(  # noqa: SIM115 - handed to the caller
            max_size=getattr(settings, "FILE_UPLOAD_MAX_MEMORY_SIZE", 5 * CHUNK_BYTES)
        )
        numbers = list(
            chunk.objects.filter(file_id=found).order_by("number").values_list("pk", flat=True)
        )
        for pk in numbers:  # one chunk in memory at a time
            data = chunk.objects.filter(pk=pk).values_list("data", flat=True).get()
            spooled.write(bytes(data))
        spooled.seek(0)
        return File(spooled, name=name)

    def _save(self, name: str, content) -> str:
        stored_file, chunk = self._models()
        name = _clean(name)
        if hasattr(content, "seek"):
            content.seek(0)
        for _attempt in range(3):
            try:
                with transaction.atomic():
                    now = clock.now()
                    row = stored_file.objects.create(name=name, created_at=now, modified_at=now)
                    size = 0
                    number = 0
                    while piece := content.read(CHUNK_BYTES):
                        if isinstance(piece, str):
                            piece = piece.encode("utf-8")
                        chunk.objects.create(file=row, number=number, data=piece)
                        size += len(piece)
                        number += 1
                    stored_file.objects.filter(pk=row.pk).update(size=size)
                return name
            except IntegrityError:
                # Another server took the name in the meantime: take another one.
                if hasattr(content, "seek"):
                    content.seek(0)
                name = self.get_available_name(name)
        raise FileExistsError(name)

    def delete(self, name: str) -> None:
        stored_file, chunk = self._models()
        with transaction.atomic():
            rows = stored_file.objects.filter(name=_clean(name))
            chunk.objects.filter(file__in=rows).delete()
            rows.delete()

    def exists(self, name: str) -> bool:
        stored_file, _chunk = self._models()
        return stored_file.objects.filter(name=_clean(name)).exists()

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        stored_file, _chunk = self._models()
        prefix = _clean(path).rstrip("/")
        prefix = f"{prefix}/" if prefix else ""
        names = stored_file.objects.filter(name__startswith=prefix).values_list("name", flat=True)
        directories: set[str] = set()
        files: list[str] = []
        for name in names:
            rest = name[len(prefix) :]
            if "/" in rest:
                directories.add(rest.split("/", 1)[0])
            else:
                files.append(rest)
        if not directories and not files and prefix:
            raise FileNotFoundError(path)
        return sorted(directories), sorted(files)

    def size(self, name: str) -> int:
        return self._row(name).size

    def get_modified_time(self, name: str):
        return self._row(name).modified_at

    def get_created_time(self, name: str):
        return self._row(name).created_at

    def url(self, name: str) -> str:
        raise NotImplementedError(
            "stored files have no public address: a view serves them after checking the "
            "reader's scope (common.uploads.stored_file_response)"
        )

    def _row(self, name: str):
        stored_file, _chunk = self._models()
        row = stored_file.objects.filter(name=_clean(name)).first()
        if row is None:
            raise FileNotFoundError(name)
        return row

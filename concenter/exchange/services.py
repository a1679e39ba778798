"""Imports: the one door for checking, importing and undoing a file, from a page, the API, the
command line (`concenter import`) or the benchmark (`concenter bench`).

The plain entry point is `import_run` (stable, documented in docs/exchange.md):

    result = import_run(actor=user, kind="people", path_or_file="people.csv",
                        mode="all", dry_run=False)
    result.created, result.updated, result.unchanged, result.rejected_count, result.batch

Pages go through a batch: `import_upload` keeps the file and asks for a check; `import_commit`
asks for the import; `import_undo` takes back what an import created. Each of these runs at once
for a small file and in the background (concenter.exchange.jobs) for a large one.
"""

import contextlib
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from concenter.common import audit, clock
from concenter.exchange import bulk, checked, romanize
from concenter.exchange.columns import ImportFileError
from concenter.exchange.engine import RunResult, run_rows
from concenter.exchange.kinds import KINDS
from concenter.exchange.models import ImportBatch, Job, JobState, Kind, Mode, RejectedRow, Status
from concenter.exchange.progress import Progress, clear_progress
from concenter.exchange.readers import EXTENSIONS, open_workbook

ImportResult = RunResult
MAX_UPLOAD_BYTES = 100 * 1024 * 1024
STORAGE_FOLDER = "imports"


@contextlib.contextmanager
def _local_path(path_or_file, file_name: str | None) -> Iterator[tuple[Path, str]]:
    """A path the readers can open (calamine reads paths): the path itself, or a temporary
    copy of a file object (an upload, a stored file, bytes in memory)."""
    if isinstance(path_or_file, (str, Path)):
        path = Path(path_or_file)
        yield path, file_name or path.name
        return
    name = file_name or getattr(path_or_file, "name", "") or "upload"
    with tempfile.TemporaryDirectory(prefix="concenter-import-") as folder:
        copy = Path(folder) / ("upload" + Path(name).suffix.lower())
        with copy.open("wb") as target:
            if hasattr(path_or_file, "seek"):
                path_or_file.seek(0)
            if hasattr(path_or_file, "chunks"):
                for chunk in path_or_file.chunks():
                    target.write(chunk)
            else:
                shutil.copyfileobj(path_or_file, target, 1 << 20)
        yield copy, name


@contextlib.contextmanager
def _acting_as(actor) -> Iterator[None]:
    """Audit entries name the importing user: in a request the request does, elsewhere (the
    command line, a background job) auditlog is told."""
    if audit.current_actor_and_address()[0] is not None:
        yield
        return
    from auditlog.context import set_actor

    with set_actor(actor):
        yield


def _check_arguments(kind: str, mode: str) -> None:
    if kind not in Kind.values:
        raise ValueError(f"unknown kind {kind!r}: one of {', '.join(Kind.values)}")
    if mode not in Mode.values:
        raise ValueError(f"unknown mode {mode!r}: one of {', '.join(Mode.values)}")


def import_run(
    *,
    actor,
    kind: str,
    path_or_file,
    file_name: str | None = None,
    mode: str = Mode.ALL,
    dry_run: bool = False,
    batch: ImportBatch | None = None,
    progress=None,
    language: str | None = None,
) -> ImportResult:
    """Check (`dry_run`) or import a file of `kind` as `actor` (whose change scope bounds every
    row). `path_or_file` is a path or a file object; `progress(phase, done, total)` is called
    as it goes. Raises ImportFileError when the file itself is refused (nothing is stored).

    An import (not a dry run) is one transaction and leaves a batch (`result.batch`, created
    when not given) with status "done", or "refused" when mode "all" met a rejected row (then
    nothing else is stored). A dry run stores only the report on `batch`, when given."""
    _check_arguments(kind, mode)
    language = language or (batch.language if batch else None) or get_language() or "th"
    sink = (
        progress
        if isinstance(progress, Progress)
        else Progress(batch.pk if batch else None, callback=progress)
    )
    try:
        if not dry_run and KINDS[kind].keeps_check and checked.usable(batch):
            # The check's result is kept: the file is not read again.
            with translation.override(language), _acting_as(actor):
                return _commit(actor=actor, kind=kind, workbook=None, mode=mode, batch=batch,
                               file_name=batch.file_name, size=batch.file_size,
                               language=language, sink=sink)  # fmt: skip
        with (
            _local_path(path_or_file, file_name) as (path, name),
            translation.override(language),
            _acting_as(actor),
        ):
            workbook = open_workbook(path, name)
            if dry_run:
                result = run_rows(actor=actor, kind=kind, workbook=workbook, mode=mode,
                                  writing=False, progress=sink,
                                  batch_id=batch.pk if batch else None)  # fmt: skip
                result.status = Status.CHECKED
                if batch is not None:
                    with transaction.atomic():
                        _store(batch, result, status=Status.CHECKED, mode=mode)
                result.batch = batch
                return result
            return _commit(actor=actor, kind=kind, workbook=workbook, mode=mode, batch=batch,
                           file_name=name, size=workbook.size, language=language, sink=sink)  # fmt: skip
    finally:
        sink.close()


def run_import(
    *,
    actor,
    path,
    file_name: str | None = None,
    kind: str,
    mode: str = Mode.ALL,
    dry_run: bool = False,
    batch: ImportBatch | None = None,
) -> tuple[ImportResult, ImportBatch | None]:
    """The first slice's entry point, kept for its callers: `import_run` as (result, batch)."""
    result = import_run(actor=actor, kind=kind, path_or_file=path, file_name=file_name,
                        mode=mode, dry_run=dry_run, batch=batch)  # fmt: skip
    return result, result.batch


def _commit(*, actor, kind, workbook, mode, batch, file_name, size, language, sink) -> ImportResult:
    if KINDS[kind].chunked_commit:
        return _commit_chunked(actor=actor, kind=kind, workbook=workbook, mode=mode, batch=batch,
                               file_name=file_name, size=size, language=language, sink=sink)  # fmt: skip
    new_batch = batch is None
    with transaction.atomic():
        if new_batch:
            batch = ImportBatch.objects.create(
                user=actor,
                file_name=file_name[:255],
                file_size=size,
                kind=kind,
                mode=mode,
                language=language,
            )
            sink.batch_id = sink.batch_id or batch.pk
        else:
            locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
            if locked.status not in (Status.UPLOADED, Status.CHECKED):
                raise ValidationError({"batch": _("This file has already been imported.")})
        result = run_rows(actor=actor, kind=kind, workbook=workbook, mode=mode, writing=True,
                          batch_id=batch.pk, progress=sink)  # fmt: skip
        refused = mode == Mode.ALL and result.rejected_count > 0
        if refused:
            transaction.set_rollback(True)
        else:
            # People this kind brought in (leaders, members, seats) are romanised as they are
            # created; their name words (ADR 0025) are written here, in the same transaction.
            romanize.words_fill(batch.pk)
            _store(batch, result, status=Status.DONE, mode=mode)
    if refused:
        with transaction.atomic():
            if new_batch:
                batch.pk = None
                batch._state.adding = True
                batch.save()
            _store(batch, result, status=Status.REFUSED, mode=mode)
    result.batch = batch
    result.status = batch.status
    return result


def _commit_chunked(*, actor, kind, workbook, mode, batch, file_name, size, language, sink):
    """A commit a chunk per short transaction, its records hidden until `bulk.publish` shows
    them in one short transaction at the end (docs/adr/0009-chunked-import-commit.md). Anything
    that stops it (a refusal, an error) discards what it wrote; a killed process leaves a
    running job that `jobs.mark_interrupted` discards."""
    new_batch = batch is None
    with transaction.atomic():
        if new_batch:
            # A job of its own, so a command killed half-way is found and cleaned up.
            batch = ImportBatch.objects.create(
                user=actor,
                file_name=file_name[:255],
                file_size=size,
                kind=kind,
                mode=mode,
                language=language,
                job=Job.COMMIT,
                job_state=JobState.RUNNING,
                job_heartbeat=clock.now(),
            )
            sink.batch_id = sink.batch_id or batch.pk
        else:
            locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
            if locked.status not in (Status.UPLOADED, Status.CHECKED):
                raise ValidationError({"batch": _("This file has already been imported.")})
    bulk.discard_pending(batch.pk)  # what an earlier, interrupted try left
    kept = batch.rows_read if workbook is None else 0
    try:
        result = run_rows(actor=actor, kind=kind, workbook=workbook, mode=mode, writing=True,
                          batch_id=batch.pk, progress=sink, kept=kept)  # fmt: skip
        if kept:
            # The header and the warnings are the check's.
            result.headers, result.header_row = batch.headers, batch.header_row
            result.warnings = list(batch.warnings)
        refused = mode == Mode.ALL and result.rejected_count > 0
        names_later = KINDS[kind].romanize_after and (
            result.created + result.updated > romanize.INLINE_MAX
        )
        if not refused:
            with transaction.atomic():
                bulk.publish(batch.pk, result.rollup_deltas)
                if new_batch:
                    batch.job, batch.job_state = Job.NONE, JobState.IDLE
                if names_later:
                    # Found by their Thai names now, by romanised ones after this job.
                    batch.job, batch.job_state = Job.ROMANIZE, JobState.QUEUED
                _store(batch, result, status=Status.DONE, mode=mode)
            checked.clear(batch.pk)
            if KINDS[kind].romanize_after and not names_later:
                romanize.fill(batch.pk)
    except ValidationError as exc:
        bulk.discard_pending(batch.pk)
        checked.clear(batch.pk)
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=Status.REFUSED, error=" ".join(exc.messages), job=Job.NONE,
            job_state=JobState.IDLE, created_count=0, updated_count=0,
        )  # fmt: skip
        raise
    except BaseException:
        bulk.discard_pending(batch.pk)
        raise
    if refused:
        bulk.discard_pending(batch.pk)
        checked.clear(batch.pk)
        with transaction.atomic():
            if new_batch:
                batch.job, batch.job_state = Job.NONE, JobState.IDLE
            _store(batch, result, status=Status.REFUSED, mode=mode)
    result.batch = batch
    result.status = batch.status
    return result


def _store(batch: ImportBatch, result: RunResult, *, status: str, mode: str) -> None:
    """The batch's counts and report after a run (rejected rows replace the last run's)."""
    if status == Status.REFUSED:
        # Nothing was stored: a refused batch reports no record created or changed.
        result.created = result.updated = 0
    batch.status = status
    batch.mode = mode
    batch.headers = result.headers
    batch.header_row = result.header_row
    batch.warnings = result.warnings
    batch.rows_read = result.rows_read
    batch.created_count = result.created
    batch.updated_count = result.updated
    batch.unchanged_count = result.unchanged
    batch.rejected_count = result.rejected_count
    batch.seconds = round(result.seconds, 3)
    batch.error = ""
    if status == Status.DONE:
        batch.committed_at = clock.now()
    batch.save()
    _replace_rejected(batch, result)


def _replace_rejected(batch: ImportBatch, result: RunResult) -> None:
    # Raw: these rows are the batch's report, not records anyone edits (no audit entry each).
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM exchange_rejectedrow WHERE batch_id = %s", [batch.pk])
    RejectedRow.objects.bulk_create(
        (
            RejectedRow(
                batch=batch,
                sheet=r.sheet[:100],
                row=r.row,
                cells=r.cells,
                errors=[list(e) for e in r.errors],
            )
            for r in result.rejected
        ),
        batch_size=500,
    )


# Batches: upload, check, import, undo --------------------------------------------------------


def _stored_name(file_name: str) -> str:
    return f"{STORAGE_FOLDER}/{uuid.uuid4().hex}{Path(file_name).suffix.lower()}"


@transaction.atomic
def import_upload(
    *, actor, upload, kind: str, mode: str = Mode.ALL, language: str | None = None
) -> ImportBatch:
    """Keep an uploaded file as a new batch and ask for its check (concenter.exchange.jobs runs
    it). The name is checked here; the content when the file is read."""
    _check_arguments(kind, mode)
    name = Path(getattr(upload, "name", "") or "upload").name
    size = getattr(upload, "size", None) or 0
    if not name.lower().endswith(EXTENSIONS):
        raise ValidationError({"file": _("Unsupported file type: use CSV, XLSX, XLS or ODS.")})
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {"file": _("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_BYTES >> 20}}
        )
    if hasattr(upload, "seek"):
        upload.seek(0)
    stored = default_storage.save(_stored_name(name), File(upload))
    return ImportBatch.objects.create(
        user=actor,
        file_name=name[:255],
        file_size=size or default_storage.size(stored),
        stored_file=stored,
        kind=kind,
        mode=mode,
        language=language or get_language() or "th",
        status=Status.UPLOADED,
        job=Job.CHECK,
        job_state=JobState.QUEUED,
    )


def _run_on_stored_file(batch: ImportBatch, *, dry_run: bool, progress=None) -> ImportResult:
    if not dry_run and KINDS[batch.kind].keeps_check and checked.usable(batch):
        return import_run(actor=batch.user, kind=batch.kind, path_or_file=None, mode=batch.mode,
                          batch=batch, progress=progress, language=batch.language)  # fmt: skip
    if not batch.stored_file or not default_storage.exists(batch.stored_file):
        raise ValidationError({"batch": _("The uploaded file is no longer kept: upload it again.")})
    with default_storage.open(batch.stored_file, "rb") as handle:
        return import_run(
            actor=batch.user,
            kind=batch.kind,
            path_or_file=handle,
            file_name=batch.file_name,
            mode=batch.mode,
            dry_run=dry_run,
            batch=batch,
            progress=progress,
            language=batch.language,
        )


def batch_check(*, batch: ImportBatch, progress=None) -> ImportResult | None:
    """The check (dry run) of an uploaded batch, as its uploader. A file refused whole leaves
    its message on the batch."""
    try:
        return _run_on_stored_file(batch, dry_run=True, progress=progress)
    except ImportFileError as exc:
        ImportBatch.objects.filter(pk=batch.pk).update(status=Status.REFUSED, error=str(exc))
        batch.refresh_from_db()
        return None


def batch_commit(*, batch: ImportBatch, progress=None) -> ImportResult | None:
    """The import of a checked batch, in one transaction, as its uploader."""
    try:
        return _run_on_stored_file(batch, dry_run=False, progress=progress)
    except ImportFileError as exc:
        ImportBatch.objects.filter(pk=batch.pk).update(status=Status.REFUSED, error=str(exc))
        batch.refresh_from_db()
        return None


def import_commit_request(*, actor, batch: ImportBatch, mode: str | None = None) -> ImportBatch:
    """Ask for the import of a checked batch (its uploader only; the runner does it)."""
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.user_id != actor.pk:
            from concenter.common.errors import NotFoundOrOutOfScope

            raise NotFoundOrOutOfScope()
        if locked.status != Status.CHECKED or locked.is_busy:
            raise ValidationError({"batch": _("Only a checked file can be imported.")})
        if mode is not None:
            _check_arguments(locked.kind, mode)
            locked.mode = mode
        locked.job = Job.COMMIT
        locked.job_state = JobState.QUEUED
        locked.job_error = ""
        locked.save(update_fields=["mode", "job", "job_state", "job_error"])
    clear_progress(locked.pk)
    return locked


def import_undo_request(*, actor, batch: ImportBatch) -> ImportBatch:
    """Ask for the undo of an imported batch (its uploader or a national administrator)."""
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != Status.DONE or locked.is_busy:
            raise ValidationError({"batch": _("Only an imported batch can be undone.")})
        locked.job = Job.UNDO
        locked.job_state = JobState.QUEUED
        locked.job_error = ""
        locked.save(update_fields=["job", "job_state", "job_error"])
    clear_progress(locked.pk)
    return locked

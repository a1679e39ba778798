"""Imports over the API: upload a file (checked at once, or in the background when large),
read its report and progress, import it, undo it. A batch is its uploader's (a national
administrator sees every batch); anyone else gets 404."""

from datetime import datetime

from django.utils.translation import get_language
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from concenter.api.base import AUTH
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.exchange import jobs, selectors, services
from concenter.exchange.models import ImportBatch, Kind, Mode
from concenter.exchange.progress import read_progress

router = Router(tags=["imports"], auth=AUTH)
REJECTED_SHOWN = 200


class RejectedRowOut(Schema):
    sheet: str
    row: int
    errors: list[list[str]]


class BatchOut(Schema):
    id: int
    file_name: str
    kind: str
    mode: str
    status: str
    job: str
    job_state: str
    progress_percent: int | None
    rows_read: int
    created: int
    updated: int
    unchanged: int
    rejected: int
    warnings: list[str]
    error: str
    uploaded_at: datetime
    committed_at: datetime | None


class BatchDetailOut(BatchOut):
    rejected_rows: list[RejectedRowOut]


def _out(batch: ImportBatch, *, rows: bool = False) -> dict:
    snapshot = read_progress(batch) if batch.is_busy else None
    data = {
        "id": batch.pk,
        "file_name": batch.file_name,
        "kind": batch.kind,
        "mode": batch.mode,
        "status": batch.status,
        "job": batch.job,
        "job_state": batch.job_state,
        "progress_percent": snapshot.percent if snapshot else None,
        "rows_read": batch.rows_read,
        "created": batch.created_count,
        "updated": batch.updated_count,
        "unchanged": batch.unchanged_count,
        "rejected": batch.rejected_count,
        "warnings": batch.warnings,
        "error": batch.error,
        "uploaded_at": batch.created_at,
        "committed_at": batch.committed_at,
    }
    if rows:
        data["rejected_rows"] = [
            {"sheet": r.sheet, "row": r.row, "errors": r.errors}
            for r in selectors.batch_rejected(batch)[:REJECTED_SHOWN]
        ]
    return data


@router.get("/imports", response=list[BatchOut])
def import_list(request):
    """The caller's import batches, newest first (every batch for a national administrator)."""
    return [_out(b) for b in selectors.batch_list(user=request.user)[:200]]


@router.post("/imports", response={201: BatchDetailOut})
def import_upload(
    request,
    kind: Form[Kind],
    file: File[UploadedFile],
    mode: Form[Mode] = Mode.ALL,
):
    """Upload a CSV, XLSX, XLS or ODS file of `kind`; its check (dry run) runs at once for a
    small file, in the background for a large one (poll the batch)."""
    batch = services.import_upload(
        actor=request.user, upload=file, kind=kind, mode=mode, language=get_language()
    )
    jobs.start(batch)
    batch.refresh_from_db()
    return Status(201, _out(batch, rows=True))


@router.get("/imports/{batch_id}", response=BatchDetailOut)
def import_detail(request, batch_id: int):
    """A batch: its counts, progress, warnings and (the first 200) rejected rows."""
    return _out(selectors.batch_get(user=request.user, batch_id=batch_id), rows=True)


class CommitIn(Schema):
    mode: Mode | None = None


@router.post("/imports/{batch_id}/commit", response=BatchDetailOut)
def import_commit(request, batch_id: int, payload: CommitIn | None = None):
    """Import a checked batch (its uploader only), in one transaction."""
    batch = selectors.batch_get(user=request.user, batch_id=batch_id)
    if batch.user_id != request.user.pk:
        raise NotFoundOrOutOfScope()
    batch = services.import_commit_request(
        actor=request.user, batch=batch, mode=payload.mode if payload else None
    )
    jobs.start(batch)
    batch.refresh_from_db()
    return _out(batch, rows=True)


@router.post("/imports/{batch_id}/undo", response=BatchOut)
def import_undo(request, batch_id: int):
    """Delete what an imported batch created (records others refer to are kept)."""
    batch = selectors.batch_get(user=request.user, batch_id=batch_id)
    batch = services.import_undo_request(actor=request.user, batch=batch)
    jobs.start(batch)
    batch.refresh_from_db()
    return _out(batch)

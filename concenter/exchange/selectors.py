"""Reads of imports: a batch is its uploader's; national administrators see every batch."""

from django.db.models import QuerySet

from concenter.accounts.scope import Access, user_scope
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.exchange.models import ImportBatch, RejectedRow


def batch_list(*, user) -> QuerySet[ImportBatch]:
    qs = ImportBatch.objects.select_related("user")
    if not user_scope(user, Access.CHANGE).everything:
        qs = qs.filter(user=user)
    return qs.order_by("-created_at", "-pk")


def batch_get(*, user, batch_id: int) -> ImportBatch:
    """The batch, or NotFoundOrOutOfScope (404) for anyone but its uploader or a national
    administrator."""
    batch = batch_list(user=user).filter(pk=batch_id).first()
    if batch is None:
        raise NotFoundOrOutOfScope()
    return batch


def batch_rejected(batch: ImportBatch) -> QuerySet[RejectedRow]:
    return RejectedRow.objects.filter(batch=batch).order_by("pk")

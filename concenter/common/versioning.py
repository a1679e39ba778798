"""Optimistic concurrency: the version check shared by every update service."""

from typing import TypeVar

from django.db import models

from concenter.common.errors import StaleVersion

M = TypeVar("M", bound=models.Model)


def lock_for_update(queryset: models.QuerySet[M], *, expected_version: int | None) -> M:
    """Lock the row for the rest of the transaction and refuse it if its version moved on.

    `expected_version=None` is for internal callers (imports, commands) that do not edit from a
    form a person opened earlier. The caller saves the returned instance, whose version is
    already increased by one.
    """
    instance = queryset.select_for_update().get()
    if expected_version is not None and instance.version != expected_version:
        raise StaleVersion(current_version=instance.version)
    instance.version += 1
    return instance

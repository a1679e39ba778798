"""Building blocks shared by the domain models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """A record edited by people: every edit names the version it started from (no lost update)."""

    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        abstract = True


class SortKeyField(models.CharField):
    """A `thai_sort_key` column. The key gives Thai dictionary order under binary comparison,
    which SQLite does by default and PostgreSQL only under the "C" collation."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 600)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def db_parameters(self, connection):
        parameters = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            parameters["collation"] = "C"
        return parameters


class StoredFile(models.Model):
    """A file kept in the database (`common.storage.DatabaseStorage`): every app server reads
    the same files, a backup or a dump carries them, and a rolled-back transaction takes its
    files with it (ADR 0008). The bytes are in `StoredFileChunk` rows."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    size = models.BigIntegerField(_("size"), default=0)
    created_at = models.DateTimeField(_("created at"))
    modified_at = models.DateTimeField(_("modified at"))

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")

    def __str__(self) -> str:
        return self.name


class StoredFileChunk(models.Model):
    """One piece of a stored file, in order: a file is written and read a chunk at a time, so a
    100 MB import never sits whole in memory."""

    file = models.ForeignKey(StoredFile, on_delete=models.CASCADE, related_name="chunks")
    number = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["file", "number"], name="stored_file_chunk_unique")
        ]

    def __str__(self) -> str:
        return f"{self.file_id}#{self.number}"


# The scopes a list of people or organisations is read in: everyone, a province, a district, a
# subdistrict (accounts.scope's columns), each with its index in list order.
LIST_INDEXES = (
    ((), "all"),
    (("province_code",), "province"),
    (("district_code",), "district"),
    (("subdistrict_code",), "subdistrict"),
)

"""Spreadsheet imports: one batch per uploaded file, and the records each batch touched."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from concenter.common import audit


class Kind(models.TextChoices):
    PEOPLE = "people", _("People")
    ORGANIZATIONS = "organizations", _("Organizations")


class Mode(models.TextChoices):
    ALL = "all", _("All or nothing")
    PARTIAL = "partial", _("Valid rows now, rejected rows kept")


class Status(models.TextChoices):
    CHECKED = "checked", _("Checked, not imported yet")
    DONE = "done", _("Imported")
    REFUSED = "refused", _("Nothing imported (a row was refused)")
    UNDONE = "undone", _("Undone")


class ImportBatch(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    committed_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.ALL)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CHECKED
    )
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    rejected_count = models.PositiveIntegerField(_("rejected"), default=0)
    # The uploaded file until it is imported (then cleared), and the report of the last run.
    content = models.BinaryField(null=True, blank=True, editable=False)
    headers = models.JSONField(default=list, blank=True)
    report = models.JSONField(default=list, blank=True)  # [{row, action, errors: [[col, msg]]}]
    rejected_rows = models.JSONField(default=list, blank=True)  # [{row, cells, errors}]
    error = models.TextField(_("file error"), blank=True)

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self) -> str:
        return reverse("exchange:detail", args=[self.pk])


class Action(models.TextChoices):
    CREATED = "created", _("Created")
    UPDATED = "updated", _("Updated")


class ImportedRecord(models.Model):
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="records")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    action = models.CharField(max_length=10, choices=Action.choices)
    row = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["kind", "object_id"], name="imported_record_object")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} ({self.action})"


# The upload, the report and the rejected rows hold personal data: kept out of the log.
audit.register(ImportBatch, exclude_fields=["content", "report", "rejected_rows", "headers"])
audit.register(ImportedRecord)

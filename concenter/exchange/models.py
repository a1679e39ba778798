"""Spreadsheet imports: one batch per uploaded file, the records each batch touched, and the rows
it refused (kept, with their messages, to be fixed and uploaded again).

A batch is also the job that runs it in the background (see docs/adr/0006-background-imports.md):
`job` says what is asked of it (check, import, undo), `state` where that job stands.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from concenter.common import audit


class Kind(models.TextChoices):
    """What a file holds (each kind has its columns in concenter.exchange.kinds)."""

    VILLAGES = "villages", _("Villages")
    PEOPLE = "people", _("People")
    ORGANIZATIONS = "organizations", _("Organizations")
    MEMBERS = "members", _("Organization members")
    CENTERS = "centers", _("Centers")
    COMMITTEES = "committees", _("Committees (seats of a term)")
    PARTNERS = "partners", _("Partners")
    ACTIVITIES = "activities", _("Activities")


class Mode(models.TextChoices):
    ALL = "all", _("All or nothing")
    PARTIAL = "partial", _("Valid rows now, rejected rows kept")


class Status(models.TextChoices):
    """Where the batch stands in the life of an import."""

    UPLOADED = "uploaded", _("Uploaded, waiting to be checked")
    CHECKED = "checked", _("Checked, not imported yet")
    DONE = "done", _("Imported")
    REFUSED = "refused", _("Nothing imported")
    UNDONE = "undone", _("Undone")


class Job(models.TextChoices):
    """The work asked of the background runner."""

    NONE = "", _("Nothing")
    CHECK = "check", _("Check the file")
    COMMIT = "commit", _("Import")
    UNDO = "undo", _("Undo")
    ROMANIZE = "romanize", _("Romanise the names")


class JobState(models.TextChoices):
    IDLE = "idle", _("Idle")
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    FAILED = "failed", _("Stopped by an error")


class ImportBatch(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    committed_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    file_size = models.PositiveBigIntegerField(_("file size"), default=0)
    # The uploaded file in the default storage, until it is imported or the retention purges it.
    stored_file = models.CharField(max_length=255, blank=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.ALL)
    language = models.CharField(max_length=10, default="th", editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.UPLOADED
    )
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected_count = models.PositiveIntegerField(_("rejected"), default=0)
    headers = models.JSONField(default=list, blank=True)
    header_row = models.PositiveIntegerField(default=1)
    warnings = models.JSONField(default=list, blank=True)
    error = models.TextField(_("file error"), blank=True)
    seconds = models.FloatField(_("seconds"), default=0)
    # The background job: what is asked, where it stands, its progress (rows of rows_total).
    job = models.CharField(max_length=10, choices=Job.choices, default=Job.NONE, blank=True)
    job_state = models.CharField(
        max_length=10, choices=JobState.choices, default=JobState.IDLE, db_index=True
    )
    job_error = models.TextField(blank=True)
    job_heartbeat = models.DateTimeField(null=True, blank=True)
    progress_done = models.PositiveBigIntegerField(default=0)
    progress_total = models.PositiveBigIntegerField(default=0)
    purged_at = models.DateTimeField(_("file purged at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "created_at"], name="import_batch_user")]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self) -> str:
        return reverse("exchange:detail", args=[self.pk])

    @property
    def is_busy(self) -> bool:
        return self.job_state in (JobState.QUEUED, JobState.RUNNING)


class JobProgress(models.Model):
    """How far a batch's running job has come, on PostgreSQL (SQLite: a file, see progress.py).

    A row of its own, written through a second autocommit connection while the job's transaction
    runs: the job never locks it, and `batch_id` is a plain number, not a foreign key, because
    an insert that names a row through a foreign key waits for whoever holds that row (the
    commit holds its batch)."""

    batch_id = models.BigIntegerField(primary_key=True)
    phase = models.CharField(max_length=20, blank=True)
    done = models.PositiveBigIntegerField(default=0)
    total = models.PositiveBigIntegerField(default=0)
    at = models.FloatField(default=0)  # time.time() of the last write

    def __str__(self) -> str:
        return f"{self.batch_id}: {self.done}/{self.total}"


class StagedChange(models.Model):
    """Changes to existing records that a chunked import found, applied only when the import is
    published (docs/adr/0009-chunked-import-commit.md): until then everyone sees the records as
    they were. One row per chunk; `payload` is what the importer itself pickled."""

    batch_id = models.BigIntegerField(db_index=True)
    payload = models.BinaryField()

    def __str__(self) -> str:
        return f"{self.batch_id}: staged change {self.pk}"


class CheckedChunk(models.Model):
    """What the check of a batch read and parsed, kept so its commit never reads or parses the
    file again (concenter.exchange.checked; docs/adr/0013). One row per chunk of the file: the
    rows' cells, their parse errors and the values checked, compressed. Deleted when the batch
    is imported, refused, checked again or purged."""

    batch_id = models.BigIntegerField(db_index=True)
    number = models.PositiveIntegerField()
    rows = models.PositiveIntegerField()
    payload = models.BinaryField()

    def __str__(self) -> str:
        return f"{self.batch_id}: checked chunk {self.number}"


class StagedPerson(models.Model):
    """A new person as the check of a batch found them in a row of its file, every column the
    person will be created with (derived ones too: search key, sort key), typed, so the commit
    writes people, audit entries, name index and bookkeeping with a few `INSERT … SELECT` per
    chunk (concenter.exchange.staging; docs/adr/0027). Keyed by batch and `seq` (the row's
    place among the staged rows of the file).
    Deleted with the kept check: when the batch is imported, refused, checked again or purged."""

    batch_id = models.BigIntegerField()
    seq = models.PositiveIntegerField()
    row = models.PositiveIntegerField()
    present = models.CharField(max_length=250)  # the person fields whose column the sheet has
    object_repr = models.CharField(max_length=500)  # str(person): the audit entry's text
    # The Person columns (people.Person), as the person is created.
    area_id = models.CharField(max_length=12)
    province_code = models.CharField(max_length=12)
    district_code = models.CharField(max_length=12)
    subdistrict_code = models.CharField(max_length=12)
    title = models.CharField(max_length=50)
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    given_name_en = models.CharField(max_length=100)
    family_name_en = models.CharField(max_length=100)
    gender = models.CharField(max_length=12)
    birth_year = models.PositiveSmallIntegerField(null=True)
    profession_id = models.CharField(max_length=40, null=True)
    phone = models.CharField(max_length=30)
    email = models.CharField(max_length=254)
    national_id_hash = models.CharField(max_length=64, null=True)
    national_id_last4 = models.CharField(max_length=4)
    name_search = models.CharField(max_length=250)
    name_latin = models.CharField(max_length=250)
    sort_key = models.CharField(max_length=600)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["batch_id", "seq"], name="stagedperson_batch_seq")
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}: staged person {self.seq}"


class RecordKind(models.TextChoices):
    """The kind of record an import created or updated (a committee import creates people,
    terms and seats). Undo deletes them in the reverse of this order."""

    AREA = "area", _("Village")
    PERSON = "person", _("Person")
    CENTER = "center", _("Center")
    PARTNER = "partner", _("Partner")
    ORGANIZATION = "organization", _("Organization")
    TERM = "term", _("Committee term")
    ACTIVITY = "activity", _("Activity")
    MEMBER = "member", _("Organization member")
    SEAT = "seat", _("Committee seat")


class Action(models.TextChoices):
    CREATED = "created", _("Created")
    UPDATED = "updated", _("Updated")


class ImportedRecord(models.Model):
    # No index of its own: `imported_record_batch` (batch, kind) leads with it (ADR 0034).
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.CASCADE, related_name="records", db_index=False
    )
    kind = models.CharField(max_length=20, choices=RecordKind.choices)
    # Centers and villages are known by their area code; every other record by its id.
    object_key = models.CharField(max_length=20)
    action = models.CharField(max_length=10, choices=Action.choices)
    row = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["kind", "object_key"], name="imported_record_object"),
            models.Index(fields=["batch", "kind"], name="imported_record_batch"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_key} ({self.action})"


class RejectedRow(models.Model):
    """A row the last run of a batch refused: its cells as uploaded and why, column by column."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rejected")
    sheet = models.CharField(max_length=100, blank=True)
    row = models.PositiveIntegerField()
    cells = models.JSONField(default=list)
    errors = models.JSONField(default=list)  # [[column label, message], ...]

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.batch_id} row {self.row}"

    def error_text(self) -> str:
        return "; ".join(f"{column}: {text}" if column else text for column, text in self.errors)


# The rows, headers and warnings hold personal data as uploaded: kept out of the log.
audit.register(
    ImportBatch, exclude_fields=["headers", "warnings", "progress_done", "job_heartbeat"]
)
audit.register(ImportedRecord)
audit.register(RejectedRow, exclude_fields=["cells", "errors"])

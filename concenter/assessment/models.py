"""The yearly strength assessment of the centers (การประเมินความเข้มแข็ง ศอช.).

A template holds the dimensions and indicators of one fiscal year and how each is scored; a
round opens it for one level of center; each center fills an assessment (its answers, with
evidence), which goes up the levels: submitted by the center, verified or returned by the
district, approved (and so locked) by the province. Every move is a step, kept beside the
audit trail. Every write goes through concenter/assessment/services.py.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from concenter.common import audit
from concenter.common.fields import optional_link
from concenter.common.models import TimeStampedModel, VersionedModel
from concenter.common.models_area import PlacedInArea
from concenter.network.models import CenterLevel


class Template(VersionedModel):
    """The dimensions and indicators of one fiscal year. The template without a year is the
    default that a new year's template is copied from. Frozen once a round opens on it."""

    name = models.CharField(_("name"), max_length=250)
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year (BE)"), null=True, blank=True, unique=True
    )
    # A total at or above this (out of 100) is the top band: the center gets a certificate.
    top_band_from = models.DecimalField(
        _("top band from (score out of 100)"), max_digits=5, decimal_places=2, default=80
    )
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)

    class Meta:
        verbose_name = _("assessment template")
        verbose_name_plural = _("assessment templates")
        ordering = ["-fiscal_year"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("assessment:template_detail", args=[self.pk])

    @property
    def frozen(self) -> bool:
        return self.frozen_at is not None


class Dimension(VersionedModel):
    template = models.ForeignKey(
        Template, verbose_name=_("template"), on_delete=models.CASCADE, related_name="dimensions"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=250)
    weight = models.PositiveSmallIntegerField(_("weight"), default=20)

    class Meta:
        verbose_name = _("assessment dimension")
        verbose_name_plural = _("assessment dimensions")
        ordering = ["template", "number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="dimension_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class ScoringKind(models.TextChoices):
    LEVELS = "levels", _("Levels 1–5, a description per level")
    NUMBER = "number", _("A number, scored by bands")


class DataSource(models.TextChoices):
    """Figures the product can answer from its own records (concenter/assessment/data.py)."""

    NONE = "", _("None: the committee answers")
    COMMITTEE_ROLES = "committee_roles", _("Committee members who take part in its meetings (%)")
    MEMBER_ORGANIZATIONS = "member_organizations", _("Member organizations of the center")
    COMMITTEE_MEETINGS = "committee_meetings", _("Committee meetings in the fiscal year")
    COMMUNITY_PLAN = "community_plan", _("Community plan projects for the fiscal year")
    COORDINATION = "coordination", _("Activities co-ordinating member organizations")
    DEVELOPMENT = "development", _("Projects and campaigns in the fiscal year")
    TRAINING = "training", _("Trainings in the fiscal year")
    PARTNERS = "partners", _("Co-operation with partners in the fiscal year")
    LEADERS = "leaders", _("People who attended trainings in the fiscal year")


class Indicator(VersionedModel):
    dimension = models.ForeignKey(
        Dimension, verbose_name=_("dimension"), on_delete=models.CASCADE, related_name="indicators"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.CharField(_("indicator"), max_length=500)
    kind = models.CharField(
        _("scored as"), max_length=10, choices=ScoringKind.choices, default=ScoringKind.LEVELS
    )
    # Five descriptions, level 1 first (levels), or the unit of the number.
    level_descriptions = models.JSONField(_("description of each level"), default=list)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    # Four ascending thresholds: a figure at or above the n-th reaches level n+1 (level 1 below).
    bands = models.JSONField(_("bands (the figure that reaches levels 2, 3, 4, 5)"), default=list)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    source = models.CharField(
        _("pre-filled from"), max_length=30, choices=DataSource.choices, blank=True, default=""
    )

    class Meta:
        verbose_name = _("assessment indicator")
        verbose_name_plural = _("assessment indicators")
        ordering = ["dimension", "number"]
        constraints = [
            models.UniqueConstraint(fields=["dimension", "number"], name="indicator_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"

    @property
    def code(self) -> str:
        return f"{self.dimension.number}.{self.number}"


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Round(VersionedModel):
    """One assessment round: a fiscal year's template opened for one level of center."""

    template = models.ForeignKey(
        Template, verbose_name=_("template"), on_delete=models.PROTECT, related_name="rounds"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (BE)"))
    level = models.CharField(_("level of center"), max_length=12, choices=CenterLevel.choices)
    opens_on = models.DateField(_("opens on"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    opened_by = optional_link(_("opened by"))
    reminded_at = models.DateTimeField(_("last reminders sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("assessment round")
        verbose_name_plural = _("assessment rounds")
        ordering = ["-fiscal_year", "level"]
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "level"], name="round_year_level"),
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("opens_on")), name="round_due_after_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year} · {self.get_level_display()}"

    def get_absolute_url(self) -> str:
        return reverse("assessment:round_detail", args=[self.pk])


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    VERIFIED = "verified", _("Verified by the district")
    APPROVED = "approved", _("Approved and locked")


EDITABLE_STATUSES = frozenset({AssessmentStatus.DRAFT, AssessmentStatus.RETURNED})


class Assessment(PlacedInArea, VersionedModel):
    """The assessment of one center in one round; its area is the center's area."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="assessments"
    )
    center = models.ForeignKey(
        "network.Center",
        verbose_name=_("center"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
    )
    # The scores, out of 100, kept by the services whenever an answer changes.
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, default=0)
    data_score = models.DecimalField(
        _("score from the records"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    dimension_scores = models.JSONField(_("score of each dimension"), default=dict)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved and locked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(fields=["round", "center"], name="assessment_round_center")
        ]
        indexes = [
            models.Index(fields=["round", "district_code"], name="assessment_round_district"),
            models.Index(fields=["round", "province_code"], name="assessment_round_province"),
        ]

    def __str__(self) -> str:
        return f"{self.center} · {self.round}"

    def get_absolute_url(self) -> str:
        return reverse("assessment:assessment_detail", args=[self.pk])

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def locked(self) -> bool:
        return self.status == AssessmentStatus.APPROVED


class Answer(TimeStampedModel):
    """The center's answer to one indicator, beside what the records show."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="answers"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="answers"
    )
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True)
    figure = models.DecimalField(
        _("figure"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    note = models.TextField(_("evidence and notes"), blank=True)
    link = models.URLField(_("link to a document or photo"), blank=True, max_length=500)
    # What the records say, computed when the assessment is started and refreshed on request.
    data_figure = models.DecimalField(
        _("figure from the records"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    data_level = models.PositiveSmallIntegerField(_("level from the records"), null=True)
    # "7/9" for a share: what the figure was counted from, shown beside its source.
    data_detail = models.CharField(_("counted from"), max_length=100, blank=True)
    data_records = models.JSONField(_("records behind the figure"), default=list)

    class Meta:
        verbose_name = _("assessment answer")
        verbose_name_plural = _("assessment answers")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"], name="answer_assessment_indicator"
            ),
            models.CheckConstraint(
                condition=models.Q(level__isnull=True) | models.Q(level__gte=1, level__lte=5),
                name="answer_level_one_to_five",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} · {self.indicator_id}"

    @property
    def gap(self) -> int | None:
        """The level the center gives itself minus the level its records show."""
        if self.level is None or self.data_level is None:
            return None
        return self.level - self.data_level


class AnswerFileKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    DOCUMENT = "document", _("Document (PDF)")


class AnswerFile(TimeStampedModel):
    """A photo (re-encoded, EXIF dropped, resized) or a PDF kept as evidence of an answer,
    checked by content (concenter.common.uploads) and stored under a generated name in the
    folder ``assessment/<assessment id>/``."""

    answer = models.ForeignKey(
        Answer, verbose_name=_("assessment answer"), on_delete=models.CASCADE, related_name="files"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AnswerFileKind.choices)
    stored_name = models.CharField(max_length=200, editable=False)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    caption = models.CharField(_("caption"), max_length=250, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.caption or self.original_name or f"#{self.pk}"


class StepAction(models.TextChoices):
    SUBMIT = "submit", _("Submitted")
    VERIFY = "verify", _("Verified")
    RETURN = "return", _("Returned")
    APPROVE = "approve", _("Approved")
    REOPEN = "reopen", _("Reopened")


class Step(models.Model):
    """One move of an assessment between statuses, who made it, when, and why."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="steps"
    )
    action = models.CharField(_("action"), max_length=10, choices=StepAction.choices)
    from_status = models.CharField(_("from"), max_length=10, choices=AssessmentStatus.choices)
    to_status = models.CharField(_("to"), max_length=10, choices=AssessmentStatus.choices)
    actor = optional_link(_("by"))
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("assessment step")
        verbose_name_plural = _("assessment steps")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.assessment_id} {self.action}"


audit.register(Template)
audit.register(Dimension)
audit.register(Indicator)
audit.register(Round)
audit.register(Assessment)
audit.register(Answer)
audit.register(AnswerFile)
audit.register(Step)

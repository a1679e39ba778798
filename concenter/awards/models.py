"""Honour awards: a programme, its categories, criteria, eligibility checks and panel; the
nominations with their evidence; the judges' scorecards and conflicts of interest; the committee's
decisions on ties; the published winners.

Every write goes through concenter/awards/services/. The results are computed by the pure engine
in concenter/awards/scoring.py (through concenter/awards/results.py) and copied onto the
nominations when they are computed, so the published winners stay as they were announced.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from concenter.common import audit
from concenter.common.fields import optional_link
from concenter.common.models import SortKeyField, TimeStampedModel, VersionedModel
from concenter.common.models_area import PlacedInArea


class NomineeKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANIZATION = "organization", _("Community organization")
    CENTER = "center", _("Center")


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for nominations")
    SCREENING = "screening", _("Screening")
    JUDGING = "judging", _("Judging")
    RESULTS = "results", _("Results")
    PUBLISHED = "published", _("Published")


STATUS_ORDER = {status: index for index, status in enumerate(ProgrammeStatus.values)}


class Programme(PlacedInArea, VersionedModel):
    """One award programme of one year, for the area it covers (a province, district or
    subdistrict). Programmes of the same `series` (e.g. every year's "Outstanding Community
    Developer of Kanchanaburi") are "the same programme" for the rule on earlier winners."""

    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    nominee_kind = models.CharField(
        _("kind of nominee"), max_length=12, choices=NomineeKind.choices, default=NomineeKind.PERSON
    )
    year = models.PositiveSmallIntegerField(_("year (CE)"))
    series = models.SlugField(_("series"), max_length=80, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    nominations_open_at = models.DateTimeField(_("nominations open"))
    nominations_close_at = models.DateTimeField(_("nominations close"))
    public_nominations = models.BooleanField(_("the public may nominate"), default=False)
    total_quota = models.PositiveIntegerField(_("total quota"), null=True, blank=True)
    min_scorecards = models.PositiveSmallIntegerField(
        _("minimum complete scorecards per nomination"), default=1
    )
    normalize = models.BooleanField(_("normalise scores per judge"), default=False)
    # Eligibility rules checked from the registry's data.
    require_in_area = models.BooleanField(_("nominee lives or works in the area"), default=True)
    winner_cooldown_years = models.PositiveSmallIntegerField(
        _("not a winner of this programme in the last N years"), null=True, blank=True
    )
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    # The plaque.
    emblem = models.CharField(_("emblem"), max_length=200, blank=True, editable=False)
    plaque_heading = models.CharField(_("plaque heading"), max_length=250, blank=True)
    plaque_date = models.DateField(_("date on the plaques"), null=True, blank=True)
    # The last transition's note (a reopening's reason); the audit trail keeps every one.
    state_note = models.CharField(_("note on the last change of state"), max_length=500, blank=True)
    judging_opened_at = models.DateTimeField(_("judging opened"), null=True, blank=True)
    results_computed_at = models.DateTimeField(_("results computed"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = optional_link(_("created by"))

    class Meta:
        verbose_name = _("award programme")
        verbose_name_plural = _("award programmes")
        ordering = ["-year", "-pk"]
        indexes = [
            models.Index(fields=["status", "province_code"], name="programme_status_province"),
            models.Index(fields=["series", "year"], name="programme_series_year"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(nominations_close_at__gt=models.F("nominations_open_at")),
                name="programme_closes_after_it_opens",
            ),
            models.CheckConstraint(
                condition=models.Q(min_scorecards__gte=1), name="programme_min_scorecards_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("awards:programme_detail", args=[self.pk])

    @property
    def be_year(self) -> int:
        return self.year + 543

    @property
    def frozen(self) -> bool:
        """Criteria, panel, quotas and the rules of the result are frozen once judging opens."""
        return STATUS_ORDER[self.status] >= STATUS_ORDER[ProgrammeStatus.JUDGING]

    @property
    def is_published(self) -> bool:
        return self.status == ProgrammeStatus.PUBLISHED


class Signatory(TimeStampedModel):
    """A name and position printed under the plaques (at most MAX_SIGNATORIES)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="signatories"
    )
    name = models.CharField(_("name"), max_length=200)
    position_title = models.CharField(_("position"), max_length=250)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.position_title})"


class Category(TimeStampedModel):
    """A category of a programme: a profession of the people registry, or a free label."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="categories"
    )
    profession = optional_link(_("profession"), to="people.Profession", on_delete=models.PROTECT)
    name = models.CharField(_("name"), max_length=150)
    quota = models.PositiveIntegerField(_("quota"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("award category")
        verbose_name_plural = _("award categories")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="category_name_unique"),
            models.UniqueConstraint(
                fields=["programme", "profession"],
                condition=models.Q(profession__isnull=False),
                name="category_profession_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Criterion(TimeStampedModel):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField(_("name"), max_length=200)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2)
    max_score = models.DecimalField(_("maximum score"), max_digits=5, decimal_places=1)
    guidance = models.TextField(_("guidance for judges"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    # A stable name for programs (the API): it stays when the criterion is renamed.
    code = models.SlugField(_("code"), max_length=40)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="criterion_weight_pos"),
            models.CheckConstraint(condition=models.Q(max_score__gt=0), name="criterion_max_pos"),
            models.UniqueConstraint(fields=["programme", "code"], name="criterion_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class EligibilityCheck(TimeStampedModel):
    """A yes/no question an officer answers for each nomination during screening."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="eligibility_checks",
    )
    question = models.CharField(_("question"), max_length=300)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("eligibility check")
        verbose_name_plural = _("eligibility checks")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.question


class PanelMember(TimeStampedModel):
    """A judge on a programme's panel: a user with the judge role, optionally the judge's own
    record in the people registry (to flag likely conflicts of interest), and the categories the
    judge scores (none = all)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="panel"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("judge"),
        on_delete=models.PROTECT,
        related_name="award_panels",
    )
    person = optional_link(_("the judge in the people registry"), to="people.Person")
    categories = models.ManyToManyField(
        Category, verbose_name=_("categories"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("judge")
        verbose_name_plural = _("judging panel")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "user"], name="panel_member_unique")
        ]

    def __str__(self) -> str:
        return str(self.user)


class NominationSource(models.TextChoices):
    OFFICER = "officer", _("An officer")
    CENTER = "center", _("A center")
    PUBLIC = "public", _("The public")


class NominationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for screening")
    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Not eligible")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SelectedBy(models.TextChoices):
    CATEGORY = "category", _("Category quota")
    TOTAL = "total", _("Total quota")
    DECISION = "decision", _("Committee decision on a tie")


class Nomination(PlacedInArea, VersionedModel):
    """A nominee put forward for a programme. The area is the nominee's (where the person lives,
    where the organisation or center is); a public nomination carries the name as typed until an
    officer links it to the registry."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="nominations"
    )
    category = optional_link(
        _("category"), to=Category, on_delete=models.PROTECT, related_name="nominations"
    )
    source = models.CharField(_("nominated by"), max_length=10, choices=NominationSource.choices)
    person = optional_link(
        _("person"), to="people.Person", on_delete=models.PROTECT, related_name="nominations"
    )
    organization = optional_link(
        _("organization"),
        to="network.Organization",
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    center = optional_link(
        _("center"), to="network.Center", on_delete=models.PROTECT, related_name="nominations"
    )
    # The nominee's name: copied from the registry record, or as the public typed it.
    nominee_name = models.CharField(_("nominee"), max_length=300)
    proposed_details = models.TextField(_("about the nominee (as proposed)"), blank=True)
    nominator_user = optional_link(
        _("nominator's account"), to=settings.AUTH_USER_MODEL, related_name="award_nominations"
    )
    nominator_name = models.CharField(_("nominator"), max_length=200, blank=True)
    nominator_phone = models.CharField(_("nominator's phone"), max_length=30, blank=True)
    nominator_email = models.EmailField(_("nominator's email"), blank=True)
    nominator_relation = models.CharField(_("relation to the nominee"), max_length=200, blank=True)
    statement = models.TextField(_("why this nominee"))
    citation = models.CharField(_("citation"), max_length=400, blank=True)
    photo = models.CharField(_("photo"), max_length=200, blank=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=NominationStatus.choices,
        default=NominationStatus.SUBMITTED,
    )
    screening_reason = models.CharField(_("reason"), max_length=500, blank=True)
    check_answers = models.JSONField(_("answers to the eligibility checks"), default=dict)
    unchecked_confirmed = models.BooleanField(
        _("rules the data cannot check were confirmed"), default=False
    )
    screened_by = optional_link(_("screened by"))
    screened_at = models.DateTimeField(_("screened at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    # The result as last computed (rank among rankable nominations; the final score shown).
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    final_score = models.DecimalField(
        _("final score"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    selected = models.BooleanField(_("selected"), default=False)
    selected_by = models.CharField(
        _("selected by"), max_length=10, choices=SelectedBy.choices, blank=True
    )
    plaque_number = models.PositiveIntegerField(_("plaque number"), null=True, blank=True)
    sort_key = SortKeyField()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["programme", "sort_key", "pk"]
        indexes = [
            models.Index(fields=["programme", "status"], name="nomination_programme_status"),
            models.Index(fields=["programme", "selected"], name="nomination_programme_selected"),
        ]

    def __str__(self) -> str:
        return self.nominee_name

    def get_absolute_url(self) -> str:
        return reverse("awards:nomination_detail", args=[self.pk])

    @property
    def linked(self) -> bool:
        return bool(self.person_id or self.organization_id or self.center_id)

    @property
    def center_code(self) -> str:
        """The center the nominee belongs to: a nominated center's own code, else the
        subdistrict center of the nominee's area (its district's or province's when the area
        has no subdistrict)."""
        if self.center_id:
            return self.center_id
        return self.subdistrict_code or self.district_code or self.province_code


class Evidence(TimeStampedModel):
    """A file supporting a nomination (a PDF or an image), checked by its content and stored
    under a generated name."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.CharField(_("file"), max_length=200, editable=False)
    kind = models.CharField(_("kind"), max_length=10, editable=False)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    note = models.CharField(_("note"), max_length=300, blank=True)
    uploaded_by = optional_link(_("uploaded by"))

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


class Scorecard(VersionedModel):
    """One judge's scorecard for one nomination. It exists from the assignment on; it is
    saved as the judge goes and counts once it is complete and submitted."""

    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("nomination"),
        on_delete=models.CASCADE,
        related_name="scorecards",
    )
    judge = models.ForeignKey(
        PanelMember, verbose_name=_("judge"), on_delete=models.CASCADE, related_name="scorecards"
    )
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # The card's weighted 0-100 score, exactly (a fraction), stored when it is submitted so that
    # the results need not read every score (`awards.results.stored_weighted`); null while
    # the card is a draft, or when the fraction does not fit in two 64-bit integers.
    weighted_numerator = models.BigIntegerField(null=True, blank=True, editable=False)
    weighted_denominator = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["nomination", "judge"], name="scorecard_unique")
        ]

    def __str__(self) -> str:
        return f"{self.judge} · {self.nomination}"

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None


class Score(TimeStampedModel):
    scorecard = models.ForeignKey(
        Scorecard, verbose_name=_("scorecard"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="+"
    )
    value = models.DecimalField(_("score"), max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "criterion"], name="score_unique"),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.value}"


class ConflictKind(models.TextChoices):
    DECLARED = "declared", _("Declared by the judge")
    COMMITTEE = "committee", _("Sits on the same committee")
    ORGANIZATION = "organization", _("Belongs to the same organization")
    VILLAGE = "village", _("Lives in the same village")
    FAMILY_NAME = "family_name", _("Same family name in the same subdistrict")


class ConflictStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the judge")
    CONFIRMED = "confirmed", _("Conflict")
    DISMISSED = "dismissed", _("Dismissed")


class Conflict(TimeStampedModel):
    """A conflict of interest between a judge and a nomination: declared by the judge, or
    flagged from the registry and then confirmed or dismissed by the judge. A confirmed conflict
    keeps the judge's scorecard out of the results."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.CASCADE, related_name="conflicts"
    )
    judge = models.ForeignKey(
        PanelMember, verbose_name=_("judge"), on_delete=models.CASCADE, related_name="conflicts"
    )
    kind = models.CharField(_("kind"), max_length=14, choices=ConflictKind.choices)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ConflictStatus.choices, default=ConflictStatus.PENDING
    )
    note = models.CharField(_("judge's note"), max_length=500, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["nomination", "judge", "kind"], name="conflict_unique")
        ]

    def __str__(self) -> str:
        return f"{self.judge} · {self.nomination} · {self.get_kind_display()}"


class TieStage(models.TextChoices):
    CATEGORY = "category", _("Category quota")
    TOTAL = "total", _("Total quota")


class TieDecision(TimeStampedModel):
    """The committee's decision on a tie at a cut-off: which of the tied nominations take the
    places, and why. Kept with its author and reason in the audit trail."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="decisions"
    )
    stage = models.CharField(_("stage"), max_length=10, choices=TieStage.choices)
    category = optional_link(_("category"), to=Category, on_delete=models.PROTECT)
    nomination_ids = models.JSONField(_("tied nominations"))
    selected_ids = models.JSONField(_("selected nominations"))
    reason = models.TextField(_("reason"))
    decided_by = optional_link(_("recorded by"))

    class Meta:
        verbose_name = _("decision on a tie")
        verbose_name_plural = _("decisions on ties")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.programme} · {self.nomination_ids}"


audit.register(Programme)
audit.register(Signatory)
audit.register(Category)
audit.register(Criterion)
audit.register(EligibilityCheck)
audit.register(PanelMember, m2m_fields={"categories"})
audit.register(Nomination, exclude_fields=["sort_key"])
audit.register(Evidence)
audit.register(Scorecard)
audit.register(Score)
audit.register(Conflict)
audit.register(TieDecision)

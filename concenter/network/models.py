"""The three-level network: centers, their committees, community organisations, partners, and
the roll-up counts that keep every area's figures live."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from concenter.common import audit
from concenter.common.fields import optional_link
from concenter.common.models import LIST_INDEXES, SortKeyField, TimeStampedModel, VersionedModel
from concenter.common.models_area import PlacedInArea
from concenter.geography.models import Level


class CenterLevel(models.TextChoices):
    SUBDISTRICT = Level.SUBDISTRICT.value, _("Subdistrict center")
    DISTRICT = Level.DISTRICT.value, _("District center")
    PROVINCE = Level.PROVINCE.value, _("Province center")


class CenterStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    DORMANT = "dormant", _("Dormant")
    DISSOLVED = "dissolved", _("Dissolved")


class Center(VersionedModel):
    """One CON Center per area, known by the area's code (its primary key)."""

    area = models.OneToOneField(
        "geography.Area",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="center",
    )
    level = models.CharField(_("level"), max_length=12, choices=CenterLevel.choices)
    province_code = models.CharField(max_length=2, editable=False, db_index=True)
    district_code = models.CharField(max_length=4, editable=False, blank=True, db_index=True)
    subdistrict_code = models.CharField(max_length=6, editable=False, blank=True)
    name = models.CharField(_("name"), max_length=250)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    address = models.CharField(_("office address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=CenterStatus.choices, default=CenterStatus.ACTIVE
    )
    logo = models.ImageField(_("logo"), upload_to="centers/logos/", blank=True)
    sort_key = SortKeyField()

    class Meta:
        verbose_name = _("center")
        verbose_name_plural = _("centers")
        indexes = [models.Index(fields=["level", "district_code"], name="center_level_district")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:center_detail", args=[self.area_id])

    @property
    def code(self) -> str:
        return self.area_id

    @property
    def area_codes(self) -> tuple[str, ...]:
        return tuple(
            c for c in ("TH", self.province_code, self.district_code, self.subdistrict_code) if c
        )


class TermStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    CANCELLED = "cancelled", _("Cancelled")


class ChosenBy(models.TextChoices):
    ELECTION = "election", _("Election")
    SELECTION = "selection", _("Selection")


class CommitteeTerm(VersionedModel):
    center = models.ForeignKey(
        Center, verbose_name=_("center"), on_delete=models.CASCADE, related_name="terms"
    )
    starts_on = models.DateField(_("term starts"))
    ends_on = models.DateField(_("term ends"))
    chosen_on = models.DateField(_("chosen on"), null=True, blank=True)
    chosen_by = models.CharField(
        _("chosen by"), max_length=12, choices=ChosenBy.choices, default=ChosenBy.ELECTION
    )
    status = models.CharField(
        _("status"), max_length=12, choices=TermStatus.choices, default=TermStatus.DRAFT
    )
    activated_at = models.DateTimeField(_("activated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("committee term")
        verbose_name_plural = _("committee terms")
        ordering = ["-starts_on"]
        indexes = [
            models.Index(fields=["center", "status", "starts_on"], name="term_center_status")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")), name="term_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.center} {self.starts_on}–{self.ends_on}"

    def get_absolute_url(self) -> str:
        return reverse("network:term_detail", args=[self.center_id, self.pk])


class Position(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    SECRETARY = "secretary", _("Secretary")
    ASSISTANT_SECRETARY = "assistant_secretary", _("Assistant secretary")
    TREASURER = "treasurer", _("Treasurer")
    PUBLIC_RELATIONS = "public_relations", _("Public relations")
    HOST = "host", _("Host")
    MEMBER = "member", _("Member")
    ADVISOR = "advisor", _("Advisor")


POSITION_ORDER = {position: index for index, position in enumerate(Position.values)}


class SeatEndReason(models.TextChoices):
    RESIGNATION = "resignation", _("Resignation")
    DEATH = "death", _("Death")
    REMOVAL = "removal", _("Removal")
    OTHER = "other", _("Other")


class Seat(VersionedModel):
    term = models.ForeignKey(
        CommitteeTerm, verbose_name=_("term"), on_delete=models.CASCADE, related_name="seats"
    )
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="seats"
    )
    position = models.CharField(
        _("position"), max_length=20, choices=Position.choices, default=Position.MEMBER
    )
    organization = optional_link(_("represents"), to="network.Organization", related_name="seats")
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason"), max_length=12, choices=SeatEndReason.choices, blank=True
    )
    end_note = models.CharField(_("note"), max_length=300, blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaced_by",
    )

    class Meta:
        verbose_name = _("committee seat")
        verbose_name_plural = _("committee seats")
        indexes = [models.Index(fields=["person", "term"], name="seat_person_term")]

    def __str__(self) -> str:
        return f"{self.get_position_display()} · {self.person}"

    @property
    def is_open(self) -> bool:
        return self.ends_on is None


class OrganizationType(TimeStampedModel):
    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    name_th = models.CharField(_("Thai name"), max_length=150)
    name_en = models.CharField(_("English name"), max_length=150)
    has_registration = models.BooleanField(_("has a registration number"), default=False)
    position = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("organization type")
        verbose_name_plural = _("organization types")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name_th


class OrganizationStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    DISSOLVED = "dissolved", _("Dissolved")


class Organization(PlacedInArea, VersionedModel):
    """A community organisation of a village or subdistrict; it belongs to the subdistrict
    center of its area."""

    type = models.ForeignKey(
        OrganizationType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=250)
    registration_number = models.CharField(_("registration number"), max_length=50, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    leader = optional_link(_("leader"), to="people.Person", related_name="led_organizations")
    member_count = models.PositiveIntegerField(_("members"), default=0)
    funds = models.DecimalField(_("funds (baht)"), max_digits=14, decimal_places=2, default=0)
    activities = models.TextField(_("activities"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=OrganizationStatus.choices,
        default=OrganizationStatus.ACTIVE,
    )
    name_search = models.CharField(max_length=250, editable=False, default="")
    name_latin = models.CharField(max_length=250, editable=False, default="")
    sort_key = SortKeyField()

    class Meta:
        verbose_name = _("community organization")
        verbose_name_plural = _("community organizations")
        indexes = [
            # The national list in Thai order reads this instead of sorting 400,000 rows.
            models.Index(fields=["sort_key"], name="org_sort"),
            # A typed page number finds the key before its page from these alone (ADR 0024).
            *(
                models.Index(fields=[*lead, "sort_key", "id"], name=f"org_{name}_list")
                for lead, name in LIST_INDEXES
            ),
            models.Index(fields=["type", "registration_number"], name="org_type_registration"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(funds__gte=0), name="organization_funds_not_negative"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:organization_detail", args=[self.pk])


class OrganizationMember(TimeStampedModel):
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="members",
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role in the group"), max_length=100, blank=True)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)

    class Meta:
        verbose_name = _("organization member")
        verbose_name_plural = _("organization members")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "person"], name="organization_member_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.organization}"


class PartnerKind(models.TextChoices):
    GOVERNMENT = "government", _("Government office")
    LOCAL_GOVERNMENT = "local_government", _("Local government organization")
    STATE_ENTERPRISE = "state_enterprise", _("State enterprise")
    PRIVATE = "private", _("Private company")
    ACADEMIA = "academia", _("Academic institution")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    MEDIA = "media", _("Media")


class Partner(PlacedInArea, VersionedModel):
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    name = models.CharField(_("name"), max_length=250)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    sort_key = SortKeyField()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:partner_detail", args=[self.pk])


class CooperationKind(models.TextChoices):
    MOU = "mou", _("Memorandum of understanding")
    JOINT_PROJECT = "joint_project", _("Joint project")
    MONEY = "money", _("Support in money")
    IN_KIND = "in_kind", _("Support in kind")


class Cooperation(VersionedModel):
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="cooperations"
    )
    center = models.ForeignKey(
        Center, verbose_name=_("center"), on_delete=models.CASCADE, related_name="cooperations"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CooperationKind.choices)
    title = models.CharField(_("title"), max_length=250)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    amount = models.DecimalField(_("amount (baht)"), max_digits=14, decimal_places=2, default=0)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("cooperation")
        verbose_name_plural = _("cooperations")
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return self.title


class Rollup(models.Model):
    """One figure of one area: `value` of `metric` for `key` (e.g. organisations of type
    savings_group in district 7101). The services add their deltas in the same transaction as
    the change; `concenter rollups --rebuild` recomputes everything from the records."""

    area_code = models.CharField(max_length=8)
    metric = models.CharField(max_length=40)
    key = models.CharField(max_length=60, default="")
    # Counts, and money in satang (1/100 baht), so sums stay exact on SQLite too.
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("roll-up figure")
        verbose_name_plural = _("roll-up figures")
        constraints = [
            models.UniqueConstraint(fields=["area_code", "metric", "key"], name="rollup_unique")
        ]
        indexes = [
            # The value rides in this index on PostgreSQL (SQLite skips indexes with INCLUDE):
            # the dashboards read their figures from the index alone (docs/reports.md).
            models.Index(
                fields=["area_code", "metric", "key"], include=["value"], name="rollup_covering"
            )
        ]

    def __str__(self) -> str:
        return f"{self.area_code} {self.metric}[{self.key}] = {self.value}"


class PublicNameObjection(TimeStampedModel):
    """A committee member who objected (PDPA s.32) to being named on public pages: the directory
    and open data then show their seat by its position only (concenter.network.public_names).
    A seat on a network committee is otherwise a public role (docs/privacy.md, ADR)."""

    person = models.OneToOneField(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="public_name_objection",
    )
    note = models.CharField(_("note"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("objection to being named publicly")
        verbose_name_plural = _("objections to being named publicly")

    def __str__(self) -> str:
        return str(self.person_id)


audit.register(Center)
audit.register(CommitteeTerm)
audit.register(Seat)
audit.register(OrganizationType)
audit.register(Organization, exclude_fields=["name_search", "name_latin", "sort_key"])
audit.register(OrganizationMember)
audit.register(Partner)
audit.register(Cooperation)
audit.register(PublicNameObjection)

"""What the centers do and what came of it: activities (meetings, trainings, projects…) tagged
with the ten missions, the community plans of villages and subdistricts with their projects,
and the success stories that feed the public exhibition.

Every write goes through concenter/activities/services.py; the figures by mission and fiscal
year live in network's Rollup table (concenter/activities/rollups.py).
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from concenter.common import audit
from concenter.common.fields import optional_link
from concenter.common.models import TimeStampedModel, VersionedModel
from concenter.common.models_area import PlacedInArea


class Mission(models.TextChoices):
    """The ten missions of a CON Center (Ministry of Interior Regulation B.E. 2551)."""

    PLAN = "plan", _("Database and integrated community plan")
    COORDINATION = "coordination", _("Co-ordination between community organisations")
    DEMOCRACY = "democracy", _("Democracy")
    GOVERNANCE = "governance", _("Good governance")
    SUFFICIENCY = "sufficiency", _("Sufficiency economy")
    FUNDS = "funds", _("Community funds and welfare")
    WISDOM = "wisdom", _("Knowledge and local wisdom")
    IMMUNITY = "immunity", _("Social immunity")
    DRUGS = "drugs", _("Drug prevention")
    ENVIRONMENT = "environment", _("Natural resources and environment")


MISSION_ORDER = {mission: index for index, mission in enumerate(Mission.values)}


class ActivityKind(models.TextChoices):
    COMMITTEE_MEETING = "committee_meeting", _("Committee meeting")
    GENERAL_MEETING = "general_meeting", _("General meeting")
    TRAINING = "training", _("Training")
    PROJECT = "project", _("Project")
    CAMPAIGN = "campaign", _("Campaign")
    PLAN_REVIEW = "plan_review", _("Community plan review")
    OTHER = "other", _("Other")


MEETING_KINDS = frozenset({ActivityKind.COMMITTEE_MEETING, ActivityKind.GENERAL_MEETING})


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    OTHER = "other", _("Other or not stated")


class AgeBand(models.TextChoices):
    """Age bands of the participants, as Thai development reports count them."""

    CHILD = "child", _("Children (under 15)")
    YOUTH = "youth", _("Youth (15–24)")
    WORKING = "working", _("Working age (25–59)")
    ELDER = "elder", _("Elderly (60 and over)")
    UNKNOWN = "unknown", _("Age not recorded")


# Community plans ---------------------------------------------------------------------------------


class CommunityPlan(PlacedInArea, VersionedModel):
    """The community plan (แผนชุมชน) of a village or a subdistrict for a period of fiscal years.

    It belongs to the subdistrict center of its area (like the community organisations): the
    scope is checked on `subdistrict_code`. Periods of one area never overlap (service)."""

    title = models.CharField(_("title"), max_length=250)
    first_year = models.PositiveSmallIntegerField(_("first fiscal year (BE)"))
    last_year = models.PositiveSmallIntegerField(_("last fiscal year (BE)"))
    problems = models.TextField(_("problems"), blank=True)
    needs = models.TextField(_("needs"), blank=True)
    approved_on = models.DateField(_("approved by the community on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("community plan")
        verbose_name_plural = _("community plans")
        ordering = ["area_id", "-first_year"]
        indexes = [
            models.Index(fields=["subdistrict_code", "first_year"], name="plan_subdistrict_year")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_year__gte=models.F("first_year")),
                name="plan_last_year_not_before_first",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:plan_detail", args=[self.pk])

    @property
    def period(self) -> str:
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"


class ProjectDoer(models.TextChoices):
    COMMUNITY = "community", _("The community itself")
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    AGENCY = "agency", _("Government agency or other body")


class ProjectProgress(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class PlanProject(VersionedModel):
    """A project of a community plan: what, for which mission, with what money, done by whom."""

    plan = models.ForeignKey(
        CommunityPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="projects"
    )
    name = models.CharField(_("project"), max_length=250)
    mission = models.CharField(_("mission"), max_length=20, choices=Mission.choices)
    budget = models.DecimalField(_("budget (baht)"), max_digits=14, decimal_places=2, default=0)
    doer = models.CharField(_("done by"), max_length=20, choices=ProjectDoer.choices)
    doer_name = models.CharField(_("name of the body doing it"), max_length=250, blank=True)
    year = models.PositiveSmallIntegerField(_("fiscal year (BE)"), null=True, blank=True)
    progress = models.CharField(
        _("progress"),
        max_length=12,
        choices=ProjectProgress.choices,
        default=ProjectProgress.PLANNED,
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("community plan project")
        verbose_name_plural = _("community plan projects")
        ordering = ["plan", "year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(budget__gte=0), name="plan_project_budget_not_negative"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{self.plan.get_absolute_url()}#project-{self.pk}"


# Activities --------------------------------------------------------------------------------------


class Activity(VersionedModel):
    center = models.ForeignKey(
        "network.Center",
        verbose_name=_("center"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=250)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    # The Thai fiscal year (BE) of starts_on, kept by the services.
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), editable=False)
    place = models.CharField(_("place"), max_length=250, blank=True)
    budget = models.DecimalField(_("budget (baht)"), max_digits=14, decimal_places=2, default=0)
    spent = models.DecimalField(_("spent (baht)"), max_digits=14, decimal_places=2, default=0)
    # Totals by sex of the ParticipantCount rows, kept by the services (lists read them).
    participants_male = models.PositiveIntegerField(
        _("male participants"), default=0, editable=False
    )
    participants_female = models.PositiveIntegerField(
        _("female participants"), default=0, editable=False
    )
    participants_other = models.PositiveIntegerField(
        _("other participants"), default=0, editable=False
    )
    outputs = models.TextField(_("outputs"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    # Meetings only.
    agenda = models.TextField(pgettext_lazy("meeting", "agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    plan_project = optional_link(
        _("community plan project carried out"), to=PlanProject, related_name="activities"
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-starts_on", "-pk"]
        indexes = [
            models.Index(fields=["center", "starts_on"], name="activity_center_start"),
            models.Index(fields=["center", "fiscal_year"], name="activity_center_year"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="activity_ends_not_before_start",
            ),
            models.CheckConstraint(
                condition=models.Q(budget__gte=0, spent__gte=0),
                name="activity_money_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:activity_detail", args=[self.pk])

    @property
    def participants(self) -> int:
        return self.participants_male + self.participants_female + self.participants_other

    @property
    def overspent(self) -> bool:
        return self.spent > self.budget

    @property
    def is_meeting(self) -> bool:
        return self.kind in MEETING_KINDS

    @property
    def mission_values(self) -> list[str]:
        return sorted(
            (m.mission for m in self.missions.all()), key=lambda m: MISSION_ORDER.get(m, 99)
        )

    @property
    def mission_labels(self) -> list[str]:
        return [Mission(m).label for m in self.mission_values if m in Mission.values]


class ActivityMission(TimeStampedModel):
    """One mission an activity serves (rows, so the roll-ups can GROUP BY mission)."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="missions"
    )
    mission = models.CharField(_("mission"), max_length=20, choices=Mission.choices)

    class Meta:
        verbose_name = _("activity mission")
        verbose_name_plural = _("activity missions")
        constraints = [
            models.UniqueConstraint(fields=["activity", "mission"], name="activity_mission_unique")
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.get_mission_display()}"


class ParticipantCount(TimeStampedModel):
    """How many took part, of one sex and one age band (no row = none)."""

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="participant_counts",
    )
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices)
    age_band = models.CharField(_("age band"), max_length=8, choices=AgeBand.choices)
    count = models.PositiveIntegerField(_("number"))

    class Meta:
        verbose_name = _("participant count")
        verbose_name_plural = _("participant counts")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "sex", "age_band"], name="participant_count_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.sex} · {self.age_band}: {self.count}"


class ActivityPartner(TimeStampedModel):
    """A partner involved in an activity and what it gave: money (baht) and support in kind."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="partners"
    )
    partner = models.ForeignKey(
        "network.Partner",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="activity_supports",
    )
    money = models.DecimalField(
        _("support in money (baht)"), max_digits=14, decimal_places=2, default=0
    )
    in_kind = models.CharField(_("support in kind"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("partner of an activity")
        verbose_name_plural = _("partners of activities")
        constraints = [
            models.UniqueConstraint(fields=["activity", "partner"], name="activity_partner_unique"),
            models.CheckConstraint(
                condition=models.Q(money__gte=0), name="activity_partner_money_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.partner}"


class ActivityAttendee(TimeStampedModel):
    """A person of the registry known to have taken part (speaker, participant, …)."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="attendees"
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="activities_attended",
    )
    role = models.CharField(_("role in the activity"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        constraints = [
            models.UniqueConstraint(fields=["activity", "person"], name="activity_attendee_unique")
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.person}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused (on leave)")
    ABSENT = "absent", _("Absent")


class MeetingAttendance(TimeStampedModel):
    """Whether a committee member (a seat of the term in force on the meeting's day) attended."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance"
    )
    seat = models.ForeignKey(
        "network.Seat",
        verbose_name=_("committee seat"),
        on_delete=models.CASCADE,
        related_name="meeting_attendance",
    )
    status = models.CharField(_("attendance"), max_length=8, choices=AttendanceStatus.choices)

    class Meta:
        verbose_name = _("meeting attendance")
        verbose_name_plural = _("meeting attendance")
        constraints = [
            models.UniqueConstraint(fields=["activity", "seat"], name="meeting_attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.seat_id}: {self.status}"


class MeetingResolution(TimeStampedModel):
    """A resolution of a meeting (มติที่ประชุม), numbered in order."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="resolutions"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("resolution"))

    class Meta:
        verbose_name = _("meeting resolution")
        verbose_name_plural = _("meeting resolutions")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "number"], name="meeting_resolution_unique")
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.number}"


class FileKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    DOCUMENT = "document", _("Document (PDF)")


class ActivityFile(TimeStampedModel):
    """A photo (re-encoded, EXIF dropped, resized) or a PDF of an activity, checked by content
    (concenter.common.uploads) and stored under a generated name."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="files"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=FileKind.choices)
    stored_name = models.CharField(max_length=200, editable=False)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    caption = models.CharField(_("caption"), max_length=250, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)

    class Meta:
        verbose_name = _("activity file")
        verbose_name_plural = _("activity files")
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return self.caption or self.original_name or f"#{self.pk}"


# Success stories ---------------------------------------------------------------------------------


class Story(VersionedModel):
    """A success story: Markdown typed by the center, shown as sanitised HTML."""

    center = models.ForeignKey(
        "network.Center", verbose_name=_("center"), on_delete=models.CASCADE, related_name="stories"
    )
    title = models.CharField(_("title"), max_length=250)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    body = models.TextField(_("story (Markdown)"), blank=True)
    body_html = models.TextField(editable=False, default="")
    people_reached = models.PositiveIntegerField(_("people reached"), default=0)
    money_saved = models.DecimalField(
        _("money saved (baht)"), max_digits=14, decimal_places=2, default=0
    )
    money_earned = models.DecimalField(
        _("money earned (baht)"), max_digits=14, decimal_places=2, default=0
    )
    activities = models.ManyToManyField(
        Activity, verbose_name=_("activities behind it"), blank=True, related_name="stories"
    )
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("success story")
        verbose_name_plural = _("success stories")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["published", "center"], name="story_published_center")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(money_saved__gte=0, money_earned__gte=0),
                name="story_money_not_negative",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:story_detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("activities:public_story", args=[self.pk])


class StoryPhoto(TimeStampedModel):
    """A photo of a success story (re-encoded, EXIF dropped, resized); public once the story
    is published."""

    story = models.ForeignKey(
        Story, verbose_name=_("success story"), on_delete=models.CASCADE, related_name="photos"
    )
    stored_name = models.CharField(max_length=200, editable=False)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    caption = models.CharField(_("caption"), max_length=250, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)

    class Meta:
        verbose_name = _("story photo")
        verbose_name_plural = _("story photos")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.caption or self.original_name or f"#{self.pk}"

    def get_public_url(self) -> str:
        return reverse("activities:public_photo", args=[self.pk])


audit.register(CommunityPlan)
audit.register(PlanProject)
audit.register(Activity)
audit.register(ActivityMission)
audit.register(ParticipantCount)
audit.register(ActivityPartner)
audit.register(ActivityAttendee)
audit.register(MeetingAttendance)
audit.register(MeetingResolution)
audit.register(ActivityFile)
audit.register(Story, exclude_fields=["body_html"], m2m_fields={"activities"})
audit.register(StoryPhoto)

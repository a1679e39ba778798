"""Activities of the centers (meetings, trainings, projects…) tagged with the ten missions, and
the success stories that feed the public exhibition."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from concenter.common import audit
from concenter.common.models import TimeStampedModel, VersionedModel


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
    participants_male = models.PositiveIntegerField(_("male participants"), default=0)
    participants_female = models.PositiveIntegerField(_("female participants"), default=0)
    participants_other = models.PositiveIntegerField(_("other participants"), default=0)
    outputs = models.TextField(_("outputs"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["center", "starts_on"], name="activity_center_start")]
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
        return reverse("activities:activity_edit", args=[self.pk])

    @property
    def participants(self) -> int:
        return self.participants_male + self.participants_female + self.participants_other

    @property
    def overspent(self) -> bool:
        return self.spent > self.budget

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
    money = models.DecimalField(_("money (baht)"), max_digits=14, decimal_places=2, default=0)
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("success story")
        verbose_name_plural = _("success stories")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(money__gte=0), name="story_money_not_negative"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:story_detail", args=[self.pk])


audit.register(Activity)
audit.register(ActivityMission)
audit.register(Story, exclude_fields=["body_html"])

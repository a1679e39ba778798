"""Network events: the event, its agenda, who registered, who came through the door.

An event is organised by a center and placed in an area (the area decides who manages it, as
for every record). Registrations hold a seat while they are confirmed; past the capacity they
wait in line and move up when someone cancels. Each registration carries three secrets: a door
token (in the QR code of the ticket and the badge), a short code to type at the door, and the
secret of the ticket link the registrant keeps. None of them is a database id.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from concenter.common import audit
from concenter.common.fields import optional_link
from concenter.common.models import SortKeyField, TimeStampedModel, VersionedModel
from concenter.common.models_area import PlacedInArea


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for registration")
    CLOSED = "closed", _("Registration closed")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


# Which status may follow which (services.event_status_change). "held" may go back to "closed"
# when the door must open again for check-ins still queued on a phone; "cancelled" is final.
STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    EventStatus.DRAFT: frozenset({EventStatus.OPEN, EventStatus.CANCELLED}),
    EventStatus.OPEN: frozenset({EventStatus.CLOSED, EventStatus.HELD, EventStatus.CANCELLED}),
    EventStatus.CLOSED: frozenset({EventStatus.OPEN, EventStatus.HELD, EventStatus.CANCELLED}),
    EventStatus.HELD: frozenset({EventStatus.CLOSED}),
    EventStatus.CANCELLED: frozenset(),
}
# Statuses in which the door lets people in (within the door's hours, see services).
DOOR_STATUSES = frozenset({EventStatus.OPEN, EventStatus.CLOSED})
# Statuses in which officers may still register people.
REGISTRATION_STATUSES = frozenset({EventStatus.DRAFT, EventStatus.OPEN, EventStatus.CLOSED})


class EventAccess(models.TextChoices):
    PUBLIC = "public", _("Open to the public")
    INVITATION = "invitation", _("By invitation only")


class Event(PlacedInArea, VersionedModel):
    """A network event (the relations day and others), organised by a center."""

    title = models.CharField(_("title"), max_length=250)
    organizer = models.ForeignKey(
        "network.Center",
        verbose_name=_("organising center"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue_name = models.CharField(_("venue"), max_length=250, blank=True)
    venue_address = models.CharField(_("venue address"), max_length=300, blank=True)
    venue_area = optional_link(_("venue area"), to="geography.Area", on_delete=models.PROTECT)
    map_url = models.URLField(_("map link"), max_length=500, blank=True)
    # None: no limit. Otherwise confirmed registrations never exceed it.
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    cover_image = models.CharField(_("cover image"), max_length=200, blank=True, editable=False)
    access = models.CharField(
        _("who may register"),
        max_length=12,
        choices=EventAccess.choices,
        default=EventAccess.PUBLIC,
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    status_note = models.CharField(_("note on the status"), max_length=300, blank=True)
    # A random reference printed inside every door token of the event (never its id).
    ref = models.CharField(max_length=16, unique=True, editable=False)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "starts_at"], name="event_status_start"),
            models.Index(fields=["province_code", "starts_at"], name="event_province_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:event_manage", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("events:public_detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        """Shown on the public pages (everything but a draft)."""
        return self.status != EventStatus.DRAFT


class AgendaKind(models.TextChoices):
    REGISTRATION = "registration", _("Registration")
    OPENING = "opening", _("Opening ceremony")
    SPEECH = "speech", _("Speech")
    PERFORMANCE = "performance", _("Performance")
    EXHIBITION = "exhibition", _("Exhibition booth")
    AWARD = "award", _("Award presentation")
    BREAK = "break", _("Break")
    OTHER = "other", _("Other")


class AgendaItem(VersionedModel):
    """One item of the agenda, ordered by its start time (then `position`)."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AgendaKind.choices)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=250, blank=True)
    details = models.TextField(_("details"), blank=True)
    location = models.CharField(_("room or place"), max_length=200, blank=True)
    speaker_name = models.CharField(_("speaker"), max_length=200, blank=True)
    speaker_position = models.CharField(_("speaker's position"), max_length=250, blank=True)
    performer_organization = optional_link(_("performing organization"), to="network.Organization")
    performer_center = optional_link(_("performing center"), to="network.Center")
    performer_name = models.CharField(_("performing group"), max_length=250, blank=True)
    exhibitor_center = optional_link(_("exhibiting center"), to="network.Center")
    theme = models.CharField(_("theme"), max_length=250, blank=True)
    stories = models.ManyToManyField(
        "activities.Story", verbose_name=_("success stories"), blank=True, related_name="+"
    )
    # An award presentation: the programme's published winners are the presentation order.
    award_programme = optional_link(_("award programme"), to="awards.Programme")
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["starts_at", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="agenda_item_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or str(self.get_kind_display())

    @property
    def performer_display(self) -> str:
        if self.performer_organization_id:
            return self.performer_organization.name
        if self.performer_center_id:
            return self.performer_center.name
        return self.performer_name


class EventStaff(TimeStampedModel):
    """A user who works the door of one event (beside the officers who manage it)."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="staff"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="event_staff",
    )
    added_by = optional_link(_("added by"))

    class Meta:
        verbose_name = _("door staff")
        verbose_name_plural = _("door staff")
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="event_staff_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.event}"


class RegistrationRole(models.TextChoices):
    VIP = "vip", _("VIP")
    GUEST = "guest", _("Guest")
    PARTICIPANT = "participant", _("Participant")
    PERFORMER = "performer", _("Performer")
    EXHIBITOR = "exhibitor", _("Exhibitor")
    AWARDEE = "awardee", _("Award recipient")
    STAFF = "staff", _("Staff")


ROLE_ORDER = {role: index for index, role in enumerate(RegistrationRole.values)}
# Badge colours (enough contrast for white text), by role.
ROLE_COLOURS = {
    RegistrationRole.VIP: "#8b1a1a",
    RegistrationRole.GUEST: "#5b2a86",
    RegistrationRole.PARTICIPANT: "#0a4fa3",
    RegistrationRole.PERFORMER: "#a34700",
    RegistrationRole.EXHIBITOR: "#00665e",
    RegistrationRole.AWARDEE: "#7a5c00",
    RegistrationRole.STAFF: "#2f4f2f",
}


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)


class RegistrationSource(models.TextChoices):
    OFFICER = "officer", _("Registered by an officer")
    LIST = "list", _("From a pasted list")
    PUBLIC = "public", _("Public registration form")
    WALK_IN = "walk_in", _("Walk-in at the door")
    AWARDS = "awards", _("Award programme")


class Meal(models.TextChoices):
    STANDARD = "standard", _("Standard")
    VEGETARIAN = "vegetarian", _("Vegetarian")
    JAY = "jay", _("Jay (Chinese vegan)")
    HALAL = "halal", _("Halal")
    NONE = "none", _("No meal")


class Registration(VersionedModel):
    """One person's place at an event. A registration linked to a person of the registry shows
    that person's name (so an erasure of the person reaches it); others keep the name typed."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    person = optional_link(
        _("person"),
        to="people.Person",
        on_delete=models.PROTECT,
        related_name="event_registrations",
    )
    full_name = models.CharField(_("name"), max_length=300, blank=True)
    role = models.CharField(
        _("role"),
        max_length=12,
        choices=RegistrationRole.choices,
        default=RegistrationRole.PARTICIPANT,
    )
    organization = optional_link(_("represents organization"), to="network.Organization")
    center = optional_link(_("represents center"), to="network.Center")
    represents = models.CharField(_("represents"), max_length=250, blank=True)
    # Where the registrant comes from, for the figures by district.
    home_area = optional_link(_("home area"), to="geography.Area", on_delete=models.PROTECT)
    province_code = models.CharField(max_length=2, blank=True, editable=False)
    district_code = models.CharField(max_length=4, blank=True, editable=False, db_index=True)
    meal = models.CharField(_("meal"), max_length=12, choices=Meal.choices, default=Meal.STANDARD)
    accessibility = models.CharField(_("accessibility needs"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.CONFIRMED,
    )
    source = models.CharField(
        _("source"),
        max_length=12,
        choices=RegistrationSource.choices,
        default=RegistrationSource.OFFICER,
    )
    registered_by = optional_link(_("registered by"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    waitlisted_at = models.DateTimeField(_("waiting since"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason"), max_length=300, blank=True)
    # The nomination of a linked award programme this awardee was registered for.
    award_nomination_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    code = models.CharField(_("ticket code"), max_length=8, editable=False)
    ticket_secret = models.CharField(max_length=32, unique=True, editable=False)
    link_secret = models.CharField(max_length=32, unique=True, editable=False)
    name_search = models.CharField(max_length=300, editable=False, default="")
    sort_key = SortKeyField()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "sort_key", "pk"]
        indexes = [
            models.Index(fields=["event", "status", "role"], name="registration_event_status"),
            models.Index(fields=["event", "status", "waitlisted_at"], name="registration_queue"),
            models.Index(fields=["event", "sort_key"], name="registration_event_sort"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="registration_code_unique"),
            # A person holds at most one live registration per event, also under concurrency.
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=models.Q(person__isnull=False, status__in=ACTIVE_STATUSES),
                name="registration_person_once",
            ),
            models.UniqueConstraint(
                fields=["event", "award_nomination_id"],
                condition=models.Q(award_nomination_id__isnull=False, status__in=ACTIVE_STATUSES),
                name="registration_awardee_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} · {self.event}"

    def get_absolute_url(self) -> str:
        return reverse("events:registration_edit", args=[self.event_id, self.pk])

    @property
    def display_name(self) -> str:
        if self.person_id:
            return self.person.full_name
        return self.full_name

    @property
    def represents_display(self) -> str:
        if self.organization_id:
            return self.organization.name
        if self.center_id:
            return self.center.name
        return self.represents

    @property
    def code_display(self) -> str:
        return f"{self.code[:4]}-{self.code[4:]}"

    @property
    def role_colour(self) -> str:
        return ROLE_COLOURS.get(self.role, "#333333")

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class CheckInMethod(models.TextChoices):
    QR = "qr", _("QR code")
    CODE = "code", _("Typed code")
    NAME = "name", _("Name search")
    WALK_IN = "walk_in", _("Walk-in")


class CheckIn(TimeStampedModel):
    """A registration through the door: at most one per registration (a database constraint),
    and at most one per client-generated id, so a scan sent twice counts once."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="checkins"
    )
    registration = models.OneToOneField(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="checkin",
    )
    # When the ticket was scanned (on the phone, possibly offline); created_at is when the
    # server recorded it.
    checked_in_at = models.DateTimeField(_("checked in at"))
    method = models.CharField(_("how"), max_length=10, choices=CheckInMethod.choices)
    by = optional_link(_("by"))
    client_id = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        indexes = [models.Index(fields=["event", "checked_in_at"], name="checkin_event_time")]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "client_id"],
                condition=~models.Q(client_id=""),
                name="checkin_client_id_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration} @ {self.checked_in_at:%Y-%m-%d %H:%M}"


class EventPhoto(TimeStampedModel):
    """A photo of the event, shown on its public page once the event is held."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.CharField(_("image"), max_length=200, editable=False)
    caption = models.CharField(_("caption"), max_length=250, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    added_by = optional_link(_("added by"))

    class Meta:
        verbose_name = _("event photo")
        verbose_name_plural = _("event photos")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.caption or f"{self.event} #{self.pk}"


audit.register(Event)
audit.register(AgendaItem, m2m_fields={"stories"})
audit.register(EventStaff)
# The secrets of a ticket never go into the audit trail (whoever reads the history would hold
# the tickets); the search and sort keys are derived.
audit.register(
    Registration,
    exclude_fields=["ticket_secret", "link_secret", "code", "name_search", "sort_key"],
)
audit.register(CheckIn, exclude_fields=["client_id"])
audit.register(EventPhoto)

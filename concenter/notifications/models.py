"""The outbox (messages waiting to go, sent or given up) and people's channels with their consent.

A message is written in the same transaction as the change that causes it (docs/notifications.md,
ADR 0019): a rolled-back change leaves no message, a committed one is never lost. The sender takes
it from here, records each attempt, and marks it sent once.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from concenter.common import audit
from concenter.common.models import TimeStampedModel


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    LINE = "line", _("LINE")


class OutboxState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboxMessage(models.Model):
    """One message to one address on one channel, rendered when it was written."""

    kind = models.CharField(_("kind"), max_length=40)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    address = models.CharField(_("address"), max_length=254)
    recipient_name = models.CharField(_("recipient"), max_length=300, blank=True)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The DOPA code of the area the message concerns: officers see the outbox of their area.
    area_code = models.CharField(_("area"), max_length=8, blank=True, db_index=True)
    language = models.CharField(_("language"), max_length=5, default="th")
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    line_flex = models.JSONField(_("LINE flex message"), null=True, blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    state = models.CharField(
        _("state"), max_length=10, choices=OutboxState.choices, default=OutboxState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), db_index=True)
    # While a sender holds the message (state "sending"), until when; a sender that died leaves
    # its lease to run out, and the next sender takes the message again.
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.CharField(_("last error"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("written at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.kind} → {self.address}"


class DeliveryAttempt(models.Model):
    """One try at handing a message to its channel's server, with what the server answered."""

    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="deliveries")
    number = models.PositiveSmallIntegerField(_("attempt"))
    started_at = models.DateTimeField(_("started at"))
    ok = models.BooleanField(_("delivered"), default=False)
    error = models.CharField(_("error"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["message", "number"]

    def __str__(self) -> str:
        return f"{self.message_id}#{self.number}"


class ConsentMethod(models.TextChoices):
    ONLINE = "online", _("Online form")
    PAPER = "paper", _("Signed paper form")
    VERBAL = "verbal", _("Told in person, noted by the officer")
    API = "api", _("Through the API")
    UNSUBSCRIBE = "unsubscribe", _("Unsubscribe link")


class ContactChannel(TimeStampedModel):
    """An address a person (or anyone who registered) may be reached at, and their consent to
    messages there: when and how it was given or withdrawn (PDPA)."""

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    address = models.CharField(_("address"), max_length=254)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contact_channels",
    )
    consent = models.BooleanField(_("consents to messages"), default=False)
    consent_at = models.DateTimeField(_("consent given or withdrawn at"), null=True, blank=True)
    consent_method = models.CharField(
        _("how"), max_length=20, choices=ConsentMethod.choices, blank=True
    )
    # An address that followed an unsubscribe link gets only what it asked for itself.
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("contact channel")
        verbose_name_plural = _("contact channels")
        constraints = [
            models.UniqueConstraint(fields=["channel", "address"], name="contact_channel_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.address}"


# The state of a message is audited (an officer's retry names the officer); its attempts are the
# sender's bookkeeping, kept in their own table.
audit.register(OutboxMessage, include_fields=["state"])
audit.register(ContactChannel)

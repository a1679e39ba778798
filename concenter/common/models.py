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

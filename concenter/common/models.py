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


class SortKeyField(models.CharField):
    """A `thai_sort_key` column. The key gives Thai dictionary order under binary comparison,
    which SQLite does by default and PostgreSQL only under the "C" collation."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 600)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def db_parameters(self, connection):
        parameters = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            parameters["collation"] = "C"
        return parameters

"""The one range every stored date, time and number of the project's models lies in.

A date of year 9999 is stored happily and then breaks every page that shows it (it has no
Buddhist-Era year, or overflows when moved into Asia/Bangkok); a number of 24 digits overflows its
column and surfaced as a 404. Every save of a model of the project is checked here before the
database sees it (a `pre_save` hook, so every service is covered), and refused with a
ValidationError that names the field: a 422 in the API, a message beside the field on a page.
Bulk paths (imports) parse dates and numbers through concenter.common.thai, which holds them to
the same range.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models.fields import AutoFieldMixin
from django.utils.translation import gettext as _

# Common Era. 1900 (BE 2443) is older than any network record; 2200 (BE 2743) is far beyond any
# term or event, and below every Buddhist-Era year, so a BE year given as CE is caught.
FIRST_YEAR = 1900
LAST_YEAR = 2200
BUDDHIST_ERA_OFFSET = 543


def _year_message(label: str, year: int) -> str:
    return _(
        "%(field)s: the year %(year)s is outside %(first)s–%(last)s (BE %(first_be)s–%(last_be)s). "
        "Is it a Buddhist-Era year given as Common Era, or the other way round?"
    ) % {
        "field": label,
        "year": year,
        "first": FIRST_YEAR,
        "last": LAST_YEAR,
        "first_be": FIRST_YEAR + BUDDHIST_ERA_OFFSET,
        "last_be": LAST_YEAR + BUDDHIST_ERA_OFFSET,
    }


def check_year(value, *, field: str, label: str) -> None:
    """Refuse a date or datetime outside FIRST_YEAR..LAST_YEAR, naming `field`."""
    if isinstance(value, datetime.date) and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError({field: _year_message(label, value.year)}, code="date_out_of_range")


def _number_errors(field: models.Field, value, using: str) -> list[str]:
    if isinstance(field, models.DecimalField) and isinstance(value, (Decimal, int, float)):
        # Only the whole part is held to the column: the database rounds extra decimal places
        # as it always did, but a number with too many digits before the point overflows it.
        number = value if isinstance(value, Decimal) else Decimal(str(value))
        if not number.is_finite():
            return [_("This number is too large.")]
        whole_digits = max(number.adjusted() + 1, 0) if number else 0
        if whole_digits > field.max_digits - field.decimal_places:
            return [_("This number is too large.")]
    elif (
        isinstance(field, models.IntegerField)
        and isinstance(value, int)
        and not isinstance(field, AutoFieldMixin)
    ):
        low, high = connections[using].ops.integer_field_range(field.get_internal_type())
        if (low is not None and value < low) or (high is not None and value > high):
            return [_("This number is out of range.")]
    return []


def model_values_check(sender, instance, raw=False, using="default", **kwargs) -> None:
    """pre_save: every date/datetime in range, every number within its column."""
    if raw or not sender.__module__.startswith("concenter."):
        return
    errors: dict[str, list[str]] = {}
    for field in sender._meta.concrete_fields:
        value = getattr(instance, field.attname, None)
        if value is None:
            continue
        label = str(field.verbose_name)
        if isinstance(field, (models.DateField, models.DateTimeField)):
            try:
                check_year(value, field=field.name, label=label)
            except ValidationError as exc:
                errors.update(exc.message_dict)
        elif isinstance(field, (models.DecimalField, models.IntegerField)):
            messages = _number_errors(field, value, using)
            if messages:
                errors[field.name] = [f"{label}: {message}" for message in messages]
    if errors:
        raise ValidationError(errors)

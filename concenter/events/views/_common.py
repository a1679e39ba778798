"""What the event pages share."""

from django.core.exceptions import ValidationError
from django.http import HttpResponse

from concenter.accounts.scope import Access, can
from concenter.common.forms import apply_errors
from concenter.events import services
from concenter.events.models import (
    Event,
)
from concenter.geography.models import Area, Level

PAGE_SIZE = 100
BADGES_MAX = 2_000
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _apply(form, exc: ValidationError, mapping: dict | None = None) -> None:
    """A service's refusal next to the form field it names (a combined field, such as a date
    and a time, next to the input the person typed)."""
    if mapping and hasattr(exc, "error_dict"):
        exc = ValidationError(
            {mapping.get(name, name): errors for name, errors in exc.error_dict.items()}
        )
    apply_errors(form, exc)


def _can_change(request, event: Event) -> bool:
    return can(request.user, Access.CHANGE, event.area_id)


def _rights(request, event: Event) -> dict:
    """What the event's sub-navigation offers this user."""
    return {
        "can_change": _can_change(request, event),
        "can_door": services.may_work_door(request.user, event),
    }


def _file(content: bytes, *, media_type: str, name: str, inline: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type=media_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _districts(event: Event) -> list[Area]:
    return list(
        Area.objects.filter(
            province_code=event.province_code, level=Level.DISTRICT, active=True
        ).order_by("sort_key")
    )

"""An event's agenda: sessions, speakers, award presentations."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from concenter.accounts.scope import Access, can
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.common.versioning import lock_for_update
from concenter.events.models import (
    AgendaItem,
    AgendaKind,
    Event,
    EventStatus,
)
from concenter.events.services._common import (
    TITLE_MAX_LENGTH,
    _aware,
    _local,
    _lock_event,
    _multiline,
    _require_event,
    _text,
)
from concenter.events.services.awardees import _register_awardees
from concenter.network.models import Center, Organization


def _agenda_values(
    actor,
    event: Event,
    *,
    kind,
    starts_at,
    ends_at=None,
    title="",
    details="",
    location="",
    speaker_name="",
    speaker_position="",
    performer_organization_id=None,
    performer_center_code="",
    performer_name="",
    exhibitor_center_code="",
    theme="",
    story_ids=(),
    award_programme_id=None,
) -> tuple[dict, list]:
    errors: dict[str, str] = {}
    if kind not in AgendaKind.values:
        raise ValidationError({"kind": _("Choose the kind of item.")})
    values: dict = {"kind": kind}
    for name, value in (("starts_at", starts_at), ("ends_at", ends_at)):
        try:
            values[name] = _aware(value, name)
        except ValidationError as exc:
            errors[name] = exc.message_dict[name][0]
    for name, max_length, value in (
        ("title", TITLE_MAX_LENGTH, title),
        ("location", 200, location),
        ("speaker_name", 200, speaker_name),
        ("speaker_position", 250, speaker_position),
        ("performer_name", 250, performer_name),
        ("theme", 250, theme),
    ):
        try:
            values[name] = _text(value, field=name, max_length=max_length)
        except ValidationError as exc:
            errors[name] = exc.message_dict[name][0]
    try:
        values["details"] = _multiline(details, field="details", max_length=5000)
    except ValidationError as exc:
        errors["details"] = exc.message_dict["details"][0]
    starts, ends = values.get("starts_at"), values.get("ends_at")
    window = _("%(start)s – %(end)s") % {
        "start": _local(event.starts_at).strftime("%H:%M"),
        "end": _local(event.ends_at).strftime("%H:%M"),
    }
    if "starts_at" not in errors and starts is None:
        errors["starts_at"] = _("Enter when the item starts.")
    elif starts and not event.starts_at <= starts < event.ends_at:
        errors["starts_at"] = _("The item must start within the event (%(window)s).") % {
            "window": window
        }
    if starts and ends and ends <= starts:
        errors["ends_at"] = _("The item must end after it starts.")
    elif ends and ends > event.ends_at:
        errors["ends_at"] = _("The item must end within the event (%(window)s).") % {
            "window": window
        }
    # What each kind needs; fields of other kinds are cleared so the item stays what it says.
    values.update(
        performer_organization=None,
        performer_center=None,
        exhibitor_center=None,
    )
    stories: list = []
    if kind != AgendaKind.SPEECH:
        values.update(speaker_name="", speaker_position="")
    if kind != AgendaKind.PERFORMANCE:
        values["performer_name"] = ""
    if kind != AgendaKind.EXHIBITION:
        values["theme"] = ""
    if kind == AgendaKind.SPEECH:
        if not values.get("speaker_name") and not values.get("speaker_position"):
            errors["speaker_name"] = _("Enter the speaker's name or position.")
    elif kind == AgendaKind.PERFORMANCE:
        if performer_organization_id:
            organization = Organization.objects.filter(pk=performer_organization_id).first()
            if organization is None or not can(actor, Access.READ, organization.area_id):
                errors["performer_organization_id"] = _("Unknown organization.")
            values["performer_organization"] = organization
        if performer_center_code:
            center = Center.objects.filter(pk=str(performer_center_code).strip()).first()
            if center is None or not _in_event_scope(event, center.pk):
                errors["performer_center_code"] = _("Unknown center.")
            values["performer_center"] = center
        if not (performer_organization_id or performer_center_code or values.get("performer_name")):
            errors["performer_name"] = _(
                "Name the performing group: an organization, a center or a group's name."
            )
    elif kind == AgendaKind.EXHIBITION:
        center = Center.objects.filter(pk=str(exhibitor_center_code or "").strip()).first()
        if center is None or not _in_event_scope(event, center.pk):
            errors["exhibitor_center_code"] = _(
                "Choose the exhibiting center among the centers of the event's area."
            )
            center = None
        values["exhibitor_center"] = center
        if story_ids and center is not None:
            from concenter.activities.models import Story

            wanted = {int(pk) for pk in story_ids}
            # Published stories only: a draft is neither shown nor named (not even its title).
            found = {s.pk: s for s in Story.objects.filter(pk__in=wanted, published=True)}
            for pk in sorted(wanted):
                story = found.get(pk)
                if story is None or not _in_event_scope(event, story.center_id):
                    errors["story_ids"] = _("Unknown success story.")
                elif not story.center_id.startswith(center.area_id):
                    errors["story_ids"] = _(
                        "The story “%(title)s” is not a story of the exhibiting center or of "
                        "its member centers."
                    ) % {"title": story.title}
                else:
                    stories.append(story)
    values["award_programme"] = None
    if kind == AgendaKind.AWARD and award_programme_id:
        from concenter.awards.models import Programme

        programme = Programme.objects.filter(pk=award_programme_id).first()
        if programme is None or not can(actor, Access.READ, programme.area_id):
            errors["award_programme_id"] = _("Unknown award programme.")
        values["award_programme"] = programme
    if errors:
        raise ValidationError(errors)
    return values, stories


def _in_event_scope(event: Event, center_code: str) -> bool:
    """A center inside the event's area (its code starts with the area's code)."""
    return bool(center_code) and str(center_code).startswith(event.area_id or "\0")


def _item_event(actor, item_id) -> tuple[AgendaItem, Event]:
    item = AgendaItem.objects.filter(pk=item_id).first() if item_id else None
    if item is None:
        raise NotFoundOrOutOfScope()
    event = _require_event(actor, item.event_id)
    return item, event


def _check_event_editable(event: Event) -> None:
    if event.status == EventStatus.CANCELLED:
        raise ValidationError({"status": _("This event was cancelled: it can no longer change.")})


@transaction.atomic
def agenda_item_add(*, actor, event_id: int, kind: str, starts_at, **fields) -> AgendaItem:
    """Add an item to the agenda. Linking an award programme registers its awardees."""
    event = _require_event(actor, event_id)
    _check_event_editable(event)
    values, stories = _agenda_values(actor, event, kind=kind, starts_at=starts_at, **fields)
    last = event.agenda_items.order_by("-position").values_list("position", flat=True).first()
    item = AgendaItem(event=event, position=(last or 0) + 1, **values)
    item.save()
    if stories:
        item.stories.set(stories)
    if item.award_programme_id:
        _register_awardees(actor, _lock_event(event.pk))
    return item


@transaction.atomic
def agenda_item_update(
    *, actor, item_id: int, expected_version: int | None, **fields
) -> AgendaItem:
    existing, event = _item_event(actor, item_id)
    _check_event_editable(event)
    item = lock_for_update(
        AgendaItem.objects.filter(pk=existing.pk), expected_version=expected_version
    )
    current = {
        "kind": item.kind,
        "starts_at": item.starts_at,
        "ends_at": item.ends_at,
        "title": item.title,
        "details": item.details,
        "location": item.location,
        "speaker_name": item.speaker_name,
        "speaker_position": item.speaker_position,
        "performer_organization_id": item.performer_organization_id,
        "performer_center_code": item.performer_center_id or "",
        "performer_name": item.performer_name,
        "exhibitor_center_code": item.exhibitor_center_id or "",
        "theme": item.theme,
        "story_ids": list(item.stories.values_list("pk", flat=True)),
        "award_programme_id": item.award_programme_id,
    }
    values, stories = _agenda_values(actor, event, **{**current, **fields})
    linked_before = current["award_programme_id"]
    for name, value in values.items():
        setattr(item, name, value)
    item.save()
    item.stories.set(stories)
    programme_id = item.award_programme_id
    if programme_id and programme_id != linked_before:
        _register_awardees(actor, _lock_event(event.pk))
    return item


@transaction.atomic
def agenda_item_remove(*, actor, item_id: int) -> None:
    item, event = _item_event(actor, item_id)
    _check_event_editable(event)
    item.delete()

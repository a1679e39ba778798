"""Registering the winners of an award programme presented at an event."""

from dataclasses import dataclass, field

from django.db import transaction

from concenter.common.thai import (
    normalize_text,
)
from concenter.events.models import (
    AgendaItem,
    AgendaKind,
    Event,
    Registration,
    RegistrationRole,
    RegistrationSource,
    RegistrationStatus,
)
from concenter.events.services._common import (
    NAME_MAX_LENGTH,
    _check_registration_open,
    _insert_registration,
    _lock_event,
    _place_from,
    _require_event,
)
from concenter.network.models import Center, Organization
from concenter.people.models import Person


@dataclass
class AwardeesResult:
    registered: list[Registration] = field(default_factory=list)
    updated: list[Registration] = field(default_factory=list)
    waitlisted: list[Registration] = field(default_factory=list)
    programmes: int = 0


def _register_awardees(actor, event: Event) -> AwardeesResult:
    """Register the published winners of every award programme on the agenda, in their
    presentation order (the event's row is locked by the caller)."""
    from concenter.awards.selectors import programme_published_winners

    result = AwardeesResult()

    programme_ids = list(
        AgendaItem.objects.filter(event=event, kind=AgendaKind.AWARD)
        .exclude(award_programme=None)
        .order_by("starts_at", "position")
        .values_list("award_programme_id", flat=True)
        .distinct()
    )
    result.programmes = len(programme_ids)
    active = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)
    for programme_id in programme_ids:
        for winner in programme_published_winners(programme_id=programme_id):
            if Registration.objects.filter(
                event=event, award_nomination_id=winner.nomination_id, status__in=active
            ).exists():
                continue
            existing = None
            person = None
            if winner.person_id:
                person = Person.objects.select_related("area").filter(pk=winner.person_id).first()
                if person is not None:
                    existing = Registration.objects.filter(
                        event=event, person=person, status__in=active
                    ).first()
            if existing is not None:
                existing.role = RegistrationRole.AWARDEE
                existing.award_nomination_id = winner.nomination_id
                existing.version += 1
                existing.save()
                result.updated.append(existing)
                continue
            organization = (
                Organization.objects.filter(pk=winner.organization_id).first()
                if winner.organization_id
                else None
            )
            center = (
                Center.objects.filter(pk=winner.center_code).first() if winner.center_code else None
            )
            home = person.area if person else (organization.area if organization else None)
            registration = _insert_registration(
                event,
                actor=actor,
                person=person,
                full_name="" if person else normalize_text(winner.display_name)[:NAME_MAX_LENGTH],
                role=RegistrationRole.AWARDEE,
                source=RegistrationSource.AWARDS,
                organization=organization,
                center=center if organization is None else None,
                award_nomination_id=winner.nomination_id,
                **_place_from(home),
            )
            result.registered.append(registration)
            if registration.status == RegistrationStatus.WAITLISTED:
                result.waitlisted.append(registration)
    return result


@transaction.atomic
def event_awardees_register(*, actor, event_id: int) -> AwardeesResult:
    """Register (again) the published winners of the award programmes on the agenda: new
    winners are added, people already registered become awardees, nobody is registered twice."""
    event = _require_event(actor, event_id)
    _check_registration_open(event)
    return _register_awardees(actor, _lock_event(event.pk))

import datetime
import itertools

from concenter.network import services
from concenter.network.models import Position
from concenter.people.services import PersonData, person_create

_counter = itertools.count(1)


def person(actor, area_code="710104", **overrides):
    number = next(_counter)
    data = PersonData(
        given_name=overrides.pop("given_name", f"สมชาย{number}"),
        family_name=overrides.pop("family_name", f"ใจดี{number}"),
        **overrides,
    )
    return person_create(actor=actor, data=data, area_code=area_code, confirm_new=True)


def draft_committee(
    actor,
    center_code="710104",
    members=9,
    starts_on=datetime.date(2025, 10, 1),
    ends_on=datetime.date(2029, 9, 30),
):
    """A draft term with one chair and members-1 ordinary members."""
    term = services.committee_term_create(
        actor=actor, center_code=center_code, starts_on=starts_on, ends_on=ends_on
    )
    seats = []
    for index in range(members):
        position = Position.CHAIR if index == 0 else Position.MEMBER
        seats.append(
            services.seat_add(
                actor=actor, term_id=term.pk, person_id=person(actor).pk, position=position
            )
        )
    return term, seats

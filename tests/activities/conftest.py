import datetime

import pytest

from concenter.network import services as network
from concenter.network.models import Position
from concenter.people.services import PersonData, person_create

CENTERS = ("71", "7101", "710104", "710101", "7102", "710201")
TERM = (datetime.date(2024, 10, 1), datetime.date(2028, 9, 30))


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads of each test go to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def centers(province_officer):
    for code in CENTERS:
        network.center_create(actor=province_officer, area_code=code)


def make_person(actor, area_code: str, number: int, **extra):
    data = PersonData(
        title="นาง", given_name=f"ผู้ร่วม{number}", family_name=f"สกุลทดสอบ{number}", **extra
    )
    return person_create(actor=actor, data=data, area_code=area_code, confirm_new=True)


@pytest.fixture
def committee(centers, province_officer):
    """An active committee of 9 members and an advisor for center 710104 (term of TERM)."""
    term = network.committee_term_create(
        actor=province_officer, center_code="710104", starts_on=TERM[0], ends_on=TERM[1]
    )
    seats = []
    for index in range(9):
        person = make_person(province_officer, "710104", index)
        position = Position.CHAIR if index == 0 else Position.MEMBER
        seats.append(
            network.seat_add(
                actor=province_officer, term_id=term.pk, person_id=person.pk, position=position
            )
        )
    advisor = make_person(province_officer, "710104", 99)
    seats.append(
        network.seat_add(
            actor=province_officer,
            term_id=term.pk,
            person_id=advisor.pk,
            position=Position.ADVISOR,
        )
    )
    network.committee_term_activate(actor=province_officer, term_id=term.pk)
    return term, seats

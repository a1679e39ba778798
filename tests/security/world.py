"""The data the access matrix runs against: built once per test module through the services.

Four places, each a subdistrict with its own center and the same set of records:

* 710104 (district 7101, province 71) — "inside" for the district officer and the center editor;
* 710101 (district 7101) — a sibling center the editor of 710104 must not reach;
* 710201 (district 7102, province 71) — outside district 7101, inside province 71;
* 720101 (province 72) — outside province 71.
"""

import datetime
import itertools
import pkgutil
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

from concenter.accounts.models import Role, User
from concenter.network import services as network
from concenter.network.models import Position, SeatEndReason
from concenter.people.services import PersonData, person_create
from tests.conftest import make_user

PLACES = ("710104", "710101", "710201", "720101")
# A subdistrict of the same district with no center yet, where a new center may be created.
FREE_SUBDISTRICT = {"710104": "710102", "710101": "710103", "710201": "710202", "720101": "720102"}
PASSWORD = "correct horse battery"

ACTIVE_TERM = (datetime.date(2025, 10, 1), datetime.date(2029, 9, 30))
DRAFT_TERM = (datetime.date(2029, 10, 1), datetime.date(2033, 9, 30))
NEW_TERM = (datetime.date(2040, 1, 1), datetime.date(2043, 12, 31))
COMMITTEE_SIZE = 9

_names = itertools.count(1)


@dataclass
class Place:
    code: str
    free_subdistrict: str
    person: int = 0
    spare_person: int = 0
    active_term: int = 0
    draft_term: int = 0
    open_seat: int = 0  # a seat of the active term, still held
    ended_seat: int = 0  # a seat of the active term that ended (a replacement may be seated)
    draft_seat: int = 0  # a seat of the draft term (it may be removed)
    organization: int = 0
    partner: int = 0
    extras: dict = field(default_factory=dict)  # records of other apps, by the matrix_* modules


@dataclass
class World:
    users: dict[str, User]
    places: dict[str, Place]


def _person(actor, area_code: str) -> int:
    number = next(_names)
    data = PersonData(given_name=f"ทดสอบสิทธิ์{number}", family_name=f"สกุลสิทธิ์{number}")
    return person_create(actor=actor, data=data, area_code=area_code, confirm_new=True).pk


def _term(actor, code: str, dates, people: list[int]) -> tuple[int, list[int]]:
    term = network.committee_term_create(
        actor=actor, center_code=code, starts_on=dates[0], ends_on=dates[1]
    )
    seats = [
        network.seat_add(
            actor=actor,
            term_id=term.pk,
            person_id=person_id,
            position=Position.CHAIR if index == 0 else Position.MEMBER,
        ).pk
        for index, person_id in enumerate(people)
    ]
    return term.pk, seats


def _place(admin, code: str) -> Place:
    place = Place(code=code, free_subdistrict=FREE_SUBDISTRICT[code])
    network.center_create(actor=admin, area_code=code)
    people = [_person(admin, code) for _ in range(COMMITTEE_SIZE + 1)]
    place.person = people[0]
    place.spare_person = people[-1]
    committee = people[:COMMITTEE_SIZE]
    place.active_term, active_seats = _term(admin, code, ACTIVE_TERM, committee)
    network.committee_term_activate(actor=admin, term_id=place.active_term)
    place.open_seat, place.ended_seat = active_seats[1], active_seats[2]
    network.seat_end(
        actor=admin,
        seat_id=place.ended_seat,
        ends_on=datetime.date(2026, 1, 31),
        reason=SeatEndReason.RESIGNATION,
    )
    place.draft_term, draft_seats = _term(admin, code, DRAFT_TERM, committee)
    place.draft_seat = draft_seats[-1]
    place.organization = network.organization_create(
        actor=admin,
        area_code=code,
        type_code="savings_group",
        name=f"กลุ่มออมทรัพย์ทดสอบสิทธิ์ {code}",
        leader_id=place.person,
        member_count=10,
    ).pk
    network.organization_member_add(
        actor=admin, organization_id=place.organization, person_id=place.person
    )
    place.partner = network.partner_create(
        actor=admin, area_code=code, kind="academia", name=f"มหาวิทยาลัยทดสอบสิทธิ์ {code}"
    ).pk
    network.cooperation_create(
        actor=admin, partner_id=place.partner, center_code=code, kind="mou", title="บันทึกความร่วมมือ"
    )
    return place


def _extensions() -> list:
    """tests/security/matrix_<app>.py modules: each may define PAGE_RULES, API_RULES and
    build_place(admin=..., place=..., users=...) to add its app's records to every place."""
    folder = Path(__file__).parent
    return [
        import_module(f"tests.security.{module.name}")
        for module in pkgutil.iter_modules([str(folder)])
        if module.name.startswith("matrix_")
    ]


EXTENSIONS = _extensions()


def build_world() -> World:
    users = {
        "national_admin": make_user("sec.admin", Role.NATIONAL_ADMIN),
        "province_officer": make_user("sec.province", Role.PROVINCE_OFFICER, "71"),
        "district_officer": make_user("sec.district", Role.DISTRICT_OFFICER, "7101"),
        "viewer": make_user("sec.viewer", Role.VIEWER, "71"),
        "center_editor": make_user("sec.editor", Role.CENTER_EDITOR, center_code="710104"),
        "judge": make_user("sec.judge", Role.JUDGE),
    }
    admin = users["national_admin"]
    places = {code: _place(admin, code) for code in PLACES}
    for extension in EXTENSIONS:
        hook = getattr(extension, "build_place", None)
        if hook is not None:
            for place in places.values():
                hook(admin=admin, place=place, users=users)
    return World(users=users, places=places)

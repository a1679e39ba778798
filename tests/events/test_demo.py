"""The events demo: the relations day of 28 February 2020 with its agenda, registrations
across the districts and check-ins, and an upcoming assembly with a waiting list; loaded once."""

import pytest

from concenter.common.demo import DemoContext
from concenter.events import demo, selectors
from concenter.events.models import AgendaKind, Event, EventStatus, Registration
from concenter.network import services as network
from tests.events.conftest import new_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_network(db):
    """The province center, three district centers and a few people in every district (the
    network demo's full data takes a minute; the events demo only needs some of it)."""
    from concenter.accounts.models import Role
    from concenter.geography.models import Area
    from tests.conftest import make_user

    admin = make_user("admin", Role.NATIONAL_ADMIN)
    network.center_create(actor=admin, area_code="71")
    for code in ("7101", "7102", "7103"):
        network.center_create(actor=admin, area_code=code)
    for district in Area.objects.filter(parent_id="71").order_by("code"):
        subdistrict = Area.objects.filter(parent=district).order_by("code").first()
        for _ in range(12 if district.code in ("7101", "7102", "7103") else 3):
            new_person(admin, area_code=subdistrict.code)
    return admin


def test_the_demo_holds_the_relations_day_of_the_seed(small_network):
    context = DemoContext(password="demo password 2563", password_was_generated=False)
    demo.load(context)
    day = Event.objects.get(title=demo.TITLE)
    assert day.status == EventStatus.HELD
    assert day.venue_name == "หอประชุมมหาวิทยาลัยราชภัฏกาญจนบุรี"
    kinds = [item.kind for item in selectors.agenda(day)]
    for kind in (
        AgendaKind.SPEECH,
        AgendaKind.AWARD,
        AgendaKind.PERFORMANCE,
        AgendaKind.EXHIBITION,
    ):
        assert kind in kinds
    figures = selectors.attendance(event=day)
    assert figures.registered > 50
    assert 0 < figures.attended < figures.registered  # check-ins and a few no-shows
    assert figures.walk_ins > 0
    assert len([row for row in figures.by_district if row.key]) >= 10
    assert figures.awardees >= 10
    assembly = Event.objects.get(title=demo.ASSEMBLY_TITLE)
    assert assembly.status == EventStatus.OPEN
    # Loading again changes nothing.
    before = Registration.objects.count()
    demo.load(context)
    assert Registration.objects.count() == before
    assert Event.objects.filter(title=demo.TITLE).count() == 1

"""The link to awards: an award presentation shows its programme's published winners in the
order of presentation, and they are registered as award recipients, never twice.

The winners come through the awards app's contract, `programme_published_winners`; here it
answers a fixed list (the awards app's own tests cover how winners are chosen)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from concenter.accounts.models import Role
from concenter.awards import selectors as award_selectors
from concenter.awards.models import Programme
from concenter.events import documents, selectors, services
from concenter.events.models import AgendaKind, Registration, RegistrationRole
from concenter.geography.models import Area
from concenter.network import services as network
from tests.conftest import make_user
from tests.events.conftest import new_person

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def _programme(area_code: str = "71") -> Programme:
    now = timezone.now()
    programme = Programme(
        title="นักพัฒนาชุมชนดีเด่นจังหวัดกาญจนบุรี ประจำปี 2563",
        year=2020,
        nominations_open_at=now - datetime.timedelta(days=90),
        nominations_close_at=now - datetime.timedelta(days=60),
    )
    programme.place_in(Area.objects.get(code=area_code))
    programme.save()
    return programme


@pytest.fixture
def winners(admin, monkeypatch):
    people = [new_person(admin, given_name=f"ผู้ได้รับรางวัล{n}") for n in range(2)]
    organization = network.organization_create(
        actor=admin, area_code="710104", type_code="savings_group", name="กลุ่มออมทรัพย์ดีเด่น"
    )
    published = [
        award_selectors.PublishedWinner(
            nomination_id=101,
            person_id=people[0].pk,
            organization_id=None,
            center_code="710104",
            display_name=people[0].full_name,
            category_label="เกษตรกร",
            plaque_number=1,
            citation="",
        ),
        award_selectors.PublishedWinner(
            nomination_id=102,
            person_id=None,
            organization_id=organization.pk,
            center_code="710104",
            display_name=organization.name,
            category_label="องค์กรชุมชน",
            plaque_number=2,
            citation="",
        ),
        award_selectors.PublishedWinner(
            nomination_id=103,
            person_id=people[1].pk,
            organization_id=None,
            center_code="710104",
            display_name=people[1].full_name,
            category_label="ครู",
            plaque_number=3,
            citation="",
        ),
    ]
    state = {"winners": published}
    monkeypatch.setattr(
        award_selectors,
        "programme_published_winners",
        lambda *, programme_id: list(state["winners"]),
    )
    return state, people


def _award(admin, event, programme):
    return services.agenda_item_add(
        actor=admin,
        event_id=event.pk,
        kind=AgendaKind.AWARD,
        starts_at=event.starts_at,
        award_programme_id=programme.pk,
    )


def test_linking_a_programme_registers_its_winners_as_award_recipients(admin, event, winners):
    _state, people = winners
    services.event_update(actor=admin, event_id=event.pk, expected_version=None, capacity=None)
    services.registration_create(actor=admin, event_id=event.pk, person_id=people[1].pk)
    _award(admin, event, _programme())
    awardees = Registration.objects.filter(event=event, role=RegistrationRole.AWARDEE)
    assert sorted(awardees.values_list("award_nomination_id", flat=True)) == [101, 102, 103]
    assert Registration.objects.filter(event=event).count() == 3  # people[1] became an awardee
    group = awardees.get(award_nomination_id=102)
    assert (group.full_name, group.organization.name) == ("กลุ่มออมทรัพย์ดีเด่น",) * 2


def test_registering_the_awardees_again_adds_new_winners_and_nobody_twice(admin, event, winners):
    state, _people = winners
    services.event_update(actor=admin, event_id=event.pk, expected_version=None, capacity=None)
    _award(admin, event, _programme())
    late = new_person(admin, given_name="ผู้ได้รับรางวัลเพิ่ม")
    state["winners"].append(
        award_selectors.PublishedWinner(
            nomination_id=104,
            person_id=late.pk,
            organization_id=None,
            center_code="710104",
            display_name=late.full_name,
            category_label="",
            plaque_number=4,
            citation="",
        )
    )
    result = services.event_awardees_register(actor=admin, event_id=event.pk)
    assert [r.person_id for r in result.registered] == [late.pk]
    services.event_awardees_register(actor=admin, event_id=event.pk)
    assert Registration.objects.filter(event=event, role="awardee").count() == 4


def test_the_agenda_and_the_programme_show_the_winners_in_presentation_order(admin, event, winners):
    services.event_update(actor=admin, event_id=event.pk, expected_version=None, capacity=None)
    _award(admin, event, _programme())
    [item] = selectors.agenda(event, public=True)
    assert [w.plaque_number for w in item.winners] == [1, 2, 3]
    [printed] = documents.programme_data(event)["items"]
    assert [w["plaque"] for w in printed["winners"]] == ["1", "2", "3"]
    assert printed["winners"][1]["name"] == "กลุ่มออมทรัพย์ดีเด่น"
    assert "นักพัฒนาชุมชนดีเด่น" in printed["title"]


def test_a_programme_outside_the_officers_area_cannot_be_linked(admin, event, winners):
    officer = make_user("awards.link.saiyok", Role.DISTRICT_OFFICER, "7101")
    with pytest.raises(ValidationError) as error:
        _award(officer, event, _programme(area_code="72"))
    assert "award_programme_id" in error.value.message_dict
    assert not Registration.objects.exists()

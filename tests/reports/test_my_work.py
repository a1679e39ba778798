"""The "my work" page: every role lands on its own work after signing in, and the menu shows
the dashboard only to those who hold an area."""

import datetime

import pytest

from concenter.accounts.models import Role
from concenter.events import services as event_services
from concenter.network import services as network_services
from tests.awards import helpers as awards
from tests.conftest import client_for, make_user
from tests.events.conftest import new_event, open_event
from tests.network.helpers import draft_committee

pytestmark = pytest.mark.clock("2026-11-20T09:15")


def test_signing_in_lands_on_my_work(district_officer):
    client = client_for(None)
    response = client.post(
        "/accounts/login/", {"username": "kan.mueang", "password": "correct horse battery"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/work/"


def test_an_officer_sees_their_area_terms_ending_and_nominations_to_screen(
    district_officer, national_admin, django_assert_max_num_queries
):
    for code in ("71", "7101", "710104"):
        network_services.center_create(actor=national_admin, area_code=code)
    term, _seats = draft_committee(
        national_admin,
        starts_on=datetime.date(2022, 12, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    network_services.committee_term_activate(actor=national_admin, term_id=term.pk)
    programme = awards.programme(national_admin, area_code="7101")
    awards.to_screening(national_admin, programme)
    nominee = awards.person(national_admin, given_name="วิชิตร", family_name="ตีรสวัสดิชัย")
    awards.nominate(national_admin, programme, nominee)

    client = client_for(district_officer)
    with django_assert_max_num_queries(14):
        page = client.get("/work/").content.decode()
    assert 'href="/dashboard/7101/"' in page
    assert f'href="{term.get_absolute_url()}"' in page  # ends within three months
    assert "วิชิตร" in page
    assert 'href="/dashboard/"' in page  # the menu's dashboard link


def test_a_judge_sees_their_scorecards_and_no_dashboard_link(national_admin):
    judge = awards.judge("judge.home")
    programme = awards.programme(national_admin)
    awards.add_panel(national_admin, programme, [judge])
    page = client_for(judge).get("/work/").content.decode()
    assert "/awards/judging/" in page
    assert 'href="/dashboard/"' not in page
    assert 'href="/people/"' not in page  # nothing of an area's records either


def test_door_staff_see_the_door_of_their_event(national_admin):
    for code in ("71", "7101"):
        network_services.center_create(actor=national_admin, area_code=code)
    volunteer = make_user("door.helper")
    event = open_event(national_admin, new_event(national_admin, capacity=5))
    event_services.event_staff_add(actor=national_admin, event_id=event.pk, username="door.helper")
    page = client_for(volunteer).get("/work/").content.decode()
    assert f'href="/events/{event.pk}/door/"' in page
    assert 'href="/dashboard/"' not in page


def test_a_center_editor_sees_their_center(national_admin):
    network_services.center_create(actor=national_admin, area_code="710104")
    editor = make_user("center.editor", Role.CENTER_EDITOR, center_code="710104")
    page = client_for(editor).get("/work/").content.decode()
    assert 'href="/centers/710104/"' in page
    assert 'href="/centers/710104/activities/new/"' in page


def test_someone_without_a_role_is_told_to_ask_for_one(db):
    page = client_for(make_user("nobody")).get("/work/").content.decode()
    assert 'class="notice"' in page
    assert 'href="/dashboard/"' not in page


def test_a_viewer_is_not_offered_an_import_an_officer_is(viewer, district_officer):
    viewer_page = client_for(viewer).get("/work/").content.decode()
    assert 'href="/dashboard/71/"' in viewer_page  # a viewer still sees their area
    assert 'href="/imports/new/"' not in viewer_page
    officer_page = client_for(district_officer).get("/work/").content.decode()
    assert 'href="/imports/new/"' in officer_page
    assert 'href="/imports/new/"' not in client_for(viewer).get("/imports/").content.decode()
    assert 'href="/imports/new/"' in client_for(district_officer).get("/imports/").content.decode()

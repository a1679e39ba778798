"""The page where an officer records a person's e-mail or LINE address and their answer to
messages (given on paper or in person), and what the outbox then does with it."""

import pytest

from concenter.notifications.models import ContactChannel
from concenter.notifications.services import message_enqueue
from concenter.people import services as people_services
from concenter.people.services import PersonData
from tests.conftest import client_for

pytestmark = pytest.mark.clock("2026-11-20T09:15")


@pytest.fixture
def person(district_officer):
    return people_services.person_create(
        actor=district_officer,
        data=PersonData(given_name="บุญมี", family_name="ศรีสุข"),
        area_code="710104",
    )


def test_an_officer_records_paper_consent_and_messages_then_reach_the_address(
    district_officer, person, django_assert_max_num_queries
):
    client = client_for(district_officer)
    url = f"/people/{person.pk}/contacts/"
    detail = client.get(person.get_absolute_url()).content.decode()
    assert f'href="{url}"' in detail
    with django_assert_max_num_queries(12):
        page = client.get(url)
    assert page.status_code == 200
    assert "บุญมี" in page.content.decode()
    done = client.post(
        url,
        {"channel": "email", "address": " boonmee@example.org ", "consent": "True",
         "method": "paper"},
    )  # fmt: skip
    assert done.status_code == 302
    row = ContactChannel.objects.get(person=person)
    assert (row.address, row.consent, row.consent_method) == ("boonmee@example.org", True, "paper")
    assert row.recorded_by == district_officer
    assert "boonmee@example.org" in client.get(url).content.decode()
    message = message_enqueue(
        kind="term_ending",
        recipient=person,
        context={"name": "x", "center_name": "x", "ends_on": "x", "link": "x", "link_label": "x"},
        idempotency_key="contacts-page-test",
    )
    assert message is not None and message.address == "boonmee@example.org"


def test_a_withdrawn_answer_replaces_the_earlier_one(district_officer, person):
    client = client_for(district_officer)
    url = f"/people/{person.pk}/contacts/"
    for consent in ("True", "False"):
        client.post(
            url,
            {"channel": "email", "address": "boonmee@example.org", "consent": consent,
             "method": "verbal"},
        )  # fmt: skip
    row = ContactChannel.objects.get(person=person)
    assert row.consent is False and row.consent_method == "verbal"


@pytest.mark.parametrize(
    ("data", "field_error"),
    [
        ({"channel": "line", "address": "somchai"}, "LINE"),
        ({"channel": "email", "address": "not-an-address"}, "e-mail"),
        ({"channel": "email", "address": ""}, ""),
        ({"channel": "fax", "address": "x@example.org"}, ""),
    ],
)
def test_a_bad_address_is_refused_on_the_form_and_nothing_is_stored(
    district_officer, person, data, field_error
):
    client = client_for(district_officer)
    client.cookies["django_language"] = "en"
    response = client.post(
        f"/people/{person.pk}/contacts/", {**data, "consent": "True", "method": "paper"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="field field-error"' in body or "field-error" in body
    assert field_error in body
    assert not ContactChannel.objects.exists()


def test_an_officer_of_another_area_gets_404(person):
    from concenter.accounts.models import Role
    from tests.conftest import make_user

    other = make_user("other.district", Role.DISTRICT_OFFICER, "7201")
    assert client_for(other).get(f"/people/{person.pk}/contacts/").status_code == 404

"""An exhibition on an event's agenda shows only published stories of centers in the event's
area; another area's draft is neither stored nor named."""

import json

import pytest
from django.utils import timezone

from concenter.activities.models import Story
from concenter.events.models import AgendaItem
from concenter.events.selectors import stories_under
from concenter.network import services as network
from tests.conftest import client_for
from tests.events.conftest import new_event

pytestmark = pytest.mark.django_db
DRAFT_TITLE = "ร่างเรื่องเล่าลับของจังหวัดอื่น"


@pytest.fixture
def district_day(admin, centers):
    """An event of district 7101 (its area), and a center with stories in province 72."""
    network.center_create(actor=admin, area_code="72")
    return new_event(admin, organizer="7101", door_open=False)


def post_item(user, event, **fields):
    start = timezone.localtime(event.starts_at).replace(minute=45)
    body = {"kind": "exhibition", "starts_at": start.isoformat(), **fields}
    return client_for(user).post(
        f"/api/v1/events/{event.pk}/agenda", json.dumps(body), content_type="application/json"
    )


def test_another_areas_draft_story_is_refused_without_its_title(admin, district_day):
    draft = Story.objects.create(center_id="72", title=DRAFT_TITLE)
    response = post_item(admin, district_day, exhibitor_center_code="7101", story_ids=[draft.pk])
    assert response.status_code == 422
    assert DRAFT_TITLE not in response.content.decode()
    assert "story_ids" in response.json()["errors"]
    assert not AgendaItem.objects.exists()


def test_a_draft_of_the_events_own_area_is_refused_too(admin, district_day):
    draft = Story.objects.create(center_id="710104", title=DRAFT_TITLE)
    response = post_item(admin, district_day, exhibitor_center_code="7101", story_ids=[draft.pk])
    assert response.status_code == 422
    assert DRAFT_TITLE not in response.content.decode()


def test_an_exhibitor_center_outside_the_events_area_is_refused(admin, district_day):
    published = Story.objects.create(center_id="72", title="เรื่องเผยแพร่", published=True)
    response = post_item(admin, district_day, exhibitor_center_code="72", story_ids=[published.pk])
    assert response.status_code == 422
    assert "exhibitor_center_code" in response.json()["errors"]
    assert not AgendaItem.objects.exists()


def test_a_published_story_of_a_center_in_the_area_is_stored(admin, district_day):
    story = Story.objects.create(center_id="710104", title="ข้าวหลาม", published=True)
    response = post_item(admin, district_day, exhibitor_center_code="7101", story_ids=[story.pk])
    assert response.status_code == 201, response.content
    assert list(AgendaItem.objects.get().stories.values_list("pk", flat=True)) == [story.pk]


def test_the_edit_form_offers_only_published_stories(admin, district_day):
    published = Story.objects.create(center_id="710104", title="เผยแพร่", published=True)
    Story.objects.create(center_id="710104", title=DRAFT_TITLE)
    assert list(stories_under("7101")) == [published]

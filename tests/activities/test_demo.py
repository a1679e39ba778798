"""The Kanchanaburi demo of activities: loaded through the services after the network demo,
once; the province's exhibition shows its stories and figures, and no private data."""

import re

import pytest
from django.test import Client

from concenter.activities import demo, selectors
from concenter.activities.models import (
    Activity,
    ActivityKind,
    CommunityPlan,
    Mission,
    PlanProject,
    ProjectProgress,
    Story,
)
from concenter.activities.rollups import activities_rollup_rebuild_rows
from concenter.common.demo import DemoContext, demo_parts
from concenter.people.models import Person
from tests.activities.helpers import rollup_snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _run(context: DemoContext) -> None:
    """The parts the activities build on, then the activities' own part by itself."""
    for part in demo_parts():
        if part.key == "activities":
            break
        part.load(context)
    demo.load(context)


def test_the_demo_records_what_the_kanchanaburi_centers_did(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    context = DemoContext(password="demo password 2563", password_was_generated=False)
    _run(context)
    assert any(note.startswith("activities demo:") for note in context.notes)
    counts = {
        "activities": Activity.objects.count(),
        "stories": Story.objects.count(),
        "projects": PlanProject.objects.count(),
    }
    demo.load(context)  # a second run changes nothing
    assert counts == {
        "activities": Activity.objects.count(),
        "stories": Story.objects.count(),
        "projects": PlanProject.objects.count(),
    }

    years = set(Activity.objects.values_list("fiscal_year", flat=True))
    assert {2561, 2562, 2563, 2564} <= years
    served = set(Activity.objects.values_list("missions__mission", flat=True))
    assert served == set(Mission.values)
    event = Activity.objects.get(starts_on="2020-02-28")
    assert event.fiscal_year == 2563 and event.partners.count() == 3

    meetings = Activity.objects.filter(
        kind=ActivityKind.COMMITTEE_MEETING, attendance__isnull=False
    ).distinct()
    quorums = [selectors.meeting_state(m).quorum for m in meetings]
    assert len(quorums) >= 8
    assert any(q.met for q in quorums) and any(not q.met for q in quorums)

    plans = CommunityPlan.objects.filter(subdistrict_code="710104")
    assert plans.count() == 3  # the subdistrict and two villages
    progress = set(PlanProject.objects.values_list("progress", flat=True))
    assert progress == set(ProjectProgress.values)
    assert Activity.objects.filter(plan_project__isnull=False).exists()

    published = Story.objects.filter(published=True)
    assert published.count() == 6 and Story.objects.filter(published=False).count() == 1
    assert all(story.photos.exists() for story in published)

    assert rollup_snapshot() == activities_rollup_rebuild_rows()

    data = selectors.exhibition("71")
    assert data.story_totals.stories == 6 and data.missions_served == 10
    assert data.total_activities == Activity.objects.count()
    html = Client().get("/exhibition/71/").content.decode()
    for story in published:
        assert story.title in html
    assert "แผนชุมชนบูรณาการตำบลท่ามะขาม (ร่าง)" not in html
    assert f"{data.total_activities:,}" in html
    assert f"{data.figures.organizations:,}" in html

    # The public pages of the demo hold no phone number or ID digits of its people.
    people = list(Person.objects.exclude(phone="").values_list("phone", "national_id_last4"))
    assert people
    phones = {re.sub(r"\D", "", phone) for phone, _last4 in people}
    for url in (
        "/exhibition/71/",
        "/exhibition/7101/",
        "/exhibition/710104/",
        *[story.get_public_url() for story in published],
        "/directory/71/",
        "/directory/710104/",
        "/api/v1/exhibition/71",
    ):
        response = Client().get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        digits = re.sub(r"[\s\-.]", "", text)
        assert not any(phone in digits for phone in phones), url
        assert not re.search(r"(?<!\d)0\d{1,2}[ \-]?\d{3}[ \-]?\d{3,4}(?!\d)", text), url
        assert not re.search(r"(?<!\d)\d{13}(?!\d)", text), url

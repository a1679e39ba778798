import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from concenter.activities import services
from concenter.activities.markdown import render_markdown
from concenter.activities.models import Activity, Mission, Story
from concenter.activities.rollups import activities_rollup_rebuild_rows
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.network import services as network
from concenter.network.models import Rollup
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

METRICS = ("activities", "spending_satang")


@pytest.fixture
def centers(province_officer):
    for code in ("71", "7101", "710104", "710101", "7102", "710201"):
        network.center_create(actor=province_officer, area_code=code)


def data(**overrides):
    values = {
        "kind": "training",
        "title": "อบรมบัญชีครัวเรือน",
        "starts_on": datetime.date(2025, 3, 1),
        "ends_on": datetime.date(2025, 3, 2),
        "missions": [Mission.SUFFICIENCY],
        "budget": Decimal("10000"),
        "spent": Decimal("9500.50"),
        "participants_male": 10,
        "participants_female": 20,
    }
    values.update(overrides)
    return services.ActivityData(**values)


def snapshot():
    return {
        (r.area_code, r.metric, r.key): r.value
        for r in Rollup.objects.filter(metric__in=METRICS)
        if r.value
    }


def test_fiscal_year_changes_on_the_first_of_october(centers, district_officer):
    sep = services.activity_create(
        actor=district_officer,
        center_code="710104",
        data=data(starts_on=datetime.date(2020, 9, 30), ends_on=datetime.date(2020, 10, 1)),
    )
    oct_ = services.activity_create(
        actor=district_officer,
        center_code="710104",
        data=data(starts_on=datetime.date(2020, 10, 1), ends_on=datetime.date(2020, 10, 1)),
    )
    assert sep.fiscal_year == 2563
    assert oct_.fiscal_year == 2564
    keys = set(
        Rollup.objects.filter(area_code="710104", metric="activities").values_list("key", flat=True)
    )
    assert {"2563:sufficiency", "2564:sufficiency", "2563:all", "2564:all"} <= keys


def test_end_before_start_is_refused_naming_the_field(centers, district_officer):
    with pytest.raises(ValidationError) as exc:
        services.activity_create(
            actor=district_officer,
            center_code="710104",
            data=data(ends_on=datetime.date(2025, 2, 28)),
        )
    assert "ends_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.activity_create(
            actor=district_officer, center_code="710104", data=data(missions=[])
        )
    assert "missions" in exc.value.message_dict
    assert not Activity.objects.exists()


def test_overspending_is_a_warning_not_an_error(centers, district_officer):
    client = client_for(district_officer)
    response = client.post(
        reverse("activities:activity_create", args=["710104"]),
        {
            "kind": "project",
            "title": "โครงการปลูกผัก",
            "starts_on": "01/03/2568",
            "missions": ["sufficiency", "environment"],
            "budget": "100",
            "spent": "150",
        },
        follow=True,
    )
    assert response.status_code == 200
    activity = Activity.objects.get()
    assert activity.overspent and activity.ends_on == activity.starts_on
    assert "งบประมาณ".encode() in response.content or b"budget" in response.content


def test_scope_another_district_gets_404(centers, district_officer, other_district_officer):
    activity = services.activity_create(actor=district_officer, center_code="710104", data=data())
    story = services.story_create(
        actor=district_officer, center_code="710104", data=services.StoryData(title="เรื่องดี")
    )
    with pytest.raises(NotFoundOrOutOfScope):
        services.activity_create(actor=other_district_officer, center_code="710104", data=data())
    with pytest.raises(NotFoundOrOutOfScope):
        services.activity_update(
            actor=other_district_officer,
            activity_id=activity.pk,
            expected_version=None,
            data=data(),
        )
    with pytest.raises(NotFoundOrOutOfScope):
        services.story_publish(actor=other_district_officer, story_id=story.pk)
    client = client_for(other_district_officer)
    for url in (
        reverse("activities:activity_list", args=["710104"]),
        reverse("activities:activity_create", args=["710104"]),
        reverse("activities:activity_edit", args=[activity.pk]),
        reverse("activities:story_list", args=["710104"]),
        reverse("activities:story_detail", args=[story.pk]),
        reverse("activities:story_edit", args=[story.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("activities:story_publish", args=[story.pk])).status_code == 404
    own = client_for(district_officer)
    assert own.get(reverse("activities:activity_list", args=["710104"])).status_code == 200
    assert own.get(reverse("activities:activity_edit", args=[activity.pk])).status_code == 200


def test_markdown_is_sanitised():
    html = render_markdown(
        "**ดีมาก**\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
        '[ลิงก์](javascript:alert(1)) <a href="https://example.org" onclick="x()">ok</a>'
    )
    assert "<strong>ดีมาก</strong>" in html
    assert "<script" not in html and "onerror" not in html and "onclick" not in html
    assert "javascript:" not in html and "<img" not in html


def test_story_body_is_stored_sanitised(centers, district_officer):
    story = services.story_create(
        actor=district_officer,
        center_code="710104",
        data=services.StoryData(
            title="t", body='hi <img src=x onerror="alert(1)"><script>x</script>'
        ),
    )
    assert "onerror" not in story.body_html and "<script" not in story.body_html


def test_incremental_rollups_equal_the_rebuild(centers, province_officer, district_officer):
    created = []
    for index, (code, start, missions, spent) in enumerate(
        [
            ("710104", datetime.date(2024, 9, 30), ["plan", "democracy"], "100.25"),
            ("710104", datetime.date(2024, 10, 1), ["plan"], "0"),
            ("710101", datetime.date(2025, 1, 5), ["drugs", "immunity", "wisdom"], "5000"),
            ("7101", datetime.date(2025, 6, 1), ["coordination"], "1200.10"),
            ("710201", datetime.date(2025, 6, 1), ["funds"], "333.33"),
            ("71", datetime.date(2023, 12, 1), ["environment", "plan"], "99"),
        ]
    ):
        created.append(
            services.activity_create(
                actor=province_officer,
                center_code=code,
                data=data(
                    title=f"กิจกรรม {index}",
                    starts_on=start,
                    ends_on=start,
                    missions=missions,
                    spent=Decimal(spent),
                ),
            )
        )
    # Updates move year, missions and money.
    services.activity_update(
        actor=district_officer,
        activity_id=created[0].pk,
        expected_version=1,
        data=data(
            starts_on=datetime.date(2024, 10, 2),
            ends_on=datetime.date(2024, 10, 3),
            missions=["democracy", "governance"],
            spent=Decimal("77"),
        ),
    )
    services.activity_update(
        actor=province_officer,
        activity_id=created[2].pk,
        expected_version=None,
        data=data(missions=["drugs"], spent=Decimal("4000")),
    )
    incremental = snapshot()
    assert incremental == activities_rollup_rebuild_rows()
    assert incremental[("TH", "activities", "2568:all")] == 5
    assert incremental[("7101", "spending_satang", "2568:drugs")] == 400000
    assert ("710104", "activities", "2567:plan") not in incremental  # moved to 2568


def test_exhibition_shows_only_published_stories(centers, district_officer, anonymous_client):
    services.activity_create(
        actor=district_officer,
        center_code="710104",
        data=data(missions=["plan", "democracy"], spent=Decimal("1234.50")),
    )
    shown = services.story_create(
        actor=district_officer,
        center_code="710104",
        data=services.StoryData(title="เรื่องที่เผยแพร่", body="**ผลสำเร็จ**", people_reached=120),
    )
    services.story_publish(actor=district_officer, story_id=shown.pk)
    services.story_create(
        actor=district_officer,
        center_code="710104",
        data=services.StoryData(title="ร่างที่ยังไม่เผยแพร่"),
    )
    for code in ("710104", "7101", "71"):
        response = anonymous_client.get(reverse("activities:exhibition", args=[code]))
        assert response.status_code == 200
        text = response.content.decode()
        assert "เรื่องที่เผยแพร่" in text and "<strong>ผลสำเร็จ</strong>" in text
        assert "ร่างที่ยังไม่เผยแพร่" not in text
        assert "2568" in text and "1234.50" in text
    services.story_publish(actor=district_officer, story_id=shown.pk, published=False)
    response = anonymous_client.get(reverse("activities:exhibition", args=["710104"]))
    assert "เรื่องที่เผยแพร่" not in response.content.decode()
    assert anonymous_client.get(reverse("activities:exhibition", args=["99"])).status_code == 404


def test_story_pages_and_publish(centers, district_officer):
    client = client_for(district_officer)
    response = client.post(
        reverse("activities:story_create", args=["710104"]),
        {"title": "กลุ่มออมทรัพย์", "body": "<script>x</script>เนื้อเรื่อง", "people_reached": "5"},
    )
    assert response.status_code == 302
    story = Story.objects.get()
    assert (
        "<script"
        not in client.get(story.get_absolute_url()).content.decode().split("story-body")[1]
    )
    response = client.post(reverse("activities:story_publish", args=[story.pk]), {"published": "1"})
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.published and story.published_at
    response = client.post(
        reverse("activities:story_edit", args=[story.pk]),
        {"title": "ใหม่", "version": story.version - 1},
    )
    assert response.status_code == 422  # stale version

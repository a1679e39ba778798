"""Success stories: Markdown sanitised, photos checked and stripped, figures, linked activities,
and a publish switch that refuses what looks like a phone number or a national ID."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from concenter.activities import services
from concenter.activities.markdown import render_markdown
from concenter.activities.models import Story, StoryPhoto
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.common.thai import generate_fictional_national_id
from tests.activities.helpers import activity_data, jpeg, upload

pytestmark = pytest.mark.django_db


def _story(actor, code="710104", **values):
    values.setdefault("title", "กลุ่มออมทรัพย์พ้นหนี้")
    return services.story_create(actor=actor, center_code=code, data=services.StoryData(**values))


@pytest.mark.parametrize(
    "markdown",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="https://example.org" onclick="steal()">ลิงก์</a>',
        "[คลิก](javascript:alert(1))",
        '<iframe src="https://evil.example"></iframe>',
        '<p style="background:url(javascript:x)">สวัสดี</p>',
        "<svg onload=alert(1)>",
        '<a href="data:text/html,<script>x</script>">x</a>',
    ],
    ids=["script", "img-onerror", "onclick", "js-link", "iframe", "style", "svg", "data-url"],
)
def test_markdown_with_script_or_event_handlers_is_sanitised(markdown):
    html = render_markdown(f"**ดีมาก**\n\n{markdown}").lower()
    assert "<strong>ดีมาก</strong>" in html
    for danger in (
        "<script",
        "onerror",
        "onclick",
        "onload",
        "javascript:",
        "<iframe",
        "style=",
        "<svg",
        "data:",
    ):
        assert danger not in html


def test_links_open_safely():
    html = render_markdown("[กรมการพัฒนาชุมชน](https://www.cdd.go.th)")
    assert 'href="https://www.cdd.go.th"' in html and 'rel="noopener noreferrer nofollow"' in html


def test_a_story_is_stored_with_its_sanitised_html_and_figures(centers, district_officer):
    story = _story(
        district_officer,
        body='**ผลสำเร็จ** <img src=x onerror="alert(1)"><script>x</script>',
        people_reached=45,
        money_saved="380,000",
        money_earned="๑๒,๕๐๐",
    )
    assert "<strong>ผลสำเร็จ</strong>" in story.body_html
    assert "onerror" not in story.body_html and "<script" not in story.body_html
    assert (story.people_reached, str(story.money_saved), str(story.money_earned)) == (
        45,
        "380000.00",
        "12500.00",
    )


def test_a_story_links_activities_of_its_own_center_only(centers, district_officer):
    own = services.activity_create(
        actor=district_officer, center_code="710104", data=activity_data()
    )
    other = services.activity_create(
        actor=district_officer, center_code="710101", data=activity_data()
    )
    story = _story(district_officer, activity_ids=[own.pk, own.pk])
    assert list(story.activities.all()) == [own]
    for ids in ([other.pk], [999999], ["x"]):
        with pytest.raises(ValidationError) as error:
            _story(district_officer, activity_ids=ids)
        assert "activities" in error.value.message_dict


@pytest.mark.parametrize(
    "text",
    [
        "โทร 081 234 5678",
        "ติดต่อ 034-511-000",
        "โทร ๐๘๑๒๓๔๕๖๗๘",
        "เลขบัตร {id}",
        "เลขบัตร {dashed}",
    ],
    ids=["mobile", "landline", "thai-digits", "national-id", "national-id-dashed"],
)
def test_a_story_holding_a_phone_number_or_a_national_id_is_not_published(
    centers, district_officer, text
):
    import random

    national_id = generate_fictional_national_id(random.Random(7))
    dashed = f"{national_id[0]}-{national_id[1:5]}-{national_id[5:10]}-{national_id[10:12]}-{national_id[12]}"
    story = _story(district_officer, body=text.format(id=national_id, dashed=dashed))
    with pytest.raises(ValidationError) as error:
        services.story_publish(actor=district_officer, story_id=story.pk)
    assert "body" in error.value.message_dict
    assert not Story.objects.get(pk=story.pk).published


@pytest.mark.parametrize(
    "text",
    ["งบประมาณ 1,250,000 บาท", "ปี 2563 สมาชิก 45 ครัวเรือน", "วันที่ 28/02/2563", "หมู่ 3 ตำบลท่ามะขาม"],
)
def test_ordinary_figures_do_not_stop_publishing(centers, district_officer, text):
    story = _story(district_officer, body=text)
    assert services.story_publish(actor=district_officer, story_id=story.pk).published


def test_a_published_story_cannot_be_edited_into_holding_a_phone_number(centers, district_officer):
    story = _story(district_officer)
    story = services.story_publish(actor=district_officer, story_id=story.pk)
    with pytest.raises(ValidationError) as error:
        services.story_update(
            actor=district_officer,
            story_id=story.pk,
            expected_version=story.version,
            data=services.StoryData(title="ใหม่", summary="โทร 0812345678"),
        )
    assert "summary" in error.value.message_dict


def test_publish_and_take_down(centers, district_officer):
    story = _story(district_officer)
    story = services.story_publish(actor=district_officer, story_id=story.pk)
    published_at = story.published_at
    assert story.published and published_at
    again = services.story_publish(actor=district_officer, story_id=story.pk)
    assert again.published_at == published_at  # publishing twice keeps the first date
    down = services.story_publish(actor=district_officer, story_id=story.pk, published=False)
    assert not down.published and down.published_at is None


def test_story_photos_are_images_only_resized_and_public_once_published(
    centers, district_officer, other_district_officer
):
    from PIL import Image

    from concenter.common.uploads import default_storage

    story = _story(district_officer)
    photo = services.story_photo_add(
        actor=district_officer,
        story_id=story.pk,
        upload=upload("DSC.jpg", jpeg()),
        caption="ตลาดนัด",
    )
    with default_storage.open(photo.stored_name) as handle:
        image = Image.open(handle)
        assert max(image.size) == 1600 and not image.getexif()
    with pytest.raises(ValidationError) as error:
        services.story_photo_add(
            actor=district_officer,
            story_id=story.pk,
            upload=upload("report.pdf", b"%PDF-1.7\n%%EOF\n"),
        )
    assert "file" in error.value.message_dict
    with pytest.raises(NotFoundOrOutOfScope):
        services.story_photo_add(
            actor=other_district_officer, story_id=story.pk, upload=upload("a.jpg", jpeg())
        )
    public = Client().get(photo.get_public_url())
    assert public.status_code == 404  # a draft's photo is not public
    services.story_publish(actor=district_officer, story_id=story.pk)
    public = Client().get(photo.get_public_url())
    assert public.status_code == 200
    assert public["Content-Type"] == "image/jpeg"
    assert public["X-Content-Type-Options"] == "nosniff"
    assert b"".join(public.streaming_content).startswith(b"\xff\xd8")


def test_a_caption_with_a_phone_number_stops_publishing(centers, district_officer):
    story = _story(district_officer)
    services.story_photo_add(
        actor=district_officer,
        story_id=story.pk,
        upload=upload("a.jpg", jpeg((800, 600), gps=False)),
        caption="ติดต่อ 089-999-9999",
    )
    with pytest.raises(ValidationError) as error:
        services.story_publish(actor=district_officer, story_id=story.pk)
    assert "caption" in error.value.message_dict


def test_deleting_a_story_removes_its_photos(
    centers, district_officer, django_capture_on_commit_callbacks
):
    from concenter.common.uploads import default_storage

    story = _story(district_officer)
    photo = services.story_photo_add(
        actor=district_officer, story_id=story.pk, upload=upload("a.jpg", jpeg((640, 480)))
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.story_delete(actor=district_officer, story_id=story.pk)
    assert not Story.objects.exists() and not StoryPhoto.objects.exists()
    assert not default_storage.exists(photo.stored_name)

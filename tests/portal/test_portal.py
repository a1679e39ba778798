"""The public portal: the directory of centers and their profiles, for anyone, with no
personal data of anyone on any page."""

import datetime
import itertools
import random
import re

import pytest
from django.test import Client

from concenter.common.thai import generate_fictional_national_id
from concenter.network import services as network
from concenter.network.models import CenterStatus, Position
from concenter.people.models import Person
from concenter.people.services import PersonData, person_create

pytestmark = pytest.mark.django_db

TERM = (datetime.date(2025, 10, 1), datetime.date(2029, 9, 30))
_numbers = itertools.count(1)
_rng = random.Random(2563)
NATIONAL_IDS: dict[int, str] = {}  # person id -> the 13 digits given to person_create


def _person(actor, area_code: str, *, title: str = "นาง") -> Person:
    """A person with every kind of private data: phone, email, birth year, national ID."""
    number = next(_numbers)
    data = PersonData(
        title=title,
        given_name=f"สมศรี{number}",
        family_name=f"มีสุข{number}",
        given_name_en=f"Somsri{number}",
        birth_year=1960 + number % 30,
        phone=f"08{number:08d}"[:3] + " " + f"{number:07d}"[:3] + " " + f"{number:07d}"[3:],
        email=f"somsri{number}@example.org",
    )
    national_id = generate_fictional_national_id(_rng)
    person = person_create(
        actor=actor, data=data, area_code=area_code, national_id=national_id, confirm_new=True
    )
    NATIONAL_IDS[person.pk] = national_id
    return person


def _committee(actor, code: str, size: int) -> list[Person]:
    term = network.committee_term_create(
        actor=actor, center_code=code, starts_on=TERM[0], ends_on=TERM[1]
    )
    people = []
    positions = [Position.CHAIR, Position.VICE_CHAIR, Position.SECRETARY, Position.TREASURER]
    for index in range(size):
        someone = _person(actor, code)
        position = positions[index] if index < len(positions) else Position.MEMBER
        network.seat_add(actor=actor, term_id=term.pk, person_id=someone.pk, position=position)
        people.append(someone)
    advisor = _person(actor, code, title="นาย")
    network.seat_add(actor=actor, term_id=term.pk, person_id=advisor.pk, position=Position.ADVISOR)
    network.committee_term_activate(actor=actor, term_id=term.pk)
    return [*people, advisor]


@pytest.fixture
def network_data(national_admin):
    """Province 71, district 7101 with two subdistrict centers (one dissolved), committees,
    organisations with leaders and a partner with a contact person."""
    admin = national_admin
    network.center_create(
        actor=admin, area_code="71", founded_on=datetime.date(2009, 5, 1), phone="034 511 000"
    )
    network.center_create(actor=admin, area_code="7101", email="mueang@example.org")
    network.center_create(
        actor=admin, area_code="710104", address="หมู่ 3 ต.ปากแพรก", phone="034 999 888"
    )
    network.center_create(actor=admin, area_code="710101", status=CenterStatus.DISSOLVED)
    committees = {
        "71": _committee(admin, "71", 9),
        "7101": _committee(admin, "7101", 20),
        "710104": _committee(admin, "710104", 9),
    }
    leader = _person(admin, "710104")
    village = "71010401"
    from concenter.geography.models import Area

    if not Area.objects.filter(code=village).exists():
        village = "710104"
    organization = network.organization_create(
        actor=admin,
        area_code=village,
        type_code="savings_group",
        name="กลุ่มออมทรัพย์เพื่อการผลิตบ้านทดสอบ",
        leader_id=leader.pk,
        member_count=35,
    )
    network.organization_member_add(
        actor=admin, organization_id=organization.pk, person_id=leader.pk
    )
    partner = network.partner_create(
        actor=admin,
        area_code="710104",
        kind="academia",
        name="มหาวิทยาลัยทดสอบกาญจนบุรี",
        contact_name="ดร.ผู้ประสานงาน ลับเฉพาะ",
        phone="02 555 0199",
        email="partner.contact@example.ac.th",
    )
    network.cooperation_create(
        actor=admin, partner_id=partner.pk, center_code="710104", kind="mou", title="บันทึกความร่วมมือ"
    )
    people = [p for members in committees.values() for p in members] + [leader]
    return {"committees": committees, "people": people, "partner": partner}


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _assert_no_private_data(html: str, people: list[Person], partner) -> None:
    squeezed = re.sub(r"[\s\-.]", "", html)
    for person in Person.objects.filter(pk__in=[p.pk for p in people]):
        national_id = NATIONAL_IDS[person.pk]
        assert person.national_id_last4 == national_id[-4:]
        assert national_id not in squeezed
        assert f">{national_id[-4:]}<" not in html
        assert person.phone and person.phone not in html
        assert _digits(person.phone) not in squeezed
        assert person.email and person.email not in html
        assert person.national_id_last4
        assert f"x{person.national_id_last4}" not in html.lower()
        assert str(person.birth_year) not in html
        assert str(person.birth_year + 543) not in html
    for secret in (partner.contact_name, partner.phone, partner.email, "example"):
        assert secret not in html
    assert _digits(partner.phone) not in squeezed
    for secret in ("034 511 000", "034 999 888", "หมู่ 3 ต.ปากแพรก", "mueang@example.org"):
        assert secret not in html
    assert not re.search(r"(?<!\d)\d{13}(?!\d)", html), "a 13-digit number (an ID?) is shown"
    assert not re.search(r"\d-\d{4}-\d{5}-\d{2}-\d", html), "a formatted ID is shown"
    for label in ("ID (last 4 digits)", "เลขประจำตัว", "บัตรประชาชน", "xxxx", "XXXX", "•••"):
        assert label not in html


def test_directory_and_profiles_show_no_personal_data(network_data):
    client = Client()
    pages = {
        url: client.get(url)
        for url in (
            "/directory/",
            "/directory/?area=71",
            "/directory/?area=7101",
            "/directory/?area=710104",
            "/directory/?q=ท่ามะขาม",
            "/directory/?q=Kanchanaburi",
            "/directory/?q=ศูนย์",
            "/directory/71/",
            "/directory/7101/",
            "/directory/710104/",
            "/directory/710101/",
        )
    }
    for url, response in pages.items():
        assert response.status_code == 200, url
        html = response.content.decode()
        _assert_no_private_data(html, network_data["people"], network_data["partner"])


def test_the_privacy_check_would_catch_the_registry_page(network_data, national_admin):
    """The check above is not vacuous: the signed-in person page shows what it looks for."""
    from tests.conftest import client_for

    someone = network_data["committees"]["710104"][0]
    html = client_for(national_admin).get(f"/people/{someone.pk}/").content.decode()
    with pytest.raises(AssertionError):
        _assert_no_private_data(html, [someone], network_data["partner"])


def test_profile_shows_names_positions_members_partners_and_figures(network_data):
    html = Client().get("/directory/710104/").content.decode()
    chair = network_data["committees"]["710104"][0]
    assert f"{chair.title}{chair.given_name} {chair.family_name}" in html
    assert "Chair" in html or "ประธาน" in html
    assert "กลุ่มออมทรัพย์เพื่อการผลิตบ้านทดสอบ" in html
    assert "มหาวิทยาลัยทดสอบกาญจนบุรี" in html
    assert "/directory/7101/" in html and "/directory/71/" in html  # parent centers
    assert "?area=7101" in html  # breadcrumbs
    assert "<dd>1</dd>" in html  # the area's figures (one organisation)
    # No link into the signed-in registry.
    assert "/people/" not in html and "/centers/" not in html and "/partners/" not in html


def test_district_profile_lists_member_centers_and_dissolved_ones_keep_their_status(
    network_data,
):
    html = Client().get("/directory/7101/").content.decode()
    assert "/directory/710104/" in html and "/directory/710101/" in html
    dissolved = Client().get("/directory/710101/")
    assert dissolved.status_code == 200
    assert "badge-danger" in dissolved.content.decode()


def test_directory_browses_only_areas_with_centers_with_counts(network_data):
    client = Client()
    top = client.get("/directory/").content.decode()
    assert "?area=71" in top and "?area=72" not in top
    district = client.get("/directory/?area=7101").content.decode()
    assert "?area=710104" in district and "?area=710101" in district
    assert "?area=710102" not in district  # no center there
    assert re.search(r"\((ศอช\. )?1 (center|แห่ง)\)", district)
    province = client.get("/directory/?area=71").content.decode()
    assert "?area=7101" in province and re.search(r"\((ศอช\. )?3 (centers|แห่ง)\)", province)


def test_directory_search_finds_areas_and_center_names(network_data):
    client = Client()
    by_area = client.get("/directory/", {"q": "Kanchanaburi"}).content.decode()
    assert "?area=71" in by_area
    by_name = client.get("/directory/", {"q": "ท่ามะขาม"}).content.decode()
    assert "/directory/710104/" in by_name
    nothing = client.get("/directory/", {"q": "ไม่มีชื่อนี้แน่นอน"})
    assert nothing.status_code == 200
    assert "/directory/710104/" not in nothing.content.decode()


def test_directory_is_paginated(national_admin):
    for code in ("71", "7101"):
        network.center_create(actor=national_admin, area_code=code)
    from concenter.geography.models import Area

    for area in Area.objects.filter(level="subdistrict", province_code="71").order_by("code")[:60]:
        network.center_create(actor=national_admin, area_code=area.code)
    client = Client()
    first = client.get("/directory/?area=71").content.decode()
    assert "page=2" in first
    second = client.get("/directory/?area=71&page=2")
    assert second.status_code == 200
    assert "/directory/71/" not in second.content.decode()


@pytest.mark.parametrize("size", [9, 20])
def test_profile_query_count_does_not_grow_with_the_committee(
    national_admin, django_assert_max_num_queries, size
):
    network.center_create(actor=national_admin, area_code="71")
    network.center_create(actor=national_admin, area_code="7101")
    _committee(national_admin, "7101", size)
    for code in ("710101", "710102", "710103", "710104"):
        network.center_create(actor=national_admin, area_code=code)
    client = Client()
    # 7 for the profile + 3 for its upcoming events and awards won, whatever the committee's size
    with django_assert_max_num_queries(11):
        response = client.get("/directory/7101/")
    assert response.status_code == 200
    assert response.content.decode().count("<td>") >= 2 * (size + 1)


def test_directory_query_count_is_bounded(network_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        assert Client().get("/directory/?area=7101&q=ศูนย์").status_code == 200


@pytest.mark.parametrize("url", ["/directory/", "/directory/?area=99", "/directory/?area=x"])
def test_anonymous_reaches_the_directory(db, url):
    response = Client().get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("code", ["99", "710104", "7101040199", "abc"])
def test_unknown_center_is_404(db, code):
    assert Client().get(f"/directory/{code}/").status_code == 404


def test_english_page(network_data):
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/directory/"})
    html = client.get("/directory/710104/").content.decode()
    assert "Committee" in html and "Chair" in html


def _stories(admin, code: str) -> tuple:
    """A published story with a photo, and a draft, of the center `code`."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from concenter.activities import services as activities

    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), "green").save(buffer, format="JPEG")
    published = activities.story_create(
        actor=admin,
        center_code=code,
        data=activities.StoryData(title="กลุ่มออมทรัพย์พ้นหนี้", summary="สมาชิกพ้นหนี้นอกระบบ"),
    )
    photo = activities.story_photo_add(
        actor=admin,
        story_id=published.pk,
        upload=SimpleUploadedFile("a.jpg", buffer.getvalue()),
        caption="สมาชิกกลุ่ม",
    )
    activities.story_publish(actor=admin, story_id=published.pk)
    draft = activities.story_create(
        actor=admin, center_code=code, data=activities.StoryData(title="ร่างเรื่องลับ")
    )
    return published, photo, draft


def test_profile_lists_published_stories_and_the_exhibition(
    network_data, national_admin, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    published, photo, _draft = _stories(national_admin, "710104")
    html = Client().get("/directory/710104/").content.decode()
    assert "กลุ่มออมทรัพย์พ้นหนี้" in html and published.get_public_url() in html
    assert photo.get_public_url() in html and 'alt="สมาชิกกลุ่ม"' in html
    assert "ร่างเรื่องลับ" not in html
    assert "/exhibition/710104/" in html
    assert Client().get(photo.get_public_url()).status_code == 200
    _assert_no_private_data(html, network_data["people"], network_data["partner"])


def test_the_profile_has_an_include_point_for_events_and_awards():
    from django.template.loader import get_template

    source = get_template("portal/center.html").template.source
    assert "{% block portal_extra %}" in source and 'include "portal/_center_extra.html"' in source
    extra = get_template("portal/_center_extra.html").template.source
    assert "portal_events_and_awards" in extra


def test_profile_query_count_with_stories_is_bounded(
    national_admin, django_assert_max_num_queries, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    network.center_create(actor=national_admin, area_code="71")
    network.center_create(actor=national_admin, area_code="7101")
    for _ in range(3):
        _stories(national_admin, "7101")
    with django_assert_max_num_queries(12):  # 7, the stories and their photos, events, awards
        response = Client().get("/directory/7101/")
    assert response.content.decode().count("กลุ่มออมทรัพย์พ้นหนี้") == 3


def test_profile_lists_upcoming_events_and_says_when_no_award_was_won(national_admin):
    from tests.events.conftest import new_event, open_event

    for code in ("71", "7101"):
        network.center_create(actor=national_admin, area_code=code)
    event = open_event(national_admin, new_event(national_admin, title="งานมหกรรมเครือข่ายอำเภอ"))
    page = Client().get("/directory/7101/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "งานมหกรรมเครือข่ายอำเภอ" in text
    assert event.get_absolute_url() in text
    assert "/hall-of-fame/" not in text.split('id="awards-won"', 1)[1].split("</section>")[0]

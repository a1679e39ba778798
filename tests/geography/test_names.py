"""How an area is named on the pages: with its level word in Thai, never twice (Bangkok's
districts come from DOPA as "เขตพระนคร"), and in English in the English interface."""

import pytest
from django.utils import translation

from concenter.geography.models import Area
from concenter.network.services import center_default_name

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "thai", "english"),
    [
        ("71", "จังหวัดกาญจนบุรี", "Kanchanaburi Province"),
        ("7101", "อำเภอเมืองกาญจนบุรี", "Mueang Kanchanaburi District"),
        ("710104", "ตำบลท่ามะขาม", "Tha Makham Subdistrict"),
        ("10", "กรุงเทพมหานคร", "Bangkok"),
        ("1001", "เขตพระนคร", "Phra Nakhon District"),
        ("100101", "แขวงพระบรมมหาราชวัง", "Phra Borom Maha Ratchawang Subdistrict"),
    ],
)
def test_an_area_is_named_with_its_level_once_in_each_language(code, thai, english):
    area = Area.objects.get(code=code)
    with translation.override("th"):
        assert area.display_name == thai
    with translation.override("en"):
        assert area.display_name == english
        assert area.display_name_th == thai  # what is stored stays Thai


def test_a_village_without_an_english_name_keeps_its_thai_name_in_english():
    village = Area(code="71010499", name_th="บ้านทดสอบ", level="village", village_number=9)
    with translation.override("en"):
        assert village.display_name == "หมู่ที่ 9 บ้านทดสอบ"


def test_a_bangkok_district_center_is_not_named_with_the_level_word_twice():
    assert center_default_name(Area.objects.get(code="1001")) == ("ศูนย์ประสานงานองค์การชุมชนเขตพระนคร")
    assert center_default_name(Area.objects.get(code="7101")) == (
        "ศูนย์ประสานงานองค์การชุมชนอำเภอเมืองกาญจนบุรี"
    )


def test_the_migration_corrects_the_doubled_default_names_only(national_admin):
    import importlib

    from django.apps import apps

    from concenter.network.models import Center
    from concenter.network.services import center_create

    fix = importlib.import_module("concenter.network.migrations.0008_bangkok_center_names")
    for code in ("10", "1001", "1002"):
        center_create(actor=national_admin, area_code=code)
    Center.objects.filter(pk="1001").update(name="ศูนย์ประสานงานองค์การชุมชนเขตเขตพระนคร")
    Center.objects.filter(pk="1002").update(name="ศอช.เขตเขตดุสิต (ชื่อที่ตั้งเอง)")
    fix.forwards(apps, None)
    assert Center.objects.get(pk="1001").name == "ศูนย์ประสานงานองค์การชุมชนเขตพระนคร"
    assert Center.objects.get(pk="1002").name == "ศอช.เขตเขตดุสิต (ชื่อที่ตั้งเอง)"


def test_the_area_page_names_the_area_in_the_readers_language_and_the_other_beside(
    national_admin,
):
    from django.urls import reverse

    from tests.conftest import client_for

    client = client_for(national_admin)
    url = reverse("geography:area_detail", args=["7101"])
    thai = client.get(url).content.decode()
    assert "อำเภอเมืองกาญจนบุรี" in thai
    assert '<span class="muted h3" lang="en">Mueang Kanchanaburi</span>' in thai
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()
    assert "<h1>Mueang Kanchanaburi District" in english
    assert '<span class="muted h3" lang="th">อำเภอเมืองกาญจนบุรี</span>' in english

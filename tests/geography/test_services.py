import geothai
import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from concenter.common.errors import NotFoundOrOutOfScope
from concenter.geography.models import Area, Level
from concenter.geography.services import geography_load, village_create, village_update

pytestmark = pytest.mark.django_db


def test_geography_load_gives_every_official_area():
    assert Area.objects.filter(level=Level.PROVINCE, active=True).count() == 77
    assert Area.objects.filter(level=Level.DISTRICT, active=True).count() == 928
    assert Area.objects.filter(level=Level.SUBDISTRICT, active=True).count() == 7436
    kanchanaburi = Area.objects.get(code="71")
    assert (kanchanaburi.name_th, kanchanaburi.name_en) == ("กาญจนบุรี", "Kanchanaburi")
    assert kanchanaburi.children.filter(level=Level.DISTRICT).count() == 13


def test_areas_carry_the_codes_of_their_ancestors():
    tha_makham = Area.objects.get(code="710104")
    assert (tha_makham.province_code, tha_makham.district_code, tha_makham.subdistrict_code) == (
        "71",
        "7101",
        "710104",
    )
    assert tha_makham.parent_id == "7101"


def test_geography_load_twice_changes_nothing():
    report = geography_load()
    assert (report.created, report.updated, report.deactivated) == (0, 0, 0)
    assert report.unchanged == 77 + 928 + 7436


def test_renamed_area_is_updated_in_place_and_audited(monkeypatch):
    original = geothai.subdistricts

    def renamed(district_code):
        rows = original(district_code)
        if district_code != "7101":
            return rows
        return [
            type(s)(
                code=s.code,
                name_th="ท่ามะขามใหม่" if s.code == "710104" else s.name_th,
                name_en=s.name_en,
                district_code=s.district_code,
                province_code=s.province_code,
                postal_codes=s.postal_codes,
            )
            for s in rows
        ]

    monkeypatch.setattr(geothai, "subdistricts", renamed)
    report = geography_load()
    assert report.updated == 1
    area = Area.objects.get(code="710104")
    assert area.name_th == "ท่ามะขามใหม่"
    assert area.version == 2
    entry = LogEntry.objects.filter(object_pk="710104", action=LogEntry.Action.UPDATE).get()
    assert entry.changes["name_th"] == ["ท่ามะขาม", "ท่ามะขามใหม่"]


def test_area_that_disappears_is_marked_inactive_not_deleted(monkeypatch, district_officer):
    village = village_create(
        actor=district_officer, subdistrict_code="710104", number=1, name_th="บ้านท่ามะขาม"
    )
    original = geothai.subdistricts
    monkeypatch.setattr(
        geothai,
        "subdistricts",
        lambda code: [s for s in original(code) if s.code != "710104"],
    )
    report = geography_load()
    assert report.deactivated == 1
    area = Area.objects.get(code="710104")
    assert area.active is False
    assert Area.objects.filter(code=village.code).exists()


@pytest.mark.parametrize(
    ("number", "field"),
    [
        pytest.param(0, "number", id="zero"),
        pytest.param(100, "number", id="hundred"),
        pytest.param(-3, "number", id="negative"),
    ],
)
def test_village_number_outside_1_to_99_is_refused(district_officer, number, field):
    with pytest.raises(ValidationError) as info:
        village_create(
            actor=district_officer, subdistrict_code="710104", number=number, name_th="บ้านใหม่"
        )
    assert field in info.value.message_dict
    assert not Area.objects.filter(level=Level.VILLAGE).exists()


def test_village_under_unknown_subdistrict_is_refused(district_officer):
    with pytest.raises(ValidationError) as info:
        village_create(
            actor=district_officer, subdistrict_code="719999", number=1, name_th="บ้านใหม่"
        )
    assert "subdistrict_code" in info.value.message_dict


def test_village_under_inactive_subdistrict_is_refused(district_officer):
    Area.objects.filter(code="710104").update(active=False)
    with pytest.raises(ValidationError) as info:
        village_create(
            actor=district_officer, subdistrict_code="710104", number=1, name_th="บ้านใหม่"
        )
    assert "subdistrict_code" in info.value.message_dict


def test_village_is_never_duplicated(district_officer):
    village = village_create(
        actor=district_officer, subdistrict_code="710104", number=3, name_th="บ้านท่าล้อ"
    )
    assert village.code == "71010403"
    assert village.display_name == "หมู่ที่ 3 บ้านท่าล้อ"
    with pytest.raises(ValidationError) as info:
        village_create(actor=district_officer, subdistrict_code="710104", number=3, name_th="บ้านอื่น")
    assert "number" in info.value.message_dict
    assert Area.objects.filter(level=Level.VILLAGE).count() == 1


def test_district_officer_cannot_create_a_village_in_another_district(district_officer):
    with pytest.raises(NotFoundOrOutOfScope):
        village_create(
            actor=district_officer, subdistrict_code="710201", number=1, name_th="บ้านใหม่"
        )
    assert not Area.objects.filter(level=Level.VILLAGE).exists()


def test_village_update_with_a_stale_version_is_refused(district_officer):
    from concenter.common.errors import StaleVersion

    village = village_create(
        actor=district_officer, subdistrict_code="710104", number=2, name_th="บ้านหนองบัว"
    )
    village_update(
        actor=district_officer, code=village.code, expected_version=1, name_th="บ้านหนองบัวทอง"
    )
    with pytest.raises(StaleVersion):
        village_update(
            actor=district_officer, code=village.code, expected_version=1, name_th="บ้านอื่น"
        )
    assert Area.objects.get(code=village.code).name_th == "บ้านหนองบัวทอง"

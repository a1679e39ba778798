"""The area picker of the forms: areas found by name within the user's areas, the code kept."""

import pytest

from tests.conftest import client_for


@pytest.mark.parametrize(
    ("query", "found"),
    [("ท่ามะขาม", "710104"), ("710104", "710104"), ("ท่าม่วง", None)],
    ids=["by-name", "by-code", "outside-the-district"],
)
def test_the_picker_finds_areas_of_the_users_district_only(district_officer, query, found):
    response = client_for(district_officer).get("/areas/pick/", {"q": query})
    codes = [row["code"] for row in response.json()["results"]]
    if found is None:
        assert codes == []
    else:
        assert found in codes
        assert all(code.startswith("7101") for code in codes)


def test_the_picker_labels_an_area_with_the_areas_above_it(district_officer):
    rows = client_for(district_officer).get("/areas/pick/", {"q": "ท่ามะขาม"}).json()["results"]
    label = next(row["label"] for row in rows if row["code"] == "710104")
    assert "ท่ามะขาม" in label and "เมืองกาญจนบุรี" in label and "กาญจนบุรี" in label


def test_the_picker_keeps_to_the_levels_asked(district_officer):
    rows = (
        client_for(district_officer)
        .get("/areas/pick/", {"q": "เมือง", "level": ["subdistrict", "village"]})
        .json()["results"]
    )
    assert all(len(row["code"]) >= 6 for row in rows)


def test_the_person_form_shows_the_chosen_area_by_name(district_officer):
    page = client_for(district_officer).post("/people/new/", {"area_code": "710104"})
    html = page.content.decode()
    assert 'data-area-picker="/areas/pick/?level=village&amp;level=subdistrict"' in html
    assert 'value="710104"' in html  # the code stays the value
    assert "ต.ท่ามะขาม" in html or "ตำบลท่ามะขาม" in html


def test_the_award_programme_form_finds_its_area_by_name(province_officer):
    """The area a programme covers is picked by name (province, district or subdistrict), not
    typed as a code; a chosen code is shown back by its name."""
    page = client_for(province_officer).get("/awards/new/", {"area": "7101"})
    html = page.content.decode()
    picker = "/areas/pick/?level=province&amp;level=district&amp;level=subdistrict"
    assert f'name="area_code" data-area-picker="{picker}"' in html or (
        'name="area_code"' in html and f'data-area-picker="{picker}"' in html
    )
    assert 'value="7101"' in html
    assert "เมืองกาญจนบุรี" in html

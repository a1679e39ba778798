import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_home_page_is_thai_by_default(anonymous_client):
    page = anonymous_client.get("/")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="th">' in html
    assert "กาญจนบุรี" in html
    assert "CC BY 4.0" in html


def test_english_is_a_click_away(anonymous_client):
    response = anonymous_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = anonymous_client.get("/").content.decode()
    assert '<html lang="en">' in html


def test_area_page_has_breadcrumbs_down_to_the_subdistrict(anonymous_client):
    html = anonymous_client.get("/areas/710104/").content.decode()
    assert "จังหวัดกาญจนบุรี" in html
    assert "อำเภอเมืองกาญจนบุรี" in html
    assert "ตำบลท่ามะขาม" in html


def test_unknown_area_page_is_404(anonymous_client):
    assert anonymous_client.get("/areas/99/").status_code == 404


def test_area_search_page_answers_htmx_with_a_partial(anonymous_client):
    full = anonymous_client.get("/areas/", {"q": "กาญจนบุรี"})
    partial = anonymous_client.get("/areas/", {"q": "กาญจนบุรี"}, HTTP_HX_REQUEST="true")
    assert "<html" in full.content.decode()
    assert "<html" not in partial.content.decode()
    assert "/areas/71/" in partial.content.decode()


def test_healthz_reports_app_and_database(anonymous_client):
    body = anonymous_client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"


@pytest.mark.parametrize(
    ("template", "language", "expected"),
    [
        pytest.param("{{ d|bedate }}", "th", "28 ก.พ. 2563", id="thai-short"),
        pytest.param('{{ d|bedate:"long" }}', "th", "28 กุมภาพันธ์ 2563", id="thai-long"),
        pytest.param("{{ d|bedate }}", "en", "28 Feb 2020", id="english-short"),
        pytest.param("{{ d|bedate|thdigits }}", "th", "๒๘ ก.พ. ๒๕๖๓", id="thai-digits"),
    ],
)
def test_dates_render_in_the_buddhist_era(template, language, expected):
    with translation.override(language):
        rendered = Template(template).render(Context({"d": datetime.date(2020, 2, 28)}))
    assert rendered == expected


def test_page_query_count_does_not_depend_on_the_number_of_children(
    anonymous_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        anonymous_client.get("/areas/71/")
    with django_assert_max_num_queries(6):
        anonymous_client.get("/areas/10/")


def test_pages_are_thai_even_for_an_english_browser(anonymous_client):
    html = anonymous_client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="th">' in html


def test_villages_are_listed_by_their_number(district_officer):
    from concenter.geography.selectors import area_children
    from concenter.geography.services import village_create

    for number, name in [(2, "บ้านหนองบัว"), (1, "บ้านท่ามะขาม"), (3, "บ้านกลาง")]:
        village_create(
            actor=district_officer, subdistrict_code="710104", number=number, name_th=name
        )
    assert [a.village_number for a in area_children(parent_code="710104")] == [1, 2, 3]

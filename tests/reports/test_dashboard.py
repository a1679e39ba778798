"""Area dashboards: figures from the roll-ups, child tables whose totals add up, scope, bounds."""

import re

import pytest
from django.utils import timezone

from concenter.accounts.models import Role
from concenter.geography.models import Area
from concenter.geography.services import village_create
from concenter.network import services
from concenter.network.rollups import figures_for_areas
from concenter.reports import selectors
from tests.conftest import client_for, make_user
from tests.reports.helpers import full_center

pytestmark = pytest.mark.django_db

KAN_SUBDISTRICTS = ["710101", "710102", "710103"]


def _by_key_totals(figures) -> dict:
    return {metric: dict(keys) for metric, keys in figures.raw.items()}


def _add(into: dict, figures) -> None:
    for metric, keys in figures.raw.items():
        for key, value in keys.items():
            into.setdefault(metric, {}).setdefault(key, 0)
            into[metric][key] += value


def _without_zeros(raw: dict) -> dict:
    return {
        metric: {k: v for k, v in keys.items() if v}
        for metric, keys in raw.items()
        if any(keys.values())
    }


def test_parent_totals_equal_the_sum_of_the_children_for_every_figure(province_officer):
    full_center(province_officer, "710101", organizations=3)
    full_center(province_officer, "710102", committee=False, ends_in_days=30)
    full_center(province_officer, "710103", ends_in_days=30, cooperation=False)
    full_center(province_officer, "710201")
    today = timezone.localdate()
    for code in ("71", "7101"):
        dashboard = selectors.dashboard_for(Area.objects.get(code=code), on=today)
        assert dashboard.rows
        for name in selectors.NUMBER_FIELDS:
            assert getattr(dashboard.children_total, name) == getattr(dashboard.head, name), name
        assert dashboard.own.is_empty
        # Every raw figure (every metric and key), not only the table's columns.
        children = figures_for_areas([row.code for row in dashboard.rows], on=today)
        summed: dict = {}
        for figures in children.values():
            _add(summed, figures)
        assert _without_zeros(summed) == _without_zeros(_by_key_totals(dashboard.figures))
    head = selectors.dashboard_for(Area.objects.get(code="7101"), on=today).head
    assert head.centers == 3
    assert head.valid_committee == 2
    assert head.ending_soon == 1
    assert head.seats == 18
    assert head.organizations == 5
    assert head.members == 10 + 11 + 12 + 10 + 10
    assert head.funds_satang == 5 * 123450
    assert head.partners == 3
    assert head.cooperations == 2
    assert head.valid_percent == 67


def test_records_of_the_area_itself_show_in_their_own_row_and_still_add_up(province_officer):
    full_center(province_officer, "710101")
    services.center_create(actor=province_officer, area_code="7101")
    services.partner_create(
        actor=province_officer, area_code="7101", kind="government", name="สำนักงานพัฒนาชุมชน"
    )
    dashboard = selectors.dashboard_for(Area.objects.get(code="7101"), on=timezone.localdate())
    assert dashboard.own.centers == 1
    assert dashboard.own.partners == 1
    for name in selectors.NUMBER_FIELDS:
        assert getattr(dashboard.children_total, name) + getattr(dashboard.own, name) == getattr(
            dashboard.head, name
        ), name
    page = client_for(province_officer).get("/dashboard/7101/").content.decode()
    assert "Recorded at this level itself" in page or "ระดับนี้" in page


def test_dashboard_page_shows_figures_types_and_links_one_level_down(province_officer):
    full_center(province_officer, "710101", organizations=2, ends_in_days=30)
    response = client_for(province_officer).get("/dashboard/71/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="/dashboard/7101/"' in page
    assert "กลุ่มออมทรัพย์เพื่อการผลิต" in page  # Thai type name
    assert "กลุ่มพัฒนาสตรี" in page
    assert "เกษตรกร" in page  # profession
    assert "2,469.00" in page  # funds in baht
    assert "notice-warn" in page  # a committee ends within 90 days
    district = client_for(province_officer).get("/dashboard/7101/").content.decode()
    assert 'href="/dashboard/710101/"' in district
    subdistrict = client_for(province_officer).get("/dashboard/710101/")
    assert subdistrict.status_code == 200


def test_child_table_sorts_on_the_server(province_officer):
    full_center(province_officer, "710103", organizations=3)
    full_center(province_officer, "710101", organizations=1)
    full_center(province_officer, "710102", organizations=2)
    client = client_for(province_officer)

    def order(sort):
        page = client.get(f"/dashboard/7101/?sort={sort}").content.decode()
        tbody = page.split('id="children"')[1].split("<tbody>")[1].split("</tbody>")[0]
        return [c for c in re.findall(r'href="/dashboard/(\d+)/"', tbody) if c in KAN_SUBDISTRICTS]

    assert order("-organizations") == ["710103", "710102", "710101"]
    assert order("organizations") == ["710101", "710102", "710103"]
    assert order("code") == sorted(order("code"))
    assert client.get("/dashboard/7101/?sort=nonsense'--").status_code == 200
    page = client.get("/dashboard/7101/?sort=-organizations").content.decode()
    assert 'aria-sort="descending"' in page


def test_charts_are_inline_svg_with_a_table_and_no_inline_style_or_script(province_officer):
    full_center(province_officer, "710101", organizations=2)
    full_center(province_officer, "710102", committee=False)
    page = client_for(province_officer).get("/dashboard/7101/").content.decode()
    main = page.split('<main id="main"')[1].split("</main>")[0]
    assert main.count('<svg role="img"') == 2
    assert re.search(r'<svg role="img" aria-label="[^"]+"', main)
    assert "style=" not in main
    assert "<script" not in main
    assert "<table" in main


def test_scope_unknown_and_village_codes_answer_404(district_officer, national_admin):
    village_create(actor=national_admin, subdistrict_code="710101", number=1, name_th="บ้านเหนือ")
    client = client_for(district_officer)
    assert client.get("/dashboard/7101/").status_code == 200
    assert client.get("/dashboard/710101/").status_code == 200
    for url in (
        "/dashboard/7102/",  # another district
        "/dashboard/71/",  # the province above
        "/dashboard/710201/",
        "/dashboard/99/",  # unknown
        "/dashboard/TH/",
        "/dashboard/71010101/",  # a village
        "/dashboard/abc/",
    ):
        assert client.get(url).status_code == 404, url
    admin = client_for(national_admin)
    assert admin.get("/dashboard/71010101/").status_code == 404
    assert admin.get("/dashboard/").status_code == 200


def test_national_dashboard_is_for_national_admins_others_go_to_their_area(
    national_admin, district_officer, province_officer, django_assert_max_num_queries
):
    full_center(national_admin, "710101")
    admin = client_for(national_admin)
    with django_assert_max_num_queries(14):
        page = admin.get("/dashboard/").content.decode()
    assert 'href="/dashboard/71/"' in page
    response = client_for(district_officer).get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/7101/"
    assert client_for(province_officer).get("/dashboard/")["Location"] == "/dashboard/71/"
    judge = make_user("judge", Role.JUDGE)
    assert client_for(judge).get("/dashboard/").status_code == 404
    anonymous = client_for(None).get("/dashboard/7101/")
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]


@pytest.mark.parametrize("centers", [1, 10])
def test_dashboard_queries_do_not_grow_with_the_data(
    province_officer, django_assert_max_num_queries, centers
):
    codes = [f"7101{n:02d}" for n in range(1, 11)][:centers]
    for code in codes:
        full_center(province_officer, code, organizations=2)
    client = client_for(province_officer)
    for url in ("/dashboard/71/", "/dashboard/7101/", f"/dashboard/{codes[0]}/"):
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200

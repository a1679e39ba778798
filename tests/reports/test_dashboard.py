"""Area dashboards: figures from the roll-ups, child tables whose totals add up, trends, the map,
scope, bad fiscal years, and a query count that does not grow with the data."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from concenter.accounts.models import Role
from concenter.geography.models import Area
from concenter.geography.services import village_create
from concenter.network import services
from concenter.reports import selectors
from tests.conftest import client_for, make_user
from tests.reports.helpers import activity, full_center, random_network
from tests.reports.sums import check_parent_is_the_sum_of_its_children
from tests.reports.truth import Truth

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

KAN_SUBDISTRICTS = ["710101", "710102", "710103"]


def _main(page: str) -> str:
    return page.split('<main id="main"')[1].split("</main>")[0]


def test_parent_figures_equal_the_sum_of_the_children_on_a_made_network(province_officer):
    full_center(province_officer, "710101", organizations=3)
    full_center(province_officer, "710102", committee=False, ends_in_days=30)
    full_center(province_officer, "710103", ends_in_days=30, cooperation=False)
    full_center(province_officer, "710201")
    today = timezone.localdate()
    truth = Truth()
    for code in ("TH", "71", "7101"):
        assert check_parent_is_the_sum_of_its_children(code, on=today, truth=truth)
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


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_parent_figures_equal_the_sum_of_the_children_on_a_random_network(province_officer, seed):
    counts = random_network(province_officer, seed=seed)
    assert counts["centers"] >= 5 and counts["activities"] >= 1
    today = timezone.localdate()
    districts = sorted(
        {
            c[:4]
            for c in Area.objects.filter(
                center__isnull=False, code__regex=r"^71\d{4}$"
            ).values_list("code", flat=True)
        }
    )
    assert districts
    truth = Truth()
    for code in ("TH", "71", *districts):
        assert check_parent_is_the_sum_of_its_children(code, on=today, truth=truth)
    # A figure changed through a service moves the parent and its child by the same amount.
    before = selectors.dashboard_for(Area.objects.get(code="71"), on=today).head.organizations
    subdistrict = Area.objects.filter(center__level="subdistrict", province_code="71").first()
    services.organization_create(
        actor=province_officer,
        area_code=subdistrict.code,
        type_code="village_fund",
        name="กองทุนใหม่",
    )
    assert selectors.dashboard_for(Area.objects.get(code="71"), on=today).head.organizations == (
        before + 1
    )
    assert check_parent_is_the_sum_of_its_children("71", on=today)


def test_records_of_the_area_itself_show_in_their_own_row_and_still_add_up(province_officer):
    full_center(province_officer, "710101")
    services.center_create(actor=province_officer, area_code="7101")
    services.partner_create(
        actor=province_officer, area_code="7101", kind="government", name="สำนักงานพัฒนาชุมชน"
    )
    dashboard = selectors.dashboard_for(Area.objects.get(code="7101"), on=timezone.localdate())
    assert dashboard.own.centers == 1
    assert dashboard.own.partners == 1
    assert check_parent_is_the_sum_of_its_children("7101", on=timezone.localdate())
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
    assert 'href="/dashboard/71/reports/summary.pdf?fy=' in page
    assert 'href="/dashboard/71/reports/organizations.xlsx"' in page
    assert 'hx-get="/dashboard/71/health/"' in page  # the health section loads on its own
    district = client_for(province_officer).get("/dashboard/7101/").content.decode()
    assert 'href="/dashboard/710101/"' in district
    subdistrict = client_for(province_officer).get("/dashboard/710101/")
    assert subdistrict.status_code == 200


def test_activities_and_spending_by_mission_follow_the_chosen_fiscal_year(province_officer):
    full_center(province_officer, "710101")
    activity(
        province_officer,
        "710101",
        starts_on=datetime.date(2020, 3, 1),
        missions=("democracy", "drugs"),
        spent="1500.25",
    )
    activity(province_officer, "710101", starts_on=datetime.date(2021, 3, 1), spent="10")
    client = client_for(province_officer)
    page = _main(client.get("/dashboard/7101/?fy=2563").content.decode())
    missions = page.split('id="missions"')[1].split("</table>")[0]
    assert "ประชาธิปไตย" in missions or "Democracy" in missions
    assert "1,500.25" in missions
    trend = page.split('id="trend"')[1].split('id="missions"')[0]
    assert "2563" in trend and "2556" in trend  # eight fiscal years, the chosen one last
    assert "2564" not in trend
    other = _main(client.get("/dashboard/7101/?fy=2564").content.decode())
    assert "1,500.25" not in other.split('id="missions"')[1].split("</table>")[0]
    dashboard = selectors.dashboard_for(
        Area.objects.get(code="7101"), on=timezone.localdate(), fiscal_year=2563
    )
    assert [m.value for m in dashboard.missions if m.value] == [1, 1]
    assert dashboard.head.activities == 1 and dashboard.head.spending_satang == 150025
    assert [p.activities for p in dashboard.trend][-1] == 1


@pytest.mark.parametrize("typed", ["2539", "2601", "abc", "๒๕๖x"])
def test_a_fiscal_year_outside_2540_to_2600_or_not_a_number_gets_a_clear_message(
    province_officer, typed
):
    response = client_for(province_officer).get(f"/dashboard/71/?fy={typed}")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'role="alert"' in page
    assert "2540" in page and "2600" in page
    assert 'aria-invalid="true"' in page


def test_thai_digits_in_the_fiscal_year_are_accepted(province_officer):
    response = client_for(province_officer).get("/dashboard/71/?fy=๒๕๖๓")
    assert response.status_code == 200
    assert response.context["dashboard"].fiscal_year == 2563


def test_an_area_with_no_data_says_so(province_officer):
    response = client_for(province_officer).get("/dashboard/7102/")
    assert response.status_code == 200
    assert response.context["dashboard"].is_empty
    assert 'class="notice"' in _main(response.content.decode())


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
    assert order("-awards") == order("name")  # no awards: ties keep the Thai order
    assert client.get("/dashboard/7101/?sort=nonsense'--").status_code == 200
    page = client.get("/dashboard/7101/?sort=-organizations&fy=2563").content.decode()
    assert 'aria-sort="descending"' in page
    assert "?sort=organizations&amp;fy=2563#children" in page  # the year stays when re-sorting


def test_charts_are_inline_svg_with_a_table_and_no_inline_style_or_script(province_officer):
    full_center(province_officer, "710101", organizations=2)
    full_center(province_officer, "710102", committee=False)
    activity(province_officer, "710101", starts_on=timezone.localdate())
    page = _main(client_for(province_officer).get("/dashboard/7101/").content.decode())
    charts = re.findall(r'<svg role="img" aria-label="([^"]+)"', page)
    # committees by area, three trends, missions, organisation types, professions
    assert len(charts) == 7
    assert "style=" not in page
    assert "<script" not in page
    for title in charts[1:4]:  # every trend chart has a table of the same numbers beside it
        assert f"<caption>{title}</caption>" in page


def test_national_dashboard_draws_a_map_of_the_77_provinces(national_admin):
    full_center(national_admin, "710101")
    client = client_for(national_admin)
    page = _main(client.get("/dashboard/").content.decode())
    figure = page.split('id="map"')[1].split("</figure>")[0]
    assert figure.count("<path ") == 77
    assert figure.count('<a href="/dashboard/') == 77
    assert "กาญจนบุรี" in figure
    assert "Natural Earth" in page
    chosen = _main(client.get("/dashboard/?map=organizations").content.decode())
    assert '<option value="organizations" selected>' in chosen
    assert (
        _main(client.get("/dashboard/?map=bogus").content.decode()).count(
            '<option value="valid_share" selected>'
        )
        == 1
    )
    # Province dashboards have no map: no district boundaries can be had (docs/reports.md).
    assert 'id="map"' not in client.get("/dashboard/71/").content.decode()


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
        "/dashboard/7102/health/",
        "/dashboard/health/",  # the nation's health: national admins only
        "/dashboard/7102/reports/summary.pdf",
        "/dashboard/reports/summary.xlsx",
    ):
        assert client.get(url).status_code == 404, url
    admin = client_for(national_admin)
    assert admin.get("/dashboard/71010101/").status_code == 404
    assert admin.get("/dashboard/").status_code == 200


def test_national_dashboard_is_for_national_admins_others_go_to_their_area(
    national_admin, district_officer, province_officer
):
    full_center(national_admin, "710101")
    admin = client_for(national_admin)
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


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_dashboard_queries_do_not_grow_with_the_data(national_admin):
    """The same pages on a small network and on one several times bigger: the same number of
    queries, and a small number."""
    client = client_for(national_admin)
    urls = ("/dashboard/", "/dashboard/71/", "/dashboard/7101/", "/dashboard/710101/")
    full_center(national_admin, "710101", organizations=1)
    activity(national_admin, "710101", starts_on=timezone.localdate())
    client.get(urls[0])  # warm the session
    small = [_queries(client, url) for url in urls]
    for code in [f"7101{n:02d}" for n in range(2, 10)] + ["720101", "7101", "71"]:
        full_center(national_admin, code, organizations=3 if len(code) == 6 else 0)
        activity(national_admin, code, starts_on=timezone.localdate(), missions=("drugs", "plan"))
    random_network(national_admin, seed=5, province="72", subdistricts=4)
    bigger = [_queries(client, url) for url in urls]
    assert bigger == small
    assert max(bigger) <= 14


def test_awards_won_are_counted_for_published_programmes_by_the_nominees_area(province_officer):
    from concenter.awards.models import Nomination, Programme, ProgrammeStatus

    full_center(province_officer, "710101")
    area = Area.objects.get(code="71")
    now = timezone.now()

    def programme(status):
        item = Programme(
            title=f"นักพัฒนาชุมชนดีเด่น {status}",
            year=2020,
            status=status,
            nominations_open_at=now - datetime.timedelta(days=30),
            nominations_close_at=now - datetime.timedelta(days=20),
        )
        item.place_in(area)
        item.save()
        return item

    published = programme(ProgrammeStatus.PUBLISHED)
    unpublished = programme(ProgrammeStatus.RESULTS)
    for index, (item, code) in enumerate(
        [
            (published, "710101"),
            (published, "710101"),
            (published, "710201"),
            (unpublished, "710101"),
        ]
    ):
        nomination = Nomination(
            programme=item,
            source="officer",
            nominee_name=f"ผู้ได้รับรางวัล {index}",
            statement="ทำงานเพื่อชุมชน",
            submitted_at=now,
            selected=True,
        )
        nomination.place_in(Area.objects.get(code=code))
        nomination.save()
    today = timezone.localdate()
    province = selectors.dashboard_for(area, on=today)
    assert province.head.awards == 3
    assert {r.code: r.awards for r in province.rows if r.awards} == {"7101": 2, "7102": 1}
    assert [(p.title, p.winners, p.year_be) for p in province.programmes] == [
        (published.title, 3, 2563)
    ]
    assert province.programmes[0].url == f"/hall-of-fame/{published.pk}/"  # the public page
    assert selectors.dashboard_for(Area.objects.get(code="710101"), on=today).head.awards == 2
    assert selectors.dashboard_for(None, on=today).head.awards == 3


def _rendered_body(response) -> bool:
    return "reports/_dashboard.html" in [t.name for t in response.templates]


def test_the_dashboard_body_is_rendered_once_and_served_from_the_shared_cache(province_officer):
    from django.core.cache import cache

    cache.clear()
    full_center(province_officer, "710101", organizations=2)
    client = client_for(province_officer)
    first = client.get("/dashboard/71/")
    second = client.get("/dashboard/71/")
    assert _rendered_body(first)
    assert not _rendered_body(second)
    assert _main(first.content.decode()) == _main(second.content.decode())


def test_a_change_shows_on_the_next_request_although_the_body_is_cached(province_officer):
    full_center(province_officer, "710101", organizations=2)
    client = client_for(province_officer)
    before = _main(client.get("/dashboard/7101/").content.decode())
    services.organization_create(
        actor=province_officer, area_code="710101", type_code="womens_group", name="กลุ่มใหม่"
    )
    response = client.get("/dashboard/7101/")
    assert _rendered_body(response)  # new figures: a new body
    after = _main(response.content.decode())
    assert after != before
    assert selectors.dashboard_for(
        Area.objects.get(code="7101"), on=timezone.localdate()
    ).head.organizations == (3)


def test_each_reader_gets_the_body_of_their_digits_language_and_sort(province_officer):
    full_center(province_officer, "710101", organizations=2)
    arabic = client_for(province_officer)
    arabic.get("/dashboard/71/")
    thai_reader = make_user("kan.thai.digits", Role.PROVINCE_OFFICER, "71")
    thai_reader.thai_digits = True
    thai_reader.save(update_fields=["thai_digits"])
    thai = _main(client_for(thai_reader).get("/dashboard/71/").content.decode())
    assert re.search(r'<td class="num">[๐-๙]', thai)  # the table in Thai digits
    assert not re.search(r"[๐-๙]", _main(arabic.get("/dashboard/71/").content.decode()))
    arabic.cookies["django_language"] = "en"
    assert "Network figures" in arabic.get("/dashboard/71/").content.decode()
    by_code = _main(arabic.get("/dashboard/71/?sort=-code").content.decode())
    by_name = _main(arabic.get("/dashboard/71/?sort=name").content.decode())
    assert by_code != by_name


def test_the_breadcrumbs_stay_the_readers_own_while_the_body_is_shared(
    province_officer, district_officer
):
    full_center(province_officer, "710101")
    client_for(province_officer).get("/dashboard/7101/")  # the body is now in the cache
    page = client_for(district_officer).get("/dashboard/7101/").content.decode()
    trail = page.split('<nav class="breadcrumbs"')[1].split("</nav>")[0]
    assert 'href="/dashboard/71/"' not in trail  # the district officer cannot read the province

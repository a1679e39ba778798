"""The registry as a district officer uses it in the browser (server-side, through the pages)."""

import datetime
import re

import pytest

from concenter.network import services
from concenter.network.models import CommitteeTerm, TermStatus
from tests.conftest import client_for
from tests.network.helpers import draft_committee, person

pytestmark = pytest.mark.django_db


def test_district_officer_creates_a_center_drafts_activates_and_sees_the_district_change(
    district_officer,
):
    client = client_for(district_officer)
    area_page = client.get("/areas/710104/").content.decode()
    assert "/centers/new/?area=710104" in area_page
    response = client.post("/centers/new/", {"area_code": "710104", "name": "", "status": "active"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == "/centers/710104/"
    response = client.post(
        "/centers/710104/terms/new/",
        {"starts_on": "01/10/2568", "ends_on": "30/09/2572", "chosen_by": "election"},
    )
    assert response.status_code == 302
    term_url = response["Location"]
    term_id = int(re.search(r"/terms/(\d+)/", term_url).group(1))
    for index in range(8):
        position = "chair" if index == 0 else "member"
        reply = client.post(
            f"{term_url}seats/",
            {
                "position": position,
                "title": "นาย",
                "given_name": f"สมชาย{index}",
                "family_name": "รักถิ่น",
                "gender": "male",
            },
        )
        assert reply.status_code == 302, reply.content.decode()[:3000]
    refused = client.post(
        f"{term_url}activate/", {"version": CommitteeTerm.objects.get(pk=term_id).version}
    )
    assert refused.status_code == 422
    assert "9" in refused.content.decode()
    assert CommitteeTerm.objects.get(pk=term_id).status == TermStatus.DRAFT
    client.post(
        f"{term_url}seats/",
        {"position": "member", "given_name": "สมหญิง", "family_name": "รักถิ่น", "gender": "female"},
    )
    before = client.get("/areas/7101/").content.decode()
    activated = client.post(
        f"{term_url}activate/", {"version": CommitteeTerm.objects.get(pk=term_id).version}
    )
    assert activated.status_code == 302
    assert CommitteeTerm.objects.get(pk=term_id).status == TermStatus.ACTIVE
    after = client.get("/areas/7101/").content.decode()
    assert before != after
    figures = re.findall(r"<dd>(\d+)</dd>", after)
    assert "9" in figures  # seats filled in the district


def test_center_page_flags_a_center_without_a_committee(district_officer):
    services.center_create(actor=district_officer, area_code="710104")
    page = client_for(district_officer).get("/centers/710104/").content.decode()
    assert "notice-danger" in page


def test_other_district_officer_gets_404_on_every_registry_page(
    district_officer, other_district_officer
):
    services.center_create(actor=district_officer, area_code="710104")
    term, seats = draft_committee(district_officer)
    someone = seats[0].person
    client = client_for(other_district_officer)
    for url in (
        "/centers/710104/",
        "/centers/710104/edit/",
        "/centers/710104/history/",
        f"/centers/710104/terms/{term.pk}/",
        f"/people/{someone.pk}/",
        f"/people/{someone.pk}/edit/",
        "/centers/new/?area=710104",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/centers/710104/terms/{term.pk}/activate/").status_code == 404
    assert (
        client.post(
            f"/centers/710104/terms/{term.pk}/seats/", {"position": "member", "given_name": "x"}
        ).status_code
        == 404
    )


def test_stale_edit_form_shows_a_conflict_and_keeps_the_other_change(district_officer):
    center = services.center_create(actor=district_officer, area_code="710104")
    client = client_for(district_officer)
    services.center_update(
        actor=district_officer, code="710104", expected_version=center.version, address="ที่ทำการใหม่"
    )
    response = client.post(
        "/centers/710104/edit/", {"version": center.version, "name": "ชื่อใหม่", "status": "active"}
    )
    assert response.status_code == 200
    assert "Reload" in response.content.decode() or "โหลด" in response.content.decode()
    center.refresh_from_db()
    assert center.name != "ชื่อใหม่"
    assert center.address == "ที่ทำการใหม่"


@pytest.mark.parametrize("members", [9, 20])
def test_center_and_term_pages_run_a_bounded_number_of_queries(
    district_officer, django_assert_max_num_queries, members
):
    services.center_create(actor=district_officer, area_code="710104")
    term, _ = draft_committee(district_officer, members=members)
    services.committee_term_activate(actor=district_officer, term_id=term.pk)
    client = client_for(district_officer)
    with django_assert_max_num_queries(14):
        assert client.get("/centers/710104/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(f"/centers/710104/terms/{term.pk}/").status_code == 200


@pytest.mark.parametrize("seats", [1, 6])
def test_person_page_runs_a_bounded_number_of_queries(
    district_officer, django_assert_max_num_queries, seats
):
    someone = person(district_officer)
    for index in range(seats):
        code = ["710104", "710101", "710102", "710103", "710105", "710106"][index]
        services.center_create(actor=district_officer, area_code=code)
        term = services.committee_term_create(
            actor=district_officer,
            center_code=code,
            starts_on=datetime.date(2025, 1, 1),
            ends_on=datetime.date(2028, 1, 1),
        )
        services.seat_add(actor=district_officer, term_id=term.pk, person_id=someone.pk)
    client = client_for(district_officer)
    with django_assert_max_num_queries(12):
        assert client.get(f"/people/{someone.pk}/").status_code == 200


@pytest.mark.parametrize("centers", [1, 8])
def test_area_figures_page_runs_a_bounded_number_of_queries(
    province_officer, django_assert_max_num_queries, centers
):
    for code in ["710101", "710102", "710103", "710104", "710105", "710106", "710107", "710108"][
        :centers
    ]:
        services.center_create(actor=province_officer, area_code=code)
    client = client_for(province_officer)
    with django_assert_max_num_queries(10):
        assert client.get("/areas/7101/").status_code == 200


def test_partner_is_edited_with_a_version_check(district_officer):
    partner = services.partner_create(
        actor=district_officer, area_code="7101", kind="academia", name="มหาวิทยาลัยราชภัฏกาญจนบุรี"
    )
    client = client_for(district_officer)
    response = client.post(
        f"/partners/{partner.pk}/edit/",
        {
            "version": partner.version,
            "kind": "academia",
            "name": "มรภ.กาญจนบุรี",
            "area_code": "7101",
        },
    )
    assert response.status_code == 302
    stale = client.post(
        f"/partners/{partner.pk}/edit/",
        {"version": partner.version, "kind": "media", "name": "อื่น", "area_code": "7101"},
    )
    assert stale.status_code == 200
    partner.refresh_from_db()
    assert (partner.name, partner.kind) == ("มรภ.กาญจนบุรี", "academia")


@pytest.mark.parametrize("url", ["/centers/", "/organizations/"])
def test_lists_narrow_to_an_area_by_its_code(province_officer, url):
    for code in ("710104", "710201"):
        center = services.center_create(actor=province_officer, area_code=code)
        services.organization_create(
            actor=province_officer,
            area_code=center.pk,
            type_code="savings_group",
            name=f"กลุ่มออมทรัพย์ {code}",
            member_count=5,
        )
    client = client_for(province_officer)
    page = client.get(url, {"area": "7101"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "710104" in text or "กลุ่มออมทรัพย์ 710104" in text
    assert "710201" not in text
    assert client.get(url, {"area": "71x"}).status_code == 200  # no such code: an empty list


def _count_queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _organization(actor, code="710104", **fields):
    return services.organization_create(
        actor=actor, area_code=code, type_code="savings_group", **fields
    )


def test_list_pages_run_the_same_few_queries_for_few_rows_and_for_a_full_page(province_officer):
    from django.core.cache import cache

    client = client_for(province_officer)
    codes = [f"7101{n:02d}" for n in range(1, 4)]
    for code in codes:
        services.center_create(actor=province_officer, area_code=code)
        _organization(province_officer, code, name=f"กลุ่ม {code}")
    client.get("/centers/")  # the session
    few = [_count_queries(client, url) for url in ("/centers/", "/organizations/")]
    for index in range(60):
        _organization(province_officer, "710101", name=f"กลุ่มออมทรัพย์ {index:02d}")
    for code in [f"7102{n:02d}" for n in range(1, 8)] + ["7101", "7102", "71"]:
        services.center_create(actor=province_officer, area_code=code)
    cache.clear()
    many = [_count_queries(client, url) for url in ("/centers/", "/organizations/")]
    assert many == few
    assert max(many) <= 8
    # The "next" link (a keyset cursor) costs what the first page costs; a typed page number
    # one more query, which reads the keys before the page from the index (issue #20).
    import re
    from html import unescape

    page_one = client.get("/organizations/").content.decode()
    next_link = unescape(re.search(r'rel="next" href="([^"]+)"', page_one).group(1))
    assert _count_queries(client, "/organizations/" + next_link) == few[1]
    assert _count_queries(client, "/organizations/?page=2") == few[1] + 1


def test_organization_rows_show_type_area_members_and_funds_and_follow_a_change(
    province_officer,
):
    organization = _organization(
        province_officer, "710101", name="กลุ่มออมทรัพย์บ้านเหนือ", member_count=1234, funds="2469.5"
    )
    client = client_for(province_officer)
    rows = client.get("/organizations/").content.decode().split('<div id="rows">')[1]
    assert f'<a href="/organizations/{organization.pk}/">กลุ่มออมทรัพย์บ้านเหนือ</a>' in rows
    assert "กลุ่มออมทรัพย์เพื่อการผลิต" in rows  # the type
    assert organization.area.display_name in rows
    assert '<td class="num">1,234</td><td class="num">2,469.50</td>' in rows
    services.organization_update(
        actor=province_officer,
        organization_id=organization.pk,
        expected_version=organization.version,
        funds="12.345",
    )
    rows = client.get("/organizations/").content.decode().split('<div id="rows">')[1]
    assert '<td class="num">12.35</td>' in rows  # rounded half up, as floatformat rounds


def test_center_page_served_from_the_cache_shows_a_new_organization(district_officer):
    services.center_create(actor=district_officer, area_code="710104")
    _organization(district_officer, "710104", name="กลุ่มแรก")
    client = client_for(district_officer)
    first = client.get("/centers/710104/").content.decode().split('<main id="main"')[1]
    assert "กลุ่มแรก" in first
    assert client.get("/centers/710104/").content.decode().split('<main id="main"')[1] == first
    _organization(district_officer, "710104", name="กลุ่มที่สอง")
    second = client.get("/centers/710104/").content.decode()
    assert "กลุ่มที่สอง" in second and "กลุ่มแรก" in second


def test_center_page_of_a_reader_who_cannot_change_has_no_edit_links(district_officer, viewer):
    services.center_create(actor=district_officer, area_code="710104")
    editor_page = client_for(district_officer).get("/centers/710104/").content.decode()
    assert "/centers/710104/edit/" in editor_page
    reader_page = client_for(viewer).get("/centers/710104/").content.decode()
    assert "/centers/710104/edit/" not in reader_page

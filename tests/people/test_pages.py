"""The list, search and detail pages of people: what a row shows, bounded queries, and rows
served from the shared cache that still follow every change."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from concenter.people import services
from concenter.people.services import PersonData
from tests.conftest import client_for
from tests.network.helpers import person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _rows(page: str) -> str:
    return page.split('<div id="rows">')[1].split("</table>")[0]


def test_a_row_shows_the_name_profession_and_area_with_a_link(district_officer):
    someone = person(district_officer, given_name="บุญมี", family_name="ศรีสุข", profession="farmer")
    rows = _rows(client_for(district_officer).get("/people/").content.decode())
    assert f'<a href="/people/{someone.pk}/">บุญมี ศรีสุข</a>' in rows
    assert "เกษตรกร" in rows
    assert someone.area.display_name in rows


def test_the_list_runs_the_same_few_queries_for_a_page_of_two_and_of_fifty(district_officer):
    client = client_for(district_officer)
    for _ in range(2):
        person(district_officer, profession="teacher")
    client.get("/people/")  # the session
    few = _queries(client, "/people/")
    for _ in range(60):
        person(district_officer, profession="farmer")
    cache.clear()
    many = _queries(client, "/people/")
    assert many == few
    assert many <= 8
    # The "next" link (a keyset cursor) costs what the first page costs; a typed page number
    # one more query, which reads the keys before the page from the index (issue #20).
    import re
    from html import unescape

    page_one = client.get("/people/").content.decode()
    next_link = unescape(re.search(r'rel="next" href="([^"]+)"', page_one).group(1))
    assert _queries(client, "/people/" + next_link) == few
    assert _queries(client, "/people/?page=2") == few + 1


def test_rows_served_from_the_cache_follow_a_change_of_name(district_officer, monkeypatch):
    from concenter.common.templatetags import fragments

    stored = []
    real_set = fragments.shared_cache.set

    def set_and_count(key, *args):
        if key.startswith("fragment:people-rows:"):
            stored.append(key)
        real_set(key, *args)

    monkeypatch.setattr(fragments.shared_cache, "set", set_and_count)
    someone = person(district_officer, given_name="บุญมี", family_name="ศรีสุข")
    client = client_for(district_officer)
    assert "บุญมี ศรีสุข" in _rows(client.get("/people/").content.decode())
    assert "บุญมี ศรีสุข" in _rows(client.get("/people/").content.decode())
    assert len(stored) == 1  # the second page came from the cache
    services.person_update(
        actor=district_officer,
        person_id=someone.pk,
        expected_version=someone.version,
        data=PersonData(given_name="บุญมา", family_name="ศรีสุข"),
        area_code=someone.area_id,
    )
    rows = _rows(client.get("/people/").content.decode())
    assert "บุญมา ศรีสุข" in rows
    assert "บุญมี ศรีสุข" not in rows
    assert len(stored) == 2


def test_rows_are_the_readers_own_scope(district_officer, other_district_officer):
    mine = person(district_officer, given_name="ในเขต", family_name="เมือง")
    theirs = person(
        other_district_officer, area_code="710201", given_name="นอกเขต", family_name="ไทรโยค"
    )
    client_for(district_officer).get("/people/")  # cached for the district officer's rows
    rows = _rows(client_for(other_district_officer).get("/people/").content.decode())
    assert theirs.full_name in rows
    assert mine.full_name not in rows


def test_a_search_lists_the_person_found(district_officer):
    person(district_officer, given_name="บุญมี", family_name="ศรีสุข")
    person(district_officer, given_name="สมศรี", family_name="มีสุข")
    page = client_for(district_officer).get("/people/?q=บุญมี").content.decode()
    rows = _rows(page)
    assert "บุญมี ศรีสุข" in rows
    assert "สมศรี" not in rows


def test_the_person_page_shows_the_forms_with_a_fresh_token_and_the_roles(district_officer):
    someone = person(district_officer)
    client = client_for(district_officer)
    first = client.get(f"/people/{someone.pk}/").content.decode()
    assert 'name="role"' in first and 'name="given_on"' in first
    services.local_role_add(
        actor=district_officer, person=someone, role="headman", area_code=someone.area_id
    )
    second = client.get(f"/people/{someone.pk}/").content.decode()
    assert second.count('name="csrfmiddlewaretoken"') >= 2
    assert "ผู้ใหญ่บ้าน" in second.split("<details")[0]  # the new role, above the forms

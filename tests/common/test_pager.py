"""Keyset pages (`concenter.common.pager`): walking the list forward by `after`, back by
`before`, or jumping to a page number, gives exactly the rows of one plain ordered query
(``ORDER BY sort_key, id``), on the list page, the API and the pager itself (issue #20)."""

import random
import re
from html import unescape

import pytest

from concenter.common.pager import (
    decode_cursor,
    encode_cursor,
    keyset_page,
    keyset_window,
)
from concenter.people.models import Person
from concenter.people.services import PersonData, person_create
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

GIVEN = ["สมชาย", "สมศรี", "มานี", "เกศินี", "แสง", "ไก่แก้ว", "Somchai", "กมล", "ส้มโอ"]
FAMILY = ["ใจดี", "ศรีสุข", "", "Boonmee"]


@pytest.fixture
def crowd(district_officer):
    """37 people, many with the very same name (equal sort keys: the id breaks the tie)."""
    rng = random.Random(20)
    for _ in range(37):
        data = PersonData(given_name=rng.choice(GIVEN), family_name=rng.choice(FAMILY))
        person_create(actor=district_officer, data=data, area_code="710104", confirm_new=True)
    return [p.pk for p in Person.objects.order_by("sort_key", "pk")]


def test_cursors_survive_the_round_trip_and_bad_ones_are_none():
    cursor = encode_cursor("กมล ใจดี 0", 12)
    assert re.fullmatch(r"[A-Za-z0-9_-]+", cursor)
    assert decode_cursor(cursor) == ("กมล ใจดี 0", 12)
    for bad in ("", None, "!!", "e30", "W10", encode_cursor("x", 1)[:-3], "a" * 3000):
        assert decode_cursor(bad) is None


@pytest.mark.parametrize("size", [1, 5, 10, 37, 50])
def test_walking_forward_and_back_gives_the_plain_ordered_query(district_officer, crowd, size):
    every = Person.objects.all()
    forward, cursor = [], None
    while True:
        window = keyset_window(every, size=size, after=cursor)
        forward += [p.pk for p in window]
        cursor = window.next_cursor
        if not cursor:
            break
    assert forward == crowd
    # From the last page back to the first through `before`.
    last = keyset_window(every, size=size, offset=((len(crowd) - 1) // size) * size)
    backward, cursor = [p.pk for p in last], last.previous_cursor
    while cursor:
        window = keyset_window(every, size=size, before=cursor)
        backward = [p.pk for p in window] + backward
        cursor = window.previous_cursor
    assert backward == crowd
    # Any offset: the same rows as OFFSET on the plain query.
    for offset in range(0, len(crowd) + 2):
        window = keyset_window(every, size=size, offset=offset)
        assert [p.pk for p in window] == crowd[offset : offset + size]


def test_page_numbers_jump_to_the_same_rows_and_are_bounded(district_officer, crowd):
    every = Person.objects.all()
    for number in range(1, 5):
        page = keyset_page(every, size=10, page=number)
        assert [p.pk for p in page] == crowd[(number - 1) * 10 : number * 10]
        assert (page.number, page.num_pages, page.count) == (number, 4, 37)
    for past in (5, "99", "1" * 40):  # past the end: the last page
        page = keyset_page(every, size=10, page=past)
        assert [p.pk for p in page] == crowd[30:] and page.number == 4
    for odd in ("x", "-3", "0", "", None, "2.5"):
        page = keyset_page(every, size=10, page=odd)
        assert [p.pk for p in page] == crowd[:10] and page.number == 1
    # A forged cursor counts as none: the page of the number, not an error.
    page = keyset_page(every, size=10, after="bm90LWEtY3Vyc29y", page=3)
    assert [p.pk for p in page] == crowd[20:30] and page.number == 3


def _links(html: str, rel: str) -> list[str]:
    return [unescape(h) for h in re.findall(rf'rel="{rel}" href="([^"]+)"', html)]


def test_the_list_page_walks_every_person_once_in_order(district_officer, crowd, monkeypatch):
    monkeypatch.setattr("concenter.people.views.PAGE_SIZE", 10)
    client = client_for(district_officer)
    seen, url, numbers = [], "/people/", []
    while url:
        response = client.get(url if url.startswith("/") else "/people/" + url)
        assert response.status_code == 200
        page = response.context["page"]
        seen += [p.pk for p in page]
        numbers.append(page.number)
        nxt = _links(response.content.decode(), "next")
        url = nxt[0] if nxt else ""
    assert seen == crowd and numbers == [1, 2, 3, 4]
    # Back from the last page by the "previous" links.
    back = []
    prev = _links(response.content.decode(), "prev")
    while prev:
        response = client.get("/people/" + prev[0])
        back = [p.pk for p in response.context["page"]] + back
        prev = _links(response.content.decode(), "prev")
    assert back + [p.pk for p in Person.objects.order_by("sort_key", "pk")][30:] == crowd
    assert response.context["page"].number == 1
    # A typed page number (no cursor) lands on the same rows as OFFSET.
    response = client.get("/people/?page=3")
    assert [p.pk for p in response.context["page"]] == crowd[20:30]


def test_the_api_walks_every_person_once_in_order(district_officer, crowd):
    client = client_for(district_officer)
    seen, after = [], ""
    while True:
        response = client.get(
            "/api/v1/people", {"limit": 7, "after": after} if after else {"limit": 7}
        )
        assert response.status_code == 200
        body = response.json()
        assert body["count"] == 37
        seen += [p["id"] for p in body["items"]]
        after = body["next"]
        if not after:
            break
    assert seen == crowd
    body = client.get("/api/v1/people", {"limit": 7, "offset": 30}).json()
    assert [p["id"] for p in body["items"]] == crowd[30:37] and body["next"] is None


def test_a_list_longer_than_the_count_cap_is_not_counted(district_officer, crowd):
    every = Person.objects.all()
    page = keyset_page(every, size=10, page=2, count_cap=36)
    assert page.count is None and page.num_pages is None and page.number == 2
    assert [p.pk for p in page] == crowd[10:20] and page.has_next
    assert keyset_page(every, size=10, page=2, count_cap=37).count == 37
    # Past the end of an uncounted list: the first page, not an error.
    assert [p.pk for p in keyset_page(every, size=10, page=9, count_cap=5)] == crowd[:10]

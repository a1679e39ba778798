"""The walk along the Thai sort-key index (`search._walked_results`) gives, page after page,
exactly what the ordered query over every match gives (`search._indexed_results`: the names
the trigram index finds, ordered by rank, Thai order, id), whatever the window it reads, for
exact, prefix, substring and one-edit-away matches, Thai and romanised (issue #20)."""

import random

import pytest
from django.db import connection
from django.urls import resolve

from concenter.common import search
from concenter.common.search import SearchTooBroad, person_search, time_limit
from concenter.people.models import Person
from tests.common.test_search import add_person

pytestmark = pytest.mark.django_db

GIVEN = ["สมชาย", "สมชัย", "สมศรี", "ชาย", "สมชายา", "มานี", "มาลี", "Somchai", "Somchay",
         "สมหญิง", "ชัยชาญ", "กมล", "สม_ศรี"]  # fmt: skip
FAMILY = ["ใจดี", "ใจดีมาก", "ศรีสุข", "", "Boonmee", "สมชาย"]
QUERIES = ["สมชาย", "สมชัย", "ชาย", "ใจดี", "ใจด", "somchai", "smchai", "somcay", "มานี",
           "มาลี ใจดี", "boonmee", "bonmee", "สมศรี", "สมชาย ใจดี", "ชยชาญ", "xyz"]  # fmt: skip


@pytest.fixture
def crowd(district_officer):
    rng = random.Random(20)
    for _ in range(60):
        add_person(district_officer, rng.choice(GIVEN), rng.choice(FAMILY))
    return district_officer


def _pks(found):
    return [(p.pk, p.search_rank) for p in found]


@pytest.mark.parametrize("window", [1, 7, 25, 10_000])
def test_walked_pages_equal_the_ordered_query(crowd, monkeypatch, window):
    monkeypatch.setattr(search, "WALK_ROWS", window)
    target = search._target("person")
    walked_any = False
    for query in QUERIES:
        terms = search._terms(query)
        base = Person.objects.all().select_related("area", "profession")
        for limit, offset in ((20, 0), (5, 0), (5, 5), (3, 9), (50, 0), (7, 40)):
            plain = search._indexed_results(target, terms, base, limit=limit, offset=offset)
            walked = search._walked_results(target, terms, base, limit=limit, offset=offset)
            if walked is not None:
                walked_any = True
                assert _pks(walked) == _pks(plain), (query, limit, offset)
            assert _pks(person_search(user=crowd, query=query, limit=limit, offset=offset)) == (
                _pks(plain)
            ), (query, limit, offset)
    assert walked_any or window < 7  # the walk answers when the window holds the page


def test_a_search_past_its_time_limit_asks_to_narrow_it():
    slow = (
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000000) "
        "SELECT count(*) FROM n"
    )
    with pytest.raises(SearchTooBroad) as caught, time_limit(20), connection.cursor() as cursor:
        cursor.execute(slow)
    assert "แคบลง" in caught.value.messages[0]  # "narrow your search", in Thai
    # The limit is gone after the block: the connection answers as before.
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_the_list_page_answers_a_search_too_broad_with_a_message(district_officer, monkeypatch):
    from tests.conftest import client_for

    def too_broad(**_kwargs):
        raise SearchTooBroad()

    # The URLconf first: a view module imported while the patch is on would keep the fake
    # (`from concenter.common.search import person_search`) for every later test.
    resolve("/people/")
    monkeypatch.setattr(search, "person_search", too_broad)
    response = client_for(district_officer).get("/people/", {"q": "สม"})
    assert response.status_code == 200
    assert "แคบลง" in response.content.decode()

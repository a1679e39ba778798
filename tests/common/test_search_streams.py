"""The search pages read off ordered streams (`concenter.common.search_streams`, issue #20, ADR
0028) give, page after page, what one plain ordered query over every match gives: a romanised
query's exact and prefix names (the key indexes and the person–word links), the names starting
with a lone leading vowel (one sort-key range per consonant), and a misspelt full name walked
from its rarest word."""

import random

import pytest

from concenter.common import search, search_streams
from concenter.common.search import RANK_EXACT, RANK_PREFIX, person_search
from concenter.common.thai import latin_fold
from concenter.people.models import Person, PersonHeadWord
from tests.common.test_search import ELSEWHERE, HOME, add_person
from tests.common.test_search_words import _plain

pytestmark = pytest.mark.django_db

LIMITS = ((20, 0), (5, 0), (5, 5), (3, 9), (50, 0), (7, 40), (4, 2), (1, 3))

GIVEN = ["กัญญา", "กัญญารัตน์", "กัญ", "สมชาย", "สมชัย", "มาลี", "มาลัย", "ชาญชัย", "กันยา",
         "วิชัย", "สมศรี", "ศรี", "กัน"]  # fmt: skip
FAMILY = ["ใจดี", "ศรีสุข", "", "บุญมี", "กัญญา", "ชัยชาญ"]
# English names whose key folds letters across the word break: "Se" + "Ewa" is "siwa", "Por" +
# "Nchai" is "poncai", "Bo" + "Ong" is "bung", "Kie" + "Ea" is "kia".
ENGLISH = [("Se", "Ewa"), ("Por", "Nchai"), ("Bo", "Ong"), ("Kie", "Ea"), ("Kanya", ""),
           ("Kan", "Yasmin"), ("", "Kanya"), ("Somchai", "Jaidee"), ("Ka", "Nya")]  # fmt: skip
LATIN_QUERIES = ["kanya", "kanyarat", "kan", "kany", "somchai", "somcai", "somchai jaidee",
                 "malai", "chanchai", "siwa", "siw", "si", "ponc", "poncai", "bun", "bung", "kia",
                 "kie", "wichai", "kanyas", "kanya chaidi", "sri", "xyzq", "ka nya"]  # fmt: skip


@pytest.fixture
def crowd(district_officer, national_admin):
    rng = random.Random(28)
    for index in range(110):
        english = {}
        if index % 3 == 0:
            given_en, family_en = rng.choice(ENGLISH)
            english = {"given_name_en": given_en, "family_name_en": family_en}
        add_person(
            national_admin,
            rng.choice(GIVEN),
            rng.choice(FAMILY),
            area_code=HOME if index % 4 else ELSEWHERE,
            **english,
        )
    return district_officer


@pytest.mark.parametrize("rows", [1, 3, 500])
@pytest.mark.parametrize("who", ["district", "national"])
def test_romanised_pages_equal_one_ordered_query(crowd, national_admin, monkeypatch, rows, who):
    monkeypatch.setattr(search_streams, "STREAM_ROWS", rows)
    user = crowd if who == "district" else national_admin
    answered = []
    original = search_streams.latin_head

    def spy(*args, **kwargs):
        page = original(*args, **kwargs)
        answered.append(page is not None)
        return page

    monkeypatch.setattr(search_streams, "latin_head", spy)
    for query in LATIN_QUERIES:
        everything = _plain(user, query)
        for limit, offset in LIMITS:
            found = person_search(user=user, query=query, limit=limit, offset=offset)
            assert [(p.pk, p.search_rank) for p in found] == everything[offset : offset + limit], (
                query,
                limit,
                offset,
            )
    assert any(answered)  # the streams do answer (a full page of exact and prefix names)
    if rows == 1:
        assert not all(answered)  # and give way when they cannot tell


def test_a_common_romanised_given_name_is_answered_by_the_streams(crowd, national_admin):
    terms = search._terms("kanya")
    target = search._target("person")
    base = search.filter_queryset(Person.objects.all(), national_admin, search.Access.READ)
    page = search_streams.latin_head(target, terms, base, limit=5, offset=0)
    assert page is not None and len(page) == 5
    assert {p.search_rank for p in page} <= {RANK_EXACT, RANK_PREFIX}
    keys = [(p.search_rank, p.sort_key, p.pk) for p in page]
    assert keys == sorted(keys)


@pytest.mark.parametrize(
    "given_en, family_en",
    [*ENGLISH, ("Phe", "Ek"), ("Too", "Ong"), ("Aa", "Ay")],
)
def test_a_key_starting_with_the_query_holds_a_candidate_first_word(given_en, family_en):
    """Every start of a key is reached from the first word of the name (fold rules that take
    letters of both words included)."""
    key = latin_fold(given_en + family_en)
    first = latin_fold(given_en) or latin_fold(family_en)
    for end in range(1, len(key) + 1):
        query = key[:end]
        assert first.startswith(query) or first in search_streams.first_word_candidates(query), (
            query
        )


def test_every_start_of_every_key_is_reached_from_a_head_word(crowd):
    """The prefix streams walk only the head words (ADR 0031): each start of each key of each
    name is a candidate of a head word, or starts one."""
    heads: dict[int, set[str]] = {}
    for pk, text in PersonHeadWord.objects.values_list("person_id", "word__text"):
        heads.setdefault(pk, set()).add(text)
    for person in Person.objects.all():
        for key in person.name_latin.split(" "):
            for end in range(1, len(key) + 1):
                query = key[:end]
                candidates = search_streams.first_word_candidates(query)
                assert any(
                    h.startswith(query) or h in candidates for h in heads.get(person.pk, ())
                ), (person.name_latin, query)


@pytest.mark.parametrize(
    "query, many, few",
    [
        # มาลัย and มาลัยมา are the family names of many whose given name sorts first, มาลัย the
        # given name of a few: the streams of `malai` and `malaima` read only keys starting with
        # them (ADR 0031).
        ("malai", [("กมล", "มาลัย"), ("ขวัญ", "มาลัยมา"), ("จันทร์", "มาลัย")], "มาลัย"),
        # สุพจน์ (`sup`, a start of the query) is the given name of many, sorting before สุภัทรา:
        # its stream holds no key starting with `supatra` and must not bound the page.
        ("suphatra", [("สุพจน์", "ใจดี"), ("สุพจน์", "บุญมี"), ("ศุภ", "ศรีสุข")], "สุภัทรา"),
    ],
)
def test_streams_of_words_that_rarely_start_a_matching_key_answer(
    district_officer, monkeypatch, query, many, few
):
    for index in range(30):
        add_person(district_officer, *many[index % len(many)])
    for family in ["ใจดี", "ศรีสุข", "บุญมี", "มาลัย", "ชัยชาญ", "มาลัยทอง"]:
        add_person(district_officer, few, family)
        add_person(district_officer, few + "พร", family)
    monkeypatch.setattr(search_streams, "STREAM_ROWS", 8)
    terms = search._terms(query)
    target = search._target("person")
    base = search.filter_queryset(Person.objects.all(), district_officer, search.Access.READ)
    everything = _plain(district_officer, query)
    for limit, offset in ((5, 0), (3, 2), (8, 4), (12, 0)):
        page = search_streams.latin_head(target, terms, base, limit=limit, offset=offset)
        assert page is not None, (limit, offset)
        assert [(p.pk, p.search_rank) for p in page] == everything[offset : offset + limit]
    assert search_streams.latin_head(target, terms, base, limit=13, offset=0) is None  # rank 2


LEADING = ["เกียรติ", "เกศินี", "เสาวลักษณ์", "เอกชัย", "เ", "เ1", "เะ", "เA", "เเก้ว", "แสง",
           "เพ็ญ", "เฮง", "เฮ", "เฟื่อง", "ไก่", "เก", "เพชร", "เยาวลักษณ์"]  # fmt: skip


@pytest.mark.parametrize("query", ["เ", "แ", "ไ", "โ"])
def test_names_starting_with_a_lone_leading_vowel_page_in_thai_order(district_officer, query):
    rng = random.Random(query)
    for index in range(60):
        add_person(district_officer, LEADING[index % len(LEADING)], rng.choice(["ใจดี", "", "มี"]))
    expected = sorted(
        (p for p in Person.objects.all() if p.name_search.startswith(query)),
        key=lambda p: (p.name_search != query, p.sort_key, p.pk),
    )
    target = search._target("person")
    base = search.filter_queryset(Person.objects.all(), district_officer, search.Access.READ)
    streamed = search_streams.leading_vowel_prefix(target, query, base, start=0, stop=1000)
    assert streamed is not None
    assert [p.pk for p in streamed] == [p.pk for p in expected if p.name_search != query]
    for size in (1, 3, 7, 50):
        paged = []
        for offset in range(0, len(expected) + 2, size):
            paged += person_search(user=district_officer, query=query, limit=size, offset=offset)
        assert [p.pk for p in paged] == [p.pk for p in expected], (query, size)


FULL_NAMES = ["สมชาบ ใจดี", "สมชาย ใจดร", "somchay chaidee", "smchai chaidi", "มานี ศรีสข",
              "กมล บุญมร", "กัญญา ใจดร", "kanya caidii", "ใจดี สมชาบ"]  # fmt: skip


@pytest.mark.parametrize("cap", [0, 1, 5_000])
def test_misspelt_full_names_walked_from_any_word_equal_one_ordered_query(
    district_officer, national_admin, monkeypatch, cap
):
    monkeypatch.setattr(search, "DRIVER_COUNT_CAP", cap)
    rng = random.Random(cap)
    givens = ["สมชาย", "สมชัย", "มานี", "กมล", "กัญญา", "วิชัย"]
    families = ["ใจดี", "ใจดี", "ใจดี", "ศรีสุข", "บุญมี", "บุญมา"]
    for index in range(80):
        add_person(
            national_admin,
            rng.choice(givens),
            rng.choice(families),
            area_code=HOME if index % 3 else ELSEWHERE,
        )
    fuzzy = 0
    for query in FULL_NAMES:
        everything = _plain(district_officer, query)
        fuzzy += sum(rank == search.RANK_FUZZY for _pk, rank in everything)
        for limit, offset in LIMITS:
            found = person_search(user=district_officer, query=query, limit=limit, offset=offset)
            assert [(p.pk, p.search_rank) for p in found] == everything[offset : offset + limit], (
                query,
                limit,
                offset,
            )
    assert fuzzy > 10

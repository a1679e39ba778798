"""The name-word table (`people_nameword`, `people_personword`, issue #20): it stays what a rebuild
from the people gives after every kind of write, and the fuzzy rank of a one-word query read from
it gives, page after page, what one plain ordered query over every match gives."""

import random

import pytest

from concenter.common import search
from concenter.common.search import RANK_FUZZY, _one_edit_away, person_search
from concenter.common.thai import latin_fold
from concenter.exchange import romanize
from concenter.people.models import NameWord, Person, PersonHeadWord, PersonWord
from concenter.people.privacy import person_anonymize
from concenter.people.services import PersonData, person_update
from concenter.people.words import heads_rebuild, name_words, words_rebuild, words_write
from tests.common.test_search import ELSEWHERE, HOME, add_person
from tests.exchange.helpers import PEOPLE_TH, person, run, write_csv

pytestmark = pytest.mark.django_db

GIVEN = ["สมชาย", "สมชัย", "สมศรี", "ชาย", "สมชายา", "มานี", "มาลี", "Somchai", "Somchay",
         "สมหญิง", "ชัยชาญ", "กมล", "สม_ศรี", "วิชัย", "วิไล"]  # fmt: skip
FAMILY = ["ใจดี", "ใจดีมาก", "ศรีสุข", "", "Boonmee", "สมชาย", "บุญมี"]
# One-word queries whose fuzzy rank comes from the words: misspelt Thai and romanised names.
QUERIES = ["สมชาบ", "สมชย", "สมขาย", "ใจดร", "มานร", "smchai", "somcay", "bonmee", "boonme",
           "wichay", "วิไส", "ศรีสข", "สมชาย", "ชาย", "xyzq", "สมชาบ ใจดี", "สมชาย ใจดร",
           "somchay chaidee", "smchai chaidi", "มานี ศรีสข", "กมล บุญมร"]  # fmt: skip


def _snapshot():
    links = set(PersonWord.objects.values_list("person_id", "word__text", "sort_key"))
    heads = set(PersonHeadWord.objects.values_list("person_id", "word__text", "sort_key"))
    return links, heads, set(NameWord.objects.values_list("text", flat=True))


def _assert_equal_to_a_rebuild():
    before = _snapshot()
    words_rebuild()
    assert _snapshot() == before
    assert heads_rebuild() == len(before[1])  # the migration's backfill of the head words
    assert _snapshot() == before


def _expected_words(person):
    return name_words(
        given_name=person.given_name,
        family_name=person.family_name,
        given_name_en=person.given_name_en,
        family_name_en=person.family_name_en,
    )


def test_a_person_holds_the_words_of_each_name_part(district_officer):
    someone = add_person(
        district_officer, "สมชาย", "ใจดี", given_name_en="Som Chai", family_name_en="Jaidee"
    )
    held = set(PersonWord.objects.filter(person_id=someone.pk).values_list("word__text", flat=True))
    assert held == {"สมชาย", "ใจดี", "somcai", "caidi", "som", "cai"}
    assert set(PersonWord.objects.values_list("sort_key", flat=True)) == {someone.sort_key}
    heads = PersonHeadWord.objects.filter(person_id=someone.pk)
    assert set(heads.values_list("word__text", "sort_key")) == {
        ("somcai", someone.sort_key),  # the key of the Thai name starts with the given name
        ("som", someone.sort_key),  # the English name's: its first word
    }


@pytest.mark.parametrize(
    "given, family, given_en, family_en, heads",
    [
        ("สมชาย", "ใจดี", "", "Jaidee", {"somcai", "caidi"}),
        ("มา ลัย", "ใจดี", "", "", {"ma"}),  # the first of the given name's words
        ("Lai Ma", "ใจดี", "", "", {"lai"}),
        ("Somchai", "ใจดี", "- -", "", {"somcai"}),  # no English word: no English key
        ("สมชาย", "", "Mary Ann", "Smith", {"somcai", "mary"}),
    ],
)
def test_the_head_words_are_the_first_word_of_each_key(
    district_officer, given, family, given_en, family_en, heads
):
    someone = add_person(
        district_officer, given, family, given_name_en=given_en, family_name_en=family_en
    )
    held = set(
        PersonHeadWord.objects.filter(person_id=someone.pk).values_list("word__text", flat=True)
    )
    assert held == heads
    assert held <= set(
        PersonWord.objects.filter(person_id=someone.pk).values_list("word__text", flat=True)
    )
    _assert_equal_to_a_rebuild()


def test_the_words_stay_equal_to_a_rebuild_after_create_rename_and_erase(district_officer):
    first = add_person(district_officer, "สมชาย", "ใจดี")
    second = add_person(district_officer, "มานี", "ใจดี", given_name_en="Manee")
    _assert_equal_to_a_rebuild()
    person_update(
        actor=district_officer,
        person_id=first.pk,
        expected_version=None,
        data=PersonData(given_name="วิชัย", family_name="บุญมี"),
        area_code=HOME,
    )
    assert not NameWord.objects.filter(text="สมชาย").exists()  # nobody holds it any more
    assert NameWord.objects.filter(text="ใจดี").exists()  # the second person still does
    _assert_equal_to_a_rebuild()
    person_anonymize(actor=district_officer, person_id=second.pk, reason="asked")
    second.refresh_from_db()
    held = set(PersonWord.objects.filter(person_id=second.pk).values_list("word__text", flat=True))
    assert held == _expected_words(second)
    assert not NameWord.objects.filter(text__in=["มานี", "mani"]).exists()
    _assert_equal_to_a_rebuild()


def test_the_words_stay_equal_to_a_rebuild_after_an_import(district_officer, tmp_path):
    add_person(district_officer, "สมชาย", "ใจดี")
    rows = [PEOPLE_TH, person("วิไล", "ศรีสุข"), person("กมล", "บุญมี"), person("สมชาย", "มีสุข")]
    result = run(district_officer, write_csv(tmp_path, rows))
    assert result.created == 3
    imported = Person.objects.filter(given_name="วิไล").get()
    assert imported.name_latin  # romanised after the import, words with it
    held = set(
        PersonWord.objects.filter(person_id=imported.pk).values_list("word__text", flat=True)
    )
    assert held == _expected_words(imported) and "ศรีสุข" in held
    _assert_equal_to_a_rebuild()


def test_the_romanisation_after_an_import_writes_the_words_of_its_people(district_officer):
    someone = add_person(district_officer, "สมชาย", "ใจดี")
    PersonWord.objects.all().delete()
    NameWord.objects.all().delete()
    words_write([someone.pk])
    _assert_equal_to_a_rebuild()
    assert callable(romanize.fill)


def test_a_deleted_person_leaves_no_link(district_officer):
    someone = add_person(district_officer, "สมชาย", "ใจดี")
    Person.objects.filter(pk=someone.pk).delete()
    assert not PersonWord.objects.filter(person_id=someone.pk).exists()
    assert not PersonHeadWord.objects.filter(person_id=someone.pk).exists()


# The fuzzy rank from the words, against one plain ordered query --------------------------------


@pytest.fixture
def crowd(district_officer, national_admin):
    rng = random.Random(23)
    for index in range(90):
        english = {"given_name_en": rng.choice(["Somchai", "Wichai", ""])} if index % 5 == 0 else {}
        add_person(
            national_admin,
            rng.choice(GIVEN),
            rng.choice(FAMILY),
            area_code=HOME if index % 4 else ELSEWHERE,
            **english,
        )
    return district_officer


def _one_edit(term, word):
    tests = search._one_edit_words(term, _one_edit_away(term, search._THAI_LETTERS))
    return term not in word and any(test.fullmatch(word) for test in tests)


def _plain(user, query):
    """Every match in one ordered query: ranks 0–2 as the trigram path asks them, then rank 3,
    every person of the scope tested in Thai order: a one-word query, a word of the name one edit
    away from it; a query of several words, each held as it is but one, held one edit away (Thai
    or romanised form); never a name containing the query."""
    terms = search._terms(query)
    target = search._target("person")
    base = search.filter_queryset(Person.objects.all(), user, search.Access.READ)
    ranked = list(search._matches(target, terms, base).order_by("search_rank", "sort_key", "pk"))
    ranked = [(p.pk, p.search_rank) for p in ranked]
    if terms.short or search._fuzzy_parts(terms) is None:
        return ranked
    forms = []
    if terms.name:
        forms.append([w.lower() for w in terms.words] if len(terms.words) > 1 else [terms.name])
    if terms.latin:
        forms.append(
            [latin_fold(w) for w in terms.words] if len(terms.words) > 1 else [terms.latin]
        )
    held: dict[int, set[str]] = {}
    for pk, text in PersonWord.objects.values_list("person_id", "word__text"):
        held.setdefault(pk, set()).add(text)
    fuzzy = []
    for p in base.order_by("sort_key", "pk"):
        if (terms.name and terms.name in p.name_search) or (
            terms.latin and terms.latin in p.name_latin
        ):
            continue
        words = held.get(p.pk, set())
        if any(
            all(w in words for i, w in enumerate(form) if i != j)
            and any(_one_edit(form[j], word) for word in words)
            for form in forms
            for j in range(len(form))
        ):
            fuzzy.append((p.pk, RANK_FUZZY))
    return ranked + fuzzy


@pytest.mark.parametrize("walks", [1, 40])
def test_word_fuzzy_pages_equal_one_ordered_query(crowd, monkeypatch, walks):
    monkeypatch.setattr(search, "WORD_WALKS", walks)
    fuzzy_found = 0
    for query in QUERIES:
        everything = _plain(crowd, query)
        fuzzy_found += sum(rank == RANK_FUZZY for _pk, rank in everything)
        for limit, offset in ((20, 0), (5, 0), (5, 5), (3, 9), (50, 0), (7, 40), (4, 2)):
            found = person_search(user=crowd, query=query, limit=limit, offset=offset)
            assert [(p.pk, p.search_rank) for p in found] == everything[offset : offset + limit], (
                query,
                limit,
                offset,
            )
    assert fuzzy_found > 20  # the queries do reach the fuzzy rank


def test_a_misspelt_given_name_finds_the_people_of_the_name_in_thai_order(crowd):
    found = person_search(user=crowd, query="สมชาบ", limit=50)
    assert found and {p.search_rank for p in found} == {RANK_FUZZY}
    assert all("สมชาย" in p.name_search for p in found)
    keys = [(p.sort_key, p.pk) for p in found]
    assert keys == sorted(keys)


def test_a_misspelt_full_name_is_found_through_its_words(district_officer):
    someone = add_person(district_officer, "สมชาย", "ใจดี")
    add_person(district_officer, "สมชาย", "มีสุข")
    assert not search._terms("สมชาบ ใจดี").one_word
    found = person_search(user=district_officer, query="สมชาบ ใจดี")
    assert [(p.pk, p.search_rank) for p in found] == [(someone.pk, RANK_FUZZY)]


@pytest.mark.parametrize("term", ["สมชาย", "somcai", "ใจดีมาก", "abc", "กมล"])
def test_words_one_edit_apart_share_a_deletion_variant(term):
    rng = random.Random(term)
    fuzzy = _one_edit_away(term, search._THAI_LETTERS + search._LATIN_LETTERS)
    patterns = search._one_edit_words(term, fuzzy)
    letters = "กขมลาย" + "abcz"
    words = {term[:i] + ch + term[j:] for i in range(len(term) + 1) for j in (i, i + 1, i + 2)
             for ch in ("", *letters)}  # fmt: skip
    words |= {"".join(rng.sample(term, len(term))) for _ in range(20)}
    for word in words:
        if any(p.fullmatch(word) for p in patterns):
            assert search.word_variants(term) & search.word_variants(word), word


def test_query_count_of_a_misspelt_name_from_the_words(crowd, django_assert_num_queries):
    # The user's roles, the exact and the prefix names, the walk's window, the trigram matches, the
    # fuzzy words (by their variants), the ordered walk of the one word (สมชาย), the records.
    with django_assert_num_queries(8):
        found = person_search(user=crowd, query="สมชาบ")
    assert found

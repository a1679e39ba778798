"""Name search of people and organisations: Thai partial words, typos, romanisation, short
queries, scope, order, odd input, and the index following edits (SQLite FTS5 / pg_trgm)."""

import random
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from concenter.common.search import (
    _THAI_LETTERS,
    MAX_LIMIT,
    RANK_EXACT,
    RANK_FUZZY,
    RANK_PREFIX,
    RANK_SUBSTRING,
    _one_edit_away,
    organization_search,
    person_search,
)
from concenter.common.search_index import search_backend_status
from concenter.common.thai import thai_sorted
from concenter.network.services import organization_create, organization_update
from concenter.people.services import PersonData, person_create, person_update

pytestmark = pytest.mark.django_db

HOME = "710104"  # a subdistrict of district 7101 (Mueang Kanchanaburi)
ELSEWHERE = "710201"  # a subdistrict of district 7102, same province 71


def add_person(actor, given, family="", area_code=HOME, **extra):
    data = PersonData(given_name=given, family_name=family, **extra)
    return person_create(actor=actor, data=data, area_code=area_code, confirm_new=True)


def add_organization(actor, name, area_code=HOME):
    return organization_create(
        actor=actor, area_code=area_code, type_code="savings_group", name=name
    )


def names(people):
    return [p.name_without_title for p in people]


@pytest.fixture
def people(district_officer):
    return {
        "somchai": add_person(district_officer, "สมชาย", "ใจดี"),
        "somsri": add_person(district_officer, "สมศรี", "มีสุข"),
        "manee": add_person(district_officer, "มานี", "รักเรียน"),
    }


# Finding --------------------------------------------------------------------------------------


def test_the_start_of_a_thai_given_name_finds_the_person(district_officer, people):
    assert names(person_search(user=district_officer, query="สมศ")) == ["สมศรี มีสุข"]


def test_part_of_the_family_name_finds_the_person(district_officer, people):
    assert names(person_search(user=district_officer, query="ใจดี")) == ["สมชาย ใจดี"]
    assert names(person_search(user=district_officer, query="ักเรี")) == ["มานี รักเรียน"]


def test_the_full_name_with_a_space_is_an_exact_match(district_officer, people):
    found = person_search(user=district_officer, query="  สมชาย   ใจดี ")
    assert names(found) == ["สมชาย ใจดี"]
    assert found[0].search_rank == RANK_EXACT


def test_one_wrong_thai_character_finds_the_name_after_the_exact_matches(district_officer, people):
    add_person(district_officer, "สมชัย", "ทองคำ")
    found = person_search(user=district_officer, query="สมชัย")
    assert names(found) == ["สมชัย ทองคำ", "สมชาย ใจดี"]
    assert [p.search_rank for p in found] == [RANK_PREFIX, RANK_FUZZY]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("สมศี", "สมศรี มีสุข"),  # a character missing
        ("สมศรรี", "สมศรี มีสุข"),  # a character too many
        ("สมศีร", "สมศรี มีสุข"),  # two characters swapped
        ("มานิ", "มานี รักเรียน"),  # the wrong vowel, last character
        ("มะนี", "มานี รักเรียน"),  # the wrong vowel in the middle of four characters
        ("รักเรีอน", "มานี รักเรียน"),  # a typo inside the family name
    ],
)
def test_small_misspellings_still_find_the_name(district_officer, people, query, expected):
    assert names(person_search(user=district_officer, query=query)) == [expected]


def test_two_wrong_characters_find_nothing(district_officer, people):
    assert person_search(user=district_officer, query="สนชัย") == []


def test_romanised_input_finds_the_thai_name(district_officer, people):
    for query in ("somchai", "Somchay", "SOM CHAI", "somchai jaidee"):
        assert "สมชาย ใจดี" in names(person_search(user=district_officer, query=query)), query


def test_a_romanised_typo_is_a_fuzzy_match(district_officer, people):
    found = person_search(user=district_officer, query="somchia")  # swapped letters
    assert names(found) == ["สมชาย ใจดี"]
    assert found[0].search_rank == RANK_FUZZY


def test_the_english_name_is_searchable(district_officer):
    add_person(district_officer, "วิชัย", "บุญมี", given_name_en="Vichai", family_name_en="Boonmee")
    assert names(person_search(user=district_officer, query="wichai bunmee")) == ["วิชัย บุญมี"]


def test_a_short_query_matches_the_start_of_the_name_only(district_officer, people):
    add_person(district_officer, "ส", "")  # a one-letter name: exact first
    assert names(person_search(user=district_officer, query="ส")) == [
        "ส",
        "สมชาย ใจดี",
        "สมศรี มีสุข",
    ]
    assert names(person_search(user=district_officer, query="มา")) == ["มานี รักเรียน"]
    # "ดี" is inside สมชาย ใจดี, but a 2-character query is a prefix search.
    assert person_search(user=district_officer, query="ดี") == []


# Order ----------------------------------------------------------------------------------------


def test_exact_then_prefix_then_substring_then_fuzzy(district_officer):
    add_person(district_officer, "ทองดี", "")  # exact
    add_person(district_officer, "ทองดีมา", "")  # prefix
    add_person(district_officer, "มณี", "ทองดี")  # substring
    add_person(district_officer, "ทองคี", "")  # one wrong character
    found = person_search(user=district_officer, query="ทองดี")
    assert names(found) == ["ทองดี", "ทองดีมา", "มณี ทองดี", "ทองคี"]
    assert [p.search_rank for p in found] == [
        RANK_EXACT,
        RANK_PREFIX,
        RANK_SUBSTRING,
        RANK_FUZZY,
    ]


def test_ties_are_in_thai_dictionary_order(district_officer):
    for given in ("ขวัญ", "ไก่แก้ว", "กมล", "เกษม"):
        add_person(district_officer, given, "ทองแท้")
    found = names(person_search(user=district_officer, query="ทองแท้"))
    # Leading vowels sort by the consonant after them: not code-point order.
    assert found == ["กมล ทองแท้", "เกษม ทองแท้", "ไก่แก้ว ทองแท้", "ขวัญ ทองแท้"]
    assert found == thai_sorted(found)
    assert found != sorted(found)


def test_pages_follow_each_other_across_ranks(district_officer):
    for given in ("กมล", "ขวัญ", "คำ", "งาม", "จันทร์"):
        add_person(district_officer, given, "ศรีสุข")  # substring
    for given in ("ชื่น", "ดวง", "เดือน"):
        add_person(district_officer, given, "ศรีสุก")  # one wrong character
    everything = person_search(user=district_officer, query="ศรีสุข", limit=50)
    assert len(everything) == 8
    assert [p.search_rank for p in everything] == [RANK_SUBSTRING] * 5 + [RANK_FUZZY] * 3
    for size in (1, 2, 3, 5, 7):
        paged = []
        for offset in range(0, 10, size):
            paged += person_search(user=district_officer, query="ศรีสุข", limit=size, offset=offset)
        assert [p.pk for p in paged] == [p.pk for p in everything], size


def test_the_limit_is_capped_and_odd_paging_values_are_harmless(district_officer, people):
    assert len(person_search(user=district_officer, query="สม", limit=10**9)) == 2
    assert person_search(user=district_officer, query="สม", limit=0) == []
    assert person_search(user=district_officer, query="สม", limit=-5) == []
    assert names(person_search(user=district_officer, query="สม", offset=-3)) == [
        "สมชาย ใจดี",
        "สมศรี มีสุข",
    ]
    assert MAX_LIMIT <= 200


# Scope ----------------------------------------------------------------------------------------


def test_search_stays_within_the_readers_scope(district_officer, province_officer):
    add_person(province_officer, "สมหญิง", "ไทรโยค", area_code=ELSEWHERE)
    add_person(district_officer, "สมหมาย", "เมืองกาญ")
    assert names(person_search(user=district_officer, query="สมห")) == ["สมหมาย เมืองกาญ"]
    assert names(person_search(user=district_officer, query="สมหญิง")) == []
    assert names(person_search(user=district_officer, query="ส")) == ["สมหมาย เมืองกาญ"]
    assert names(person_search(user=province_officer, query="สมห")) == [
        "สมหญิง ไทรโยค",
        "สมหมาย เมืองกาญ",
    ]


def test_a_viewer_reads_the_province(viewer, province_officer):
    add_person(province_officer, "สมหญิง", "ไทรโยค", area_code=ELSEWHERE)
    assert names(person_search(user=viewer, query="สมหญ")) == ["สมหญิง ไทรโยค"]


def test_anonymous_and_scopeless_users_find_nothing(people, national_admin):
    from tests.conftest import make_user

    assert person_search(user=AnonymousUser(), query="สมชาย") == []
    assert person_search(user=None, query="สมชาย") == []
    assert person_search(user=make_user("nobody"), query="สมชาย") == []
    assert names(person_search(user=national_admin, query="สมชาย")) == ["สมชาย ใจดี"]


# Odd input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "\x00",
        "ส" * 1000,
        "สมชาย" * 200,
        "a" * 1000,
        "%",
        "%%%",
        "_",
        "___",
        "\\",
        '"',
        '"สม"ศ',
        "' OR 1=1 --",
        "สม*",
        "NEAR(สม ศรี)",
        "สม AND ศรี",
        "{name_search}: สม",
        "\ud800สมศ",  # a lone surrogate (possible from JSON)
        "\u200b\u200b",
        "😀😀😀",
        None,
    ],
)
def test_odd_input_gives_a_sane_result(district_officer, people, query):
    found = person_search(user=district_officer, query=query)
    assert isinstance(found, list)
    assert len(found) <= 1  # wildcards and operators are plain text, never "everything"
    assert organization_search(user=district_officer, query=query) is not None


def test_control_characters_are_ignored(district_officer, people):
    assert names(person_search(user=district_officer, query="\x00ส\x07มศ\u200b")) == ["สมศรี มีสุข"]
    assert names(person_search(user=district_officer, query="\tสม\nศรี\r")) == ["สมศรี มีสุข"]


def test_like_wildcards_in_the_query_are_literal(district_officer, people):
    add_person(district_officer, "สม_ศรี", "")
    assert names(person_search(user=district_officer, query="สม_ศ")) == ["สม_ศรี"]
    assert person_search(user=district_officer, query="สม%ศ") == []


# The index follows edits ----------------------------------------------------------------------


def test_a_renamed_person_is_found_by_the_new_name_only(district_officer, people):
    person = people["manee"]
    person_update(
        actor=district_officer,
        person_id=person.pk,
        expected_version=person.version,
        data=PersonData(given_name="ปิติ", family_name="พากเพียร"),
        area_code=HOME,
    )
    assert names(person_search(user=district_officer, query="ปิติ")) == ["ปิติ พากเพียร"]
    assert names(person_search(user=district_officer, query="พากเพ")) == ["ปิติ พากเพียร"]
    assert names(person_search(user=district_officer, query="piti")) == ["ปิติ พากเพียร"]
    assert person_search(user=district_officer, query="มานี") == []
    assert person_search(user=district_officer, query="รักเรียน") == []
    assert person_search(user=district_officer, query="mani") == []


def test_a_deleted_person_leaves_the_index(district_officer, people):
    from concenter.people.models import Person

    Person.objects.filter(pk=people["somsri"].pk).delete()
    assert person_search(user=district_officer, query="สมศรี") == []
    assert names(person_search(user=district_officer, query="สม")) == ["สมชาย ใจดี"]


# Organisations --------------------------------------------------------------------------------


@pytest.fixture
def organizations(district_officer, province_officer):
    return {
        "savings": add_organization(district_officer, "กลุ่มออมทรัพย์บ้านท่ามะขาม"),
        "weavers": add_organization(district_officer, "กลุ่มทอผ้าบ้านหนองบัว"),
        "saiyok": add_organization(province_officer, "กลุ่มออมทรัพย์ไทรโยค", area_code=ELSEWHERE),
    }


def _org_names(found):
    return [o.name for o in found]


def test_organizations_by_part_of_the_name_within_scope(
    district_officer, province_officer, organizations
):
    assert _org_names(organization_search(user=district_officer, query="ท่ามะขาม")) == [
        "กลุ่มออมทรัพย์บ้านท่ามะขาม"
    ]
    assert _org_names(organization_search(user=district_officer, query="ออมทรัพย์")) == [
        "กลุ่มออมทรัพย์บ้านท่ามะขาม"
    ]
    # ไทรโยค sorts under ท, before บ้าน
    assert _org_names(organization_search(user=province_officer, query="ออมทรัพย์")) == [
        "กลุ่มออมทรัพย์ไทรโยค",
        "กลุ่มออมทรัพย์บ้านท่ามะขาม",
    ]
    assert organization_search(user=AnonymousUser(), query="ออมทรัพย์") == []


def test_organizations_by_typo_romanisation_and_short_query(district_officer, organizations):
    assert _org_names(organization_search(user=district_officer, query="หนองบัง")) == [
        "กลุ่มทอผ้าบ้านหนองบัว"
    ]
    assert _org_names(organization_search(user=district_officer, query="nong bua")) == [
        "กลุ่มทอผ้าบ้านหนองบัว"
    ]
    assert _org_names(organization_search(user=district_officer, query="กล")) == [
        "กลุ่มทอผ้าบ้านหนองบัว",
        "กลุ่มออมทรัพย์บ้านท่ามะขาม",
    ]


def test_a_renamed_organization_is_found_by_the_new_name_only(district_officer, organizations):
    organization = organizations["weavers"]
    organization_update(
        actor=district_officer,
        organization_id=organization.pk,
        expected_version=organization.version,
        name="กลุ่มจักสานบ้านหนองบัว",
    )
    assert _org_names(organization_search(user=district_officer, query="จักสาน")) == [
        "กลุ่มจักสานบ้านหนองบัว"
    ]
    assert organization_search(user=district_officer, query="ทอผ้า") == []


# The "one edit away" patterns, checked against a plain Python definition -----------------------


def _like_regex(pattern):
    out, i = "", 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out += re.escape(pattern[i + 1])
            i += 2
            continue
        out += ".*" if ch == "%" else "." if ch == "_" else re.escape(ch)
        i += 1
    return re.compile(out, re.DOTALL)


def _one_edit_inside(term, name):
    """Does `name` contain a string one edit from `term` (wrong or swapped character for
    terms of ≥ 4, missing inside for ≥ 3, extra for ≥ 5)?"""
    n = len(term)
    for i in range(len(name) + 1):
        for j in range(i, len(name) + 1):
            part = name[i:j]
            if len(part) == n and n >= 4:
                diff = [k for k in range(n) if part[k] != term[k]]
                if len(diff) == 1 or (
                    len(diff) == 2
                    and diff[1] == diff[0] + 1
                    and part[diff[0]] == term[diff[1]]
                    and part[diff[1]] == term[diff[0]]
                ):
                    return True
            if len(part) == n + 1 and any(part[:k] + part[k + 1 :] == term for k in range(1, n)):
                return True
            if (
                len(part) == n - 1
                and n >= 5
                and any(term[:k] + term[k + 1 :] == part for k in range(n))
            ):
                return True
    return False


@pytest.mark.parametrize("selective_length", [3, 4])
def test_one_edit_away_finds_exactly_the_names_one_edit_away(selective_length):
    rng = random.Random(2024)
    letters = "กขคงมนสาิี่ใ"
    positives = 0
    for _ in range(3000):
        term = "".join(rng.choice(letters) for _ in range(rng.randint(3, 10)))
        fuzzy = _one_edit_away(term, _THAI_LETTERS, selective_length)
        patterns = [_like_regex(p) for p in fuzzy.patterns]
        for name in (
            "".join(rng.choice(letters) for _ in range(rng.randint(2, 12))),
            _an_edit_of(rng, term, letters),
        ):
            if term in name:
                continue
            expected = _one_edit_inside(term, name)
            positives += expected
            assert any(p.fullmatch(name) for p in patterns) == expected, (term, name)
            if expected:  # and the index lookup lets it through
                assert any(
                    all(part in name for part in test) for group in fuzzy.groups for test in group
                ), (term, name)
    assert positives > 1000


def _an_edit_of(rng, term, letters):
    i = rng.randrange(len(term))
    edited = rng.choice(
        [
            term[:i] + rng.choice(letters) + term[i + 1 :],
            term[:i] + rng.choice(letters) + term[i:],
            term[:i] + term[i + 1 :],
            term[:i] + term[i + 1 : i + 2] + term[i] + term[i + 2 :],
        ]
    )
    return "".join(rng.choice(letters) for _ in range(2)) + edited + rng.choice(letters)


# Backend --------------------------------------------------------------------------------------


def test_the_backend_reports_a_working_thai_index():
    status = search_backend_status()
    assert status["vendor"] == connection.vendor
    assert status["thai_trigrams"] is True, status
    assert status["index_ok"] is True, status
    assert status["problems"] == []


def _fts_trigger_present() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = %s",
            ["people_person_fts_ai"],
        )
        return cursor.fetchone()[0] == 1


def test_people_imported_in_bulk_are_found_and_the_index_trigger_is_back(
    district_officer, tmp_path
):
    from concenter.exchange.services import import_run

    path = tmp_path / "people.csv"
    path.write_text(
        "ชื่อ,นามสกุล,รหัสพื้นที่\nบุญเรือน,ทองประเสริฐ,710104\nสายสุนีย์,ศรีวงศ์,710104\n",
        encoding="utf-8",
    )
    result = import_run(actor=district_officer, kind="people", path_or_file=path)
    assert result.created == 2
    assert names(person_search(user=district_officer, query="ทองประเส")) == ["บุญเรือน ทองประเสริฐ"]
    assert names(person_search(user=district_officer, query="sisuni")) == ["สายสุนีย์ ศรีวงศ์"]
    if connection.vendor == "sqlite":
        assert _fts_trigger_present()
    # A person added one at a time afterwards is indexed by the trigger again.
    add_person(district_officer, "ละเอียด", "พรหมมา")
    assert names(person_search(user=district_officer, query="พรหมม")) == ["ละเอียด พรหมมา"]


def test_a_failed_bulk_insert_leaves_the_index_trigger_in_place(district_officer):
    from django.db import IntegrityError, transaction

    from concenter.common.search_index import insert_indexed
    from concenter.people.models import Person

    def failing_insert():
        raise IntegrityError("boom")

    with pytest.raises(IntegrityError), transaction.atomic():
        insert_indexed(Person, failing_insert)
    if connection.vendor == "sqlite":
        assert _fts_trigger_present()


def test_short_queries_page_through_exact_then_prefix_matches_in_thai_order(district_officer):
    """The two-query path for 1–2 characters gives what one ordered query over every match
    would: exact names first, then the names that start with the query, in Thai order (leading
    vowels, tone marks and Latin names included), page after page."""
    from concenter.people.models import Person

    rng = random.Random(7)
    givens = ["ส", "สม", "สมชาย", "สมเกียรติ", "สมศรี", "สุดา", "ส้มโอ", "เสาวลักษณ์", "แสง",
              "สะอาด", "สามารถ", "สิทธิ", "sam", "Somchai", "สฤษดิ์", "สํา", "เกียรติ", "เกศินี",
              "ไก่แก้ว", "กมล", "เสาวนีย์", "แสงเดือน", "โสภา"]  # fmt: skip
    for given in givens:
        add_person(district_officer, given, rng.choice(["ใจดี", "ศรีสุข", "", "Boonmee"]))
    for query in ("ส", "สม", "สุ", "เส", "แส", "เก", "ไก", "โส", "เ", "ก", "s", "so", "ส้", "สำ"):
        name = query.replace(" ", "").lower()
        expected = sorted(
            (p for p in Person.objects.all() if p.name_search.startswith(name)),
            key=lambda p: (p.name_search != name, p.sort_key, p.pk),
        )
        everything = person_search(user=district_officer, query=query, limit=50)
        assert [p.pk for p in everything] == [p.pk for p in expected], query
        assert [p.search_rank for p in everything] == [
            RANK_EXACT if p.name_search == name else RANK_PREFIX for p in expected
        ]
        for size in (1, 2, 3):
            paged = []
            for offset in range(0, len(expected) + 2, size):
                paged += person_search(
                    user=district_officer, query=query, limit=size, offset=offset
                )
            assert [p.pk for p in paged] == [p.pk for p in expected], (query, size)

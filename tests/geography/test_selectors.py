import pytest

from concenter.geography.selectors import area_search

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query",
    [
        "Kanchanaburi",
        "kanchanaburi",
        "จ.กาญจนบุรี",
        "กาญจนบุรี",
        "จังหวัดกาญจนบุรี",
        "จ. กาญจนบุรี",
        "Kanchanaburi Province",
        "  KANCHANABURI  ",
    ],
)
def test_kanchanaburi_is_found_first(query):
    results = area_search(query=query)
    assert results[0].code == "71"


@pytest.mark.parametrize(
    ("query", "code"),
    [
        pytest.param("อ.เมืองกาญจนบุรี", "7101", id="district-short-form"),
        pytest.param("อำเภอเมือง กาญจนบุรี", "7101", id="district-with-space"),
        pytest.param("Mueang Kanchanaburi", "7101", id="district-english"),
        pytest.param("ต.ท่ามะขาม", "710104", id="subdistrict-short-form"),
        pytest.param("ตำบลท่ามะขาม", "710104", id="subdistrict-long-form"),
        pytest.param("tha makham", "710104", id="subdistrict-english-lower"),
        pytest.param("เขตบางรัก", "1004", id="bangkok-khet"),
    ],
)
def test_level_words_and_spaces_do_not_matter(query, code):
    assert code in [area.code for area in area_search(query=query)[:5]]


def test_exact_name_ranks_before_prefix_before_contains():
    results = [area.code for area in area_search(query="ท่ามะขาม", limit=50)]
    exact = [code for code in results if code == "710104"]
    assert exact and results.index("710104") < 3
    names = [area.search_th for area in area_search(query="ท่ามะขาม", limit=50)]
    ranks = [0 if name == "ท่ามะขาม" else 1 if name.startswith("ท่ามะขาม") else 2 for name in names]
    assert ranks == sorted(ranks)


def test_code_prefix_finds_the_area():
    assert area_search(query="7101")[0].code == "7101"


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("ก" * 1000, id="thousand-chars"),
        pytest.param("\x00\x01\x02\x1f", id="control"),
        pytest.param("", id="empty"),
        pytest.param("%_%", id="like-wildcards"),
    ],
)
def test_odd_queries_give_a_sane_answer(query):
    results = area_search(query=query)
    assert isinstance(results, list)
    assert len(results) <= 20
    if query == "%_%":
        assert results == []


@pytest.mark.parametrize("code", ["71", "7101", "710104", "71010401", "10", "1001"])
def test_an_area_comes_with_every_area_above_it_in_one_query(code, django_assert_num_queries):
    from concenter.geography.models import Area
    from concenter.geography.selectors import area_ancestors, area_get

    if code == "71010401":
        Area.objects.create(code=code, level="village", parent_id="710104", province_code="71",
                            district_code="7101", subdistrict_code="710104", village_number=1,
                            name_th="บ้านหนึ่ง")  # fmt: skip
    expected = Area.objects.select_related("parent__parent__parent").get(code=code)
    with django_assert_num_queries(1):
        area = area_get(code=code)
        chain = [*area_ancestors(area), area]
    walk, wanted = [], expected
    while wanted is not None:
        walk.append(wanted)
        wanted = wanted.parent
    assert [a.code for a in chain] == [a.code for a in reversed(walk)]
    assert [fields(a) for a in chain] == [fields(a) for a in reversed(walk)]


def fields(area) -> dict:
    return {k: v for k, v in area.__dict__.items() if k != "_state"}


@pytest.mark.parametrize("code", ["", "7", "99", "719999", "7101010101", "71%"])
def test_an_unknown_area_is_not_found(code):
    from concenter.common.errors import NotFoundOrOutOfScope
    from concenter.geography.selectors import area_get

    with pytest.raises(NotFoundOrOutOfScope):
        area_get(code=code)

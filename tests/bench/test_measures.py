"""The measures that run inside a database process, here on the test database."""

import pytest
from django.utils import timezone

from concenter.bench import awards, dashboards, documents, search
from concenter.network.rollups import area_figures
from concenter.synth.run import synth

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def test_floor_sql_gives_the_figures_of_the_rollups():
    synth(scale="tiny", seed=5, audit_writes=False)
    today = timezone.localdate()
    for code in ("TH", "71", "7101"):
        sql, params = dashboards.floor_query(code, today)
        centers, committees, seats, organizations, members, funds, people = dashboards._run_sql(
            sql, params
        )[0]
        figures = area_figures(code, on=today)
        assert centers == figures.centers
        assert committees == figures.centers_with_valid_committee
        assert seats == figures.seats_filled
        assert organizations == figures.organizations
        assert members == figures.members
        assert people == figures.total("people")
        assert funds == figures.funds


def test_search_queries_are_of_four_kinds_and_deterministic(national_admin):
    synth(scale="tiny", seed=5, audit_writes=False)
    queries = search.make_queries(count=20, seed=3)
    assert queries == search.make_queries(count=20, seed=3)
    assert [k for k, _ in queries[:4]] == ["thai", "romanised", "misspelt", "short"]
    assert all(len(q) <= 2 for k, q in queries if k == "short")
    assert all(q.isascii() for k, q in queries if k == "romanised")
    result = search.measure(national_admin, queries=queries)
    assert result["queries"] == 20
    assert result["found_share"]["thai"] == 1.0  # names taken from the database are found


def test_misspelling_changes_one_letter():
    import random

    rng = random.Random(1)
    for _ in range(50):
        word = "สมศักดิ์"
        wrong = search._misspell(rng, word)
        assert wrong != word or len(set(word)) < len(word)
        assert abs(len(wrong) - len(word)) <= 1


def test_award_results_of_a_synthetic_programme():
    result = awards.measure(nominations=300, judges=7, criteria=6, repeat=1)
    assert result["scorecards"] == 2100
    for mode in ("raw", "normalized"):
        assert result[mode]["ranked"] > 250
        assert result[mode]["selected"] + 0 <= 20


def test_certificates_are_one_pdf_page_each():
    result = documents.measure(plaques=1, certificates=3)
    assert result["certificates"]["pages"] == 3
    assert result["plaques"]["count"] == 1 and result["plaques"]["bytes"] > 1000

"""The results workbook: the ranking, every scorecard and the ties, with formula-like text
neutralised (a cell starting with = + - @ must never become a formula)."""

import io
import zipfile

import pytest
from python_calamine import CalamineWorkbook

from concenter.awards import services
from concenter.awards.exports import neutralize, results_workbook
from concenter.awards.models import Nomination, Programme
from concenter.awards.results import programme_results
from tests.awards import helpers as h

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+66 81 234 5678", "'+66 81 234 5678"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("นายสมชาย ใจดี", "นายสมชาย ใจดี"),
        (None, ""),
    ],
    ids=["equals", "plus", "minus", "at", "tab", "thai-name", "none"],
)
def test_text_that_starts_a_formula_is_neutralised(text, expected):
    assert neutralize(text) == expected


def test_the_workbook_holds_the_ranking_the_scorecards_and_safe_text(province_officer):
    programme = h.programme(province_officer, total_quota=1, criteria=(("ผลงาน", "1", "10"),))
    h.to_screening(province_officer, programme)
    evil = h.person(province_officer, given_name="=cmd|' /C calc'!A0", family_name="")
    good = h.person(province_officer, given_name="สมชาย", family_name="ใจดี")
    first = h.nominate(province_officer, programme, good)
    second = h.nominate(province_officer, programme, evil)
    h.close(province_officer, programme)
    h.screen_all(province_officer, programme)
    judge = h.judge()
    h.add_panel(province_officer, programme, [judge])
    services.programme_judging_start(actor=province_officer, programme_id=programme.pk)
    h.score(judge, first, ["9"])
    services.scorecard_save(
        actor=judge,
        nomination_id=second.pk,
        scores={programme.criteria.get().pk: "6"},
        comment="@bad",
    )
    services.scorecard_submit(actor=judge, nomination_id=second.pk)
    services.programme_results_compute(actor=province_officer, programme_id=programme.pk)
    content = results_workbook(programme_results(Programme.objects.get(pk=programme.pk)))
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    results = book.get_sheet_by_index(0).to_python()
    cards = book.get_sheet_by_index(1).to_python()
    assert results[0][0] == programme.title
    ranking = {row[1]: row for row in results[3:]}
    assert ranking["สมชาย ใจดี"][0] == 1 and ranking["สมชาย ใจดี"][3] == 90.0
    assert "'=cmd|' /C calc'!A0" in ranking
    assert any(row[-1] == "'@bad" for row in cards[1:])
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not any(b"<f>" in sheet for sheet in sheets)  # no formula anywhere
    assert Nomination.objects.get(pk=first.pk).selected

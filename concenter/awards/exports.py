"""The results as an XLSX workbook (xlsxwriter): the ranking, every scorecard behind it, the
ties and the committee's decisions. Text that a spreadsheet could take for a formula (starting
with = + - @, a tab or a carriage return) is written with a leading apostrophe."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from concenter.awards.results import IgnoredReason, ProgrammeResults
from concenter.awards.templatetags.awards import plain

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: object) -> str:
    """A cell's text, with a leading apostrophe when it would start a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _ignored_label(reason: str | None) -> str:
    return {
        None: _("Counted"),
        IgnoredReason.CONFLICT: _("Not counted: conflict of interest"),
        IgnoredReason.NOT_SUBMITTED: _("Not counted: not submitted"),
        IgnoredReason.INCOMPLETE: _("Not counted: incomplete"),
    }[reason]


def results_workbook(outcome: ProgrammeResults) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    )
    bold = book.add_format({"bold": True})
    score = book.add_format({"num_format": "0.0000"})
    programme = outcome.programme
    results = outcome.results

    def text(sheet, row: int, column: int, value, style=None) -> None:
        sheet.write_string(row, column, neutralize(value), *((style,) if style else ()))

    def number(sheet, row: int, column: int, value) -> None:
        if value is None:
            sheet.write_blank(row, column, None)
        else:
            sheet.write_number(row, column, float(value), score)

    # Ranking --------------------------------------------------------------------------------
    sheet = book.add_worksheet(_("Results")[:31])
    text(sheet, 0, 0, programme.title, bold)
    headers = [
        _("Rank"),
        _("Nominee"),
        _("Category"),
        _("Final score"),
        _("Median"),
        _("Scorecards"),
        _("Selected"),
        _("Selected by"),
        _("Tied with"),
    ]
    for column, header in enumerate(headers):
        text(sheet, 2, column, header, bold)
    line = 3
    for row, nomination in outcome.rows + outcome.not_rankable:
        if row.rank:
            sheet.write_number(line, 0, row.rank)
        else:
            text(sheet, line, 0, _("Not rankable"))
        text(sheet, line, 1, nomination.nominee_name)
        text(sheet, line, 2, nomination.category.name if nomination.category_id else "")
        number(sheet, line, 3, row.final_score)
        number(sheet, line, 4, row.median)
        sheet.write_number(line, 5, row.scorecard_count)
        text(sheet, line, 6, _("Yes") if row.selected else "")
        text(sheet, line, 7, row.selected_by or "")
        text(
            sheet,
            line,
            8,
            ", ".join(outcome.nominations[n].nominee_name for n in sorted(row.tied_with)),
        )
        line += 1
    sheet.set_column(1, 1, 36)
    sheet.set_column(2, 2, 24)
    sheet.set_column(8, 8, 40)

    # Scorecards -------------------------------------------------------------------------------
    cards = book.add_worksheet(_("Scorecards")[:31])
    headers = [_("Nominee"), _("Judge")] + [
        f"{c.name} (/{plain(c.max_score)} ×{plain(c.weight)})" for c in outcome.criteria
    ]
    headers += [_("Weighted score (0–100)"), _("z-score"), _("Counted"), _("Comment")]
    for column, header in enumerate(headers):
        text(cards, 0, column, header, bold)
    line = 1
    for nomination_id, views in outcome.cards.items():
        for view in views:
            text(cards, line, 0, outcome.nominations[nomination_id].nominee_name)
            text(cards, line, 1, str(view.judge.user))
            for column, criterion in enumerate(outcome.criteria, start=2):
                number(cards, line, column, view.scores.get(criterion.pk))
            base = 2 + len(outcome.criteria)
            number(cards, line, base, view.weighted)
            number(cards, line, base + 1, view.normalized)
            text(cards, line, base + 2, _ignored_label(view.ignored))
            text(cards, line, base + 3, view.card.comment)
            line += 1
    cards.set_column(0, 1, 28)

    # Ties and decisions ----------------------------------------------------------------------
    ties = book.add_worksheet(_("Ties")[:31])
    for column, header in enumerate(
        [
            _("Stage"),
            _("Tied nominations"),
            _("Places"),
            _("Decision"),
            _("Reason"),
            _("Recorded by"),
        ]
    ):
        text(ties, 0, column, header, bold)
    line = 1
    for tie in results.pending_ties:
        text(ties, line, 0, outcome.tie_label(tie))
        text(ties, line, 1, ", ".join(n.nominee_name for n in outcome.tie_nominations(tie)))
        ties.write_number(line, 2, tie.places)
        text(ties, line, 3, _("Waiting for the committee's decision"))
        line += 1
    names = {n.pk: n.nominee_name for n in outcome.nominations.values()}
    for decision in outcome.decisions:
        text(ties, line, 0, decision.get_stage_display())
        text(ties, line, 1, ", ".join(names.get(i, str(i)) for i in decision.nomination_ids))
        ties.write_number(line, 2, len(decision.selected_ids))
        text(
            ties,
            line,
            3,
            _("Selected: %(names)s")
            % {"names": ", ".join(names.get(i, str(i)) for i in decision.selected_ids)},
        )
        text(ties, line, 4, decision.reason)
        text(ties, line, 5, str(decision.decided_by or ""))
        line += 1
    ties.set_column(1, 1, 50)
    ties.set_column(4, 4, 50)
    book.close()
    return buffer.getvalue()

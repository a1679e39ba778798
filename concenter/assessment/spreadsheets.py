"""Rounds and results to and from XLSX, in Thai, as the other imports are.

The export holds two sheets: the results (one row per center: status, scores by dimension,
score from the records) and the answers (one row per center and indicator). The answers sheet
comes back as an import: the levels, figures, notes and links typed into it are saved through
the same service as the web form (services.assessment_answers_save), for every center or none,
and a refusal names the row and the column.
"""

import io
import tempfile
from collections import defaultdict
from pathlib import Path

import xlsxwriter
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from concenter.assessment import services
from concenter.assessment.models import (
    Answer,
    Assessment,
    AssessmentStatus,
    Dimension,
    Indicator,
    Round,
    ScoringKind,
)
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.exchange.columns import ImportFileError
from concenter.exchange.readers import open_workbook

RESULTS_SHEET = "ผลการประเมิน"
ANSWERS_SHEET = "คำตอบ"
# The columns of the answers sheet: the file's own Thai headings (its format, in any language).
CENTER_CODE = "รหัสศูนย์"
CENTER_NAME = "ชื่อศูนย์"
INDICATOR_CODE = "ตัวชี้วัด"
INDICATOR_TEXT = "ข้อความตัวชี้วัด"
LEVEL = "ระดับ (1-5)"
FIGURE = "ตัวเลข"
DATA_LEVEL = "ระดับจากข้อมูล"
DATA_FIGURE = "ตัวเลขจากข้อมูล"
NOTE = "หลักฐานและหมายเหตุ"
LINK = "ลิงก์เอกสารหรือภาพ"
ANSWER_COLUMNS = (
    CENTER_CODE,
    CENTER_NAME,
    INDICATOR_CODE,
    INDICATOR_TEXT,
    LEVEL,
    FIGURE,
    DATA_LEVEL,
    DATA_FIGURE,
    NOTE,
    LINK,
)
MAX_IMPORT_ROWS = 20000


def _text(sheet, row: int, column: int, value) -> None:
    """Text is written as text: a value such as "=HYPERLINK(…)" is never a formula."""
    sheet.write_string(row, column, "" if value is None else str(value))


def _number(sheet, row: int, column: int, value) -> None:
    if value is None:
        sheet.write_blank(row, column, None)
    else:
        sheet.write_number(row, column, float(value))


def round_xlsx(assessment_round: Round, assessments: QuerySet[Assessment]) -> bytes:
    """The results and answers of the given assessments (the caller scoped them)."""
    assessments = list(assessments.select_related("center").order_by("area_id"))
    dimensions = list(
        Dimension.objects.filter(template=assessment_round.template).order_by("number")
    )
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True})
    results = book.add_worksheet(RESULTS_SHEET)
    headings = [
        CENTER_CODE,
        CENTER_NAME,
        "สถานะ",
        "คะแนนประเมินตนเอง",
        "คะแนนจากข้อมูล",
        *[f"มิติที่ {d.number} {d.name}" for d in dimensions],
    ]
    for column, heading in enumerate(headings):
        results.write_string(0, column, heading, bold)
    for row, assessment in enumerate(assessments, start=1):
        _text(results, row, 0, assessment.center_id)
        _text(results, row, 1, assessment.center.name)
        _text(results, row, 2, AssessmentStatus(assessment.status).label)
        _number(results, row, 3, assessment.score)
        _number(results, row, 4, assessment.data_score)
        for offset, dimension in enumerate(dimensions, start=5):
            value = (assessment.dimension_scores or {}).get(str(dimension.pk), {}).get("self")
            _number(results, row, offset, value)
    results.set_column(0, 0, 10)
    results.set_column(1, 1, 36)
    results.set_column(2, len(headings), 16)
    answers = book.add_worksheet(ANSWERS_SHEET)
    for column, heading in enumerate(ANSWER_COLUMNS):
        answers.write_string(0, column, heading, bold)
    row = 1
    for answer in (
        Answer.objects.filter(assessment__in=[a.pk for a in assessments])
        .select_related("assessment__center", "indicator__dimension")
        .order_by("assessment__area_id", "indicator__dimension__number", "indicator__number")
    ):
        _text(answers, row, 0, answer.assessment.center_id)
        _text(answers, row, 1, answer.assessment.center.name)
        _text(answers, row, 2, answer.indicator.code)
        _text(answers, row, 3, answer.indicator.text)
        _number(
            answers, row, 4, answer.level if answer.indicator.kind == ScoringKind.LEVELS else None
        )
        _number(answers, row, 5, answer.figure)
        _number(answers, row, 6, answer.data_level)
        _number(answers, row, 7, answer.data_figure)
        _text(answers, row, 8, answer.note)
        _text(answers, row, 9, answer.link)
        row += 1
    answers.set_column(0, 0, 10)
    answers.set_column(1, 1, 30)
    answers.set_column(3, 3, 60)
    answers.set_column(8, 9, 40)
    book.close()
    return buffer.getvalue()


def _cell(cells: list, index: int | None):
    if index is None or index >= len(cells):
        return None
    value = cells[index]
    return value.strip() if isinstance(value, str) else value


def _level(value, row: int) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = None
    if number is None or number != int(number):
        raise ValidationError(
            _("Row %(row)s, column “%(column)s”: write a level from 1 to 5.")
            % {"row": row, "column": LEVEL}
        )
    return int(number)


def _rows_of(upload) -> list[tuple[int, list]]:
    name = getattr(upload, "name", "") or "upload.xlsx"
    with tempfile.TemporaryDirectory(prefix="concenter-assessment-") as folder:
        path = Path(folder) / ("upload" + Path(name).suffix.lower())
        with path.open("wb") as target:
            for chunk in upload.chunks():
                target.write(chunk)
        try:
            workbook = open_workbook(path, name)
        except ImportFileError as exc:
            raise ValidationError(str(exc)) from exc
        sheet = next((s for s in workbook.sheets if s.name == ANSWERS_SHEET), None)
        if sheet is None:
            raise ValidationError(
                _("The file has no sheet named “%(sheet)s”: start from the exported file.")
                % {"sheet": ANSWERS_SHEET}
            )
        rows = []
        for number, cells in sheet.rows:
            rows.append((number, list(cells)))
            if len(rows) > MAX_IMPORT_ROWS:
                raise ValidationError(
                    _("The file has more than %(max)s rows.") % {"max": MAX_IMPORT_ROWS}
                )
        return rows


@transaction.atomic
def answers_import(*, actor, assessment_round: Round, upload) -> int:
    """Save the answers of the sheet: every center's or none. Returns how many assessments
    were saved. A center outside the actor's area, or an assessment that is no longer a draft
    or returned, is refused by its row."""
    rows = _rows_of(upload)
    if not rows:
        raise ValidationError(_("The file is empty."))
    header_row, header = rows[0]
    positions = {str(value).strip(): index for index, value in enumerate(header) if value}
    missing = [c for c in (CENTER_CODE, INDICATOR_CODE, LEVEL) if c not in positions]
    if missing:
        raise ValidationError(
            _("Row %(row)s: the column “%(column)s” is missing.")
            % {"row": header_row, "column": missing[0]}
        )
    indicators = {
        i.code: i
        for i in Indicator.objects.filter(
            dimension__template=assessment_round.template
        ).select_related("dimension")
    }
    by_center: dict[str, list[tuple[int, services.AnswerData]]] = defaultdict(list)
    errors: list[str] = []
    for number, cells in rows[1:]:
        code = str(_cell(cells, positions[CENTER_CODE]) or "").strip()
        indicator_code = str(_cell(cells, positions[INDICATOR_CODE]) or "").strip()
        if not code and not indicator_code:
            continue
        indicator = indicators.get(indicator_code)
        if indicator is None:
            errors.append(
                _("Row %(row)s, column “%(column)s”: there is no indicator %(code)s in this round.")
                % {"row": number, "column": INDICATOR_CODE, "code": indicator_code}
            )
            continue
        try:
            level = _level(_cell(cells, positions[LEVEL]), number)
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        figure = _cell(cells, positions.get(FIGURE))
        by_center[code].append(
            (
                number,
                services.AnswerData(
                    indicator_id=indicator.pk,
                    level=level,
                    figure=figure,
                    note=str(_cell(cells, positions.get(NOTE)) or ""),
                    link=str(_cell(cells, positions.get(LINK)) or ""),
                ),
            )
        )
    saved = 0
    for code, items in by_center.items():
        first_row = items[0][0]
        try:
            assessment = services.assessment_start(
                actor=actor, round_id=assessment_round.pk, center_code=code
            )
            services.assessment_answers_save(
                actor=actor, assessment_id=assessment.pk, answers=[item for _row, item in items]
            )
            saved += 1
        except NotFoundOrOutOfScope:
            errors.append(
                _(
                    "Row %(row)s, column “%(column)s”: the center %(code)s is not one you may assess."
                )
                % {"row": first_row, "column": CENTER_CODE, "code": code}
            )
        except ValidationError as exc:
            errors.extend(
                _("Rows from %(row)s (center %(code)s): %(message)s")
                % {"row": first_row, "code": code, "message": message}
                for message in exc.messages
            )
    if errors:
        raise ValidationError(errors)
    return saved

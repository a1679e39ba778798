"""Rounds and results to XLSX in Thai, and the answers back from it: every row or none, each
refusal named by its row and column."""

import io

import pytest
import xlsxwriter
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from python_calamine import CalamineWorkbook

from concenter.assessment import services, spreadsheets
from concenter.assessment.models import Assessment, AssessmentStatus
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-20T09:15")]


def _sheets(content: bytes) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def _upload(rows: list[list], sheet: str = spreadsheets.ANSWERS_SHEET) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    worksheet = book.add_worksheet(sheet)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            worksheet.write(r, c, value)
    book.close()
    return SimpleUploadedFile("answers.xlsx", buffer.getvalue())


def test_the_export_holds_the_results_and_every_answer_in_thai(province_officer, filled):
    response = client_for(province_officer).get(
        f"/assessment/rounds/{filled.round_id}/results/71/export/"
    )
    assert response.status_code == 200
    sheets = _sheets(response.content)
    results = sheets[spreadsheets.RESULTS_SHEET]
    assert results[0][:3] == ["รหัสศูนย์", "ชื่อศูนย์", "สถานะ"]
    assert results[1][0] == "710104"
    answers = sheets[spreadsheets.ANSWERS_SHEET]
    assert tuple(answers[0]) == spreadsheets.ANSWER_COLUMNS
    assert len(answers) - 1 == filled.answers.count()


def test_the_exported_sheet_comes_back_as_answers(district_officer, filled, assessment_round):
    content = (
        client_for(district_officer)
        .get(f"/assessment/rounds/{assessment_round.pk}/results/7101/export/")
        .content
    )
    rows = _sheets(content)[spreadsheets.ANSWERS_SHEET]
    level_column = rows[0].index(spreadsheets.LEVEL)
    for row in rows[1:]:
        if row[level_column] != "":
            row[level_column] = 5
    rows.append(["710101", "", "1.5", "", 3, "", "", "", "นำเข้าจากไฟล์", ""])
    saved = spreadsheets.answers_import(
        actor=district_officer, assessment_round=assessment_round, upload=_upload(rows)
    )
    assert saved == 2
    filled.refresh_from_db()
    assert filled.answers.get(indicator__dimension__number=1, indicator__number=5).level == 5
    other = Assessment.objects.get(round=assessment_round, center_id="710101")
    answer = other.answers.get(indicator__dimension__number=1, indicator__number=5)
    assert (answer.level, answer.note) == (3, "นำเข้าจากไฟล์")
    assert other.status == AssessmentStatus.DRAFT


def test_a_bad_row_stores_nothing_and_names_its_row_and_column(
    district_officer, filled, assessment_round
):
    rows = [
        list(spreadsheets.ANSWER_COLUMNS),
        ["710104", "", "1.5", "", 2, "", "", "", "", ""],
        ["710104", "", "9.9", "", 2, "", "", "", "", ""],
        ["710104", "", "1.6", "", "มาก", "", "", "", "", ""],
        ["720101", "", "1.5", "", 2, "", "", "", "", ""],
    ]
    with pytest.raises(ValidationError) as refused:
        spreadsheets.answers_import(
            actor=district_officer, assessment_round=assessment_round, upload=_upload(rows)
        )
    text = " ".join(refused.value.messages)
    assert "แถว 3" in text and "9.9" in text
    assert "แถว 4" in text and "ระดับ (1-5)" in text
    assert "720101" in text
    filled.refresh_from_db()
    assert filled.answers.get(indicator__dimension__number=1, indicator__number=5).level == 4
    assert not Assessment.objects.filter(center_id="720101").exists()


def test_a_file_without_the_answers_sheet_is_refused(district_officer, assessment_round):
    with pytest.raises(ValidationError, match="คำตอบ"):
        spreadsheets.answers_import(
            actor=district_officer,
            assessment_round=assessment_round,
            upload=_upload([["x"]], sheet="อื่น"),
        )


def test_the_import_page_tells_the_refusal_and_goes_back(district_officer, assessment_round):
    response = client_for(district_officer).post(
        f"/assessment/rounds/{assessment_round.pk}/import/",
        {"file": _upload([["x"]], sheet="อื่น")},
        follow=True,
    )
    assert response.status_code == 200
    assert "คำตอบ" in response.content.decode()


def test_a_submitted_assessment_is_not_changed_by_an_import(
    editor, district_officer, filled, assessment_round
):
    services.assessment_submit(actor=editor, assessment_id=filled.pk)
    rows = [list(spreadsheets.ANSWER_COLUMNS), ["710104", "", "1.5", "", 1, "", "", "", "", ""]]
    with pytest.raises(ValidationError):
        spreadsheets.answers_import(
            actor=district_officer, assessment_round=assessment_round, upload=_upload(rows)
        )

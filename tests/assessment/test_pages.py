"""The assessment pages: what each role sees and may do, in Thai, with bounded queries."""

import pytest

from concenter.assessment import services
from concenter.assessment.models import AssessmentStatus
from tests.assessment.conftest import full_answers
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-20T09:15")]


@pytest.fixture
def submitted(editor, filled):
    return services.assessment_submit(actor=editor, assessment_id=filled.pk)


def test_the_committee_fills_its_assessment_through_the_form(editor, assessment_round):
    client = client_for(editor)
    response = client.post(f"/assessment/rounds/{assessment_round.pk}/centers/710104/start/")
    assert response.status_code == 302 and response["Location"].endswith("/fill/")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "จากข้อมูลในระบบ" in page.content.decode()
    form = page.context["form"]
    data = {"version": form.initial["version"]}
    for answer, value, _note, _link in form.blocks():
        data[value.html_name] = "5" if answer.indicator.kind == "number" else "4"
    data["note_1.5"] = "มีกติกาเป็นลายลักษณ์อักษร"
    saved = client.post(response["Location"], data)
    assert saved.status_code == 302
    detail = client.get(saved["Location"])
    assert "มีกติกาเป็นลายลักษณ์อักษร" in detail.content.decode()
    assert detail.context["actions"]["submit"] is True
    assert detail.context["actions"]["verify"] is False


def test_a_level_out_of_range_is_shown_on_its_indicator_in_thai(editor, filled):
    client = client_for(editor)
    response = client.post(
        f"/assessment/{filled.pk}/fill/", {"version": filled.version, "level_1.5": "9"}
    )
    assert response.status_code == 422
    assert "level_1.5" in response.context["form"].errors


def test_returning_without_a_reason_is_refused_on_the_page(district_officer, submitted):
    response = client_for(district_officer).post(
        f"/assessment/{submitted.pk}/return/", {"version": submitted.version, "reason": ""}
    )
    assert response.status_code == 422
    assert "reason" in response.context["reason_form"].errors


def test_the_district_verifies_from_the_page(district_officer, submitted):
    response = client_for(district_officer).post(
        f"/assessment/{submitted.pk}/verify/", {"version": submitted.version}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == AssessmentStatus.VERIFIED


def test_a_stale_move_is_refused(district_officer, submitted):
    response = client_for(district_officer).post(
        f"/assessment/{submitted.pk}/verify/", {"version": submitted.version - 1}
    )
    assert response.status_code == 422
    submitted.refresh_from_db()
    assert submitted.status == AssessmentStatus.SUBMITTED


def test_the_round_page_lists_progress_and_late_centers(
    district_officer, submitted, assessment_round, django_assert_max_num_queries
):
    client = client_for(district_officer)
    with django_assert_max_num_queries(20):
        response = client.get(f"/assessment/rounds/{assessment_round.pk}/?area=7101")
    assert response.status_code == 200
    progress = response.context["progress"]
    assert progress.total.centers == 2  # 710101 and 710104 of district 7101
    assert progress.total.submitted == 1


@pytest.mark.clock("2027-01-10T10:00")
def test_after_the_due_date_the_late_centers_are_listed(
    district_officer, submitted, assessment_round
):
    response = client_for(district_officer).get(
        f"/assessment/rounds/{assessment_round.pk}/?area=7101"
    )
    assert [c["code"] for c in response.context["progress"].late] == ["710101"]


def test_the_results_page_ranks_and_shows_the_gap(
    province_officer,
    editor,
    national_admin,
    submitted,
    assessment_round,
    django_assert_max_num_queries,
):
    other = services.assessment_start(
        actor=national_admin, round_id=assessment_round.pk, center_code="710201"
    )
    services.assessment_answers_save(
        actor=national_admin,
        assessment_id=other.pk,
        answers=full_answers(other, level=5, figure="50"),
    )
    services.assessment_submit(actor=national_admin, assessment_id=other.pk)
    client = client_for(province_officer)
    with django_assert_max_num_queries(20):
        response = client.get(f"/assessment/rounds/{assessment_round.pk}/results/71/")
    assert response.status_code == 200
    results = response.context["results"]
    assert [row.assessment.center_id for row in results.rows] == ["710201", "710104"]
    assert results.rows[0].rank == 1
    assert results.spread is not None
    assert all(row.gap is not None for row in results.rows)
    assert len(results.indicators) == other.answers.count()


def test_the_assessment_page_has_bounded_queries(
    district_officer, submitted, django_assert_max_num_queries
):
    client = client_for(district_officer)
    with django_assert_max_num_queries(12):
        response = client.get(f"/assessment/{submitted.pk}/")
    assert response.status_code == 200


def test_the_certificate_is_for_the_top_band_only(
    editor, district_officer, province_officer, assessment_round
):
    assessment = services.assessment_start(
        actor=editor, round_id=assessment_round.pk, center_code="710104"
    )
    services.assessment_answers_save(
        actor=editor,
        assessment_id=assessment.pk,
        answers=full_answers(assessment, level=5, figure="1000"),
    )
    services.assessment_submit(actor=editor, assessment_id=assessment.pk)
    services.assessment_verify(actor=district_officer, assessment_id=assessment.pk)
    client = client_for(province_officer)
    assert client.get(f"/assessment/{assessment.pk}/certificate/").status_code == 404
    services.assessment_approve(actor=province_officer, assessment_id=assessment.pk)
    response = client.get(f"/assessment/{assessment.pk}/certificate/")
    assert response.status_code == 200
    from concenter.common.pdf import pdf_text

    text = pdf_text(response.content)
    # A Thai official document: the score, the year and the date in Thai digits, as the plaques.
    assert "๑๐๐" in text and "ท่ามะขาม" in text
    assert not any(character in text for character in "0123456789")
    english = client_for(province_officer)
    english.cookies["django_language"] = "en"
    text = pdf_text(english.get(f"/assessment/{assessment.pk}/certificate/").content)
    assert "100" in text and "๑๐๐" not in text


def test_the_area_report_of_the_assessment_is_a_pdf_and_a_sheet(province_officer, submitted):
    client = client_for(province_officer)
    pdf = client.get("/dashboard/71/reports/assessment.pdf?fy=2570")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    sheet = client.get("/dashboard/71/reports/assessment.xlsx?fy=2570")
    assert sheet.status_code == 200 and sheet.content[:2] == b"PK"

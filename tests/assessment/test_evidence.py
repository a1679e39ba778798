"""Evidence files of the answers (photos and PDFs, checked by content, kept in the database like
an activity's files) and `concenter assessment_recompute`."""

import io

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from concenter.assessment import services
from concenter.assessment.models import (
    AnswerFile,
    AnswerFileKind,
    Assessment,
    AssessmentStatus,
    DataSource,
    Dimension,
    Indicator,
)
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.common.uploads import MAX_EVIDENCE_BYTES
from tests.activities.helpers import jpeg
from tests.conftest import client_for
from tests.pdfs import MINIMAL_PDF

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-20T09:15")]


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.fixture
def answer(filled):
    return filled.answers.select_related("indicator").order_by("pk").first()


def _approved(filled, editor, district_officer, province_officer) -> Assessment:
    services.assessment_submit(actor=editor, assessment_id=filled.pk)
    services.assessment_verify(actor=district_officer, assessment_id=filled.pk)
    return services.assessment_approve(actor=province_officer, assessment_id=filled.pk)


# Services ----------------------------------------------------------------------------------------


def test_a_photo_and_a_pdf_are_kept_checked_and_audited(editor, district_officer, answer):
    photo = services.answer_file_add(
        actor=editor, answer_id=answer.pk, upload=_upload("meeting.txt", jpeg()), caption="ประชุม"
    )
    document = services.answer_file_add(
        actor=district_officer, answer_id=answer.pk, upload=_upload("rules.pdf", MINIMAL_PDF)
    )
    assert photo.kind == AnswerFileKind.PHOTO and photo.stored_name.endswith(".jpg")
    assert photo.stored_name.startswith(f"assessment/{answer.assessment_id}/")
    assert document.kind == AnswerFileKind.DOCUMENT and document.stored_name.endswith(".pdf")
    assert default_storage.exists(photo.stored_name)
    assert b"PhoneMaker" not in default_storage.open(photo.stored_name).read()  # EXIF dropped
    assert LogEntry.objects.get_for_object(photo).filter(action=LogEntry.Action.CREATE).exists()
    version = Assessment.objects.get(pk=answer.assessment_id).version
    assert version == answer.assessment.version  # the form the committee has open stays valid


def test_a_file_of_another_type_is_refused_naming_the_indicator(editor, answer):
    with pytest.raises(ValidationError) as refused:
        services.answer_file_add(
            actor=editor, answer_id=answer.pk, upload=_upload("photo.jpg", b"MZ\x90\x00" * 200)
        )
    assert answer.indicator.code in refused.value.message_dict["file"][0]
    assert not AnswerFile.objects.exists()


def test_a_file_too_large_is_refused(editor, answer):
    content = b"%PDF-1.4\n" + b"0" * MAX_EVIDENCE_BYTES
    with pytest.raises(ValidationError) as refused:
        services.answer_file_add(
            actor=editor, answer_id=answer.pk, upload=_upload("big.pdf", content)
        )
    assert "file" in refused.value.message_dict
    assert not AnswerFile.objects.exists()


def test_out_of_scope_is_not_found(other_district_officer, viewer, answer):
    for user in (other_district_officer, viewer):
        with pytest.raises(NotFoundOrOutOfScope):
            services.answer_file_add(
                actor=user, answer_id=answer.pk, upload=_upload("a.pdf", MINIMAL_PDF)
            )


def test_files_are_locked_after_approval_and_free_again_when_reopened(
    editor, district_officer, province_officer, answer, filled
):
    kept = services.answer_file_add(
        actor=editor, answer_id=answer.pk, upload=_upload("a.pdf", MINIMAL_PDF)
    )
    approved = _approved(filled, editor, district_officer, province_officer)
    with pytest.raises(ValidationError):
        services.answer_file_add(
            actor=editor, answer_id=answer.pk, upload=_upload("b.pdf", MINIMAL_PDF)
        )
    with pytest.raises(ValidationError):
        services.answer_file_remove(actor=editor, file_id=kept.pk)
    assert AnswerFile.objects.count() == 1
    services.assessment_reopen(
        actor=province_officer, assessment_id=approved.pk, reason="ขาดหลักฐานการประชุม"
    )
    services.answer_file_remove(actor=editor, file_id=kept.pk)
    assert not AnswerFile.objects.exists()


def test_removing_a_file_deletes_the_stored_file_after_the_commit(
    editor, answer, django_capture_on_commit_callbacks
):
    row = services.answer_file_add(
        actor=editor, answer_id=answer.pk, upload=_upload("a.pdf", MINIMAL_PDF)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_file_remove(actor=editor, file_id=row.pk)
    assert not default_storage.exists(row.stored_name)


# Pages -------------------------------------------------------------------------------------------


def test_the_committee_uploads_on_the_answer_form_and_readers_download(
    editor, viewer, other_district_officer, answer
):
    client = client_for(editor)
    page = client.get(f"/assessment/{answer.assessment_id}/fill/")
    html = page.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert f'name="evidence-{answer.pk}-file"' in html
    assert 'accept="image/jpeg,image/png,application/pdf"' in html
    posted = client.post(
        f"/assessment/{answer.assessment_id}/fill/",
        {
            **_answers_of(page),
            f"evidence-{answer.pk}-file": _upload("rules.pdf", MINIMAL_PDF),
            f"evidence-{answer.pk}-caption": "กติกาของสภา",
            "upload": str(answer.pk),
        },
    )
    # Back to the fill page at the indicator, in sight on a phone.
    assert posted.status_code == 302
    assert posted["Location"].endswith(f"/fill/#indicator-{answer.pk}")
    row = AnswerFile.objects.get()
    assert "กติกาของสภา" in client.get(posted["Location"]).content.decode()
    assert (
        "กติกาของสภา"
        in client_for(viewer).get(f"/assessment/{answer.assessment_id}/").content.decode()
    )
    download = client_for(viewer).get(f"/assessment/files/{row.pk}/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert client_for(other_district_officer).get(f"/assessment/files/{row.pk}/").status_code == 404
    assert client_for(viewer).post(f"/assessment/files/{row.pk}/remove/").status_code == 404
    assert (
        client_for(other_district_officer)
        .post(f"/assessment/answers/{answer.pk}/files/", {"file": _upload("a.pdf", MINIMAL_PDF)})
        .status_code
        == 404
    )
    removed = client.post(f"/assessment/files/{row.pk}/remove/")
    assert removed.status_code == 302 and not AnswerFile.objects.exists()


def _answers_of(page) -> dict:
    """What the fill page's form posts as it stands (answers, notes, links, version)."""
    form = page.context["form"]
    data = {"version": form.initial["version"]}
    for _answer, value, note, link in form.blocks():
        for field in (value, note, link):
            if field.value() not in (None, ""):
                data[field.html_name] = field.value()
    return data


def test_choosing_a_file_keeps_the_answers_typed_before_it(editor, answer):
    """Typing answers, then uploading a photo before pressing Save: the answers are saved with the
    file, not lost to the page's reload."""
    client = client_for(editor)
    page = client.get(f"/assessment/{answer.assessment_id}/fill/")
    data = _answers_of(page)
    data[f"note_{answer.indicator.code}"] = "ประชุมทุกเดือน มีบันทึกการประชุม"
    posted = client.post(
        f"/assessment/{answer.assessment_id}/fill/",
        {**data, f"evidence-{answer.pk}-file": _upload("p.pdf", MINIMAL_PDF), "upload": answer.pk},
    )
    assert posted.status_code == 302
    answer.refresh_from_db()
    assert answer.note == "ประชุมทุกเดือน มีบันทึกการประชุม"
    assert AnswerFile.objects.get().answer_id == answer.pk
    again = client.get(posted["Location"]).content.decode()
    assert "ประชุมทุกเดือน มีบันทึกการประชุม" in again and "แนบไฟล์หลักฐานแล้ว" in again

    # "Remove" is a submit of the same form: a note typed meanwhile is kept too.
    data = _answers_of(client.get(posted["Location"]))
    data[f"note_{answer.indicator.code}"] = "แก้ไขแล้ว"
    removed = client.post(
        f"/assessment/{answer.assessment_id}/fill/",
        {**data, "remove": AnswerFile.objects.get().pk},
    )
    assert removed.status_code == 302 and removed["Location"].endswith(f"#indicator-{answer.pk}")
    answer.refresh_from_db()
    assert answer.note == "แก้ไขแล้ว" and not AnswerFile.objects.exists()


def test_a_refused_file_keeps_the_saved_answers_and_says_why_on_its_answer(editor, answer):
    client = client_for(editor)
    page = client.get(f"/assessment/{answer.assessment_id}/fill/")
    data = {**_answers_of(page), f"note_{answer.indicator.code}": "บันทึกไว้"}
    refused = client.post(
        f"/assessment/{answer.assessment_id}/fill/",
        {**data, f"evidence-{answer.pk}-file": _upload("x.jpg", b"<html>hi</html>")},
    )
    assert refused.status_code == 422
    html = refused.content.decode()
    assert "ไม่ใช่ไฟล์ PDF หรือไฟล์ภาพ" in html and "บันทึกไว้" in html
    answer.refresh_from_db()
    assert answer.note == "บันทึกไว้" and not AnswerFile.objects.exists()
    # "Upload the file" with no file chosen: the answers saved, the upload asks for a file.
    missing = client.post(
        f"/assessment/{answer.assessment_id}/fill/",
        {**_answers_of(client.get(page.request["PATH_INFO"])), "upload": answer.pk},
    )
    assert missing.status_code == 422
    assert "ไฟล์หลักฐาน: เลือกภาพถ่ายหรือไฟล์ PDF" in missing.content.decode()


def test_a_wrong_answer_uploads_nothing_and_says_so_beside_the_file(editor, answer):
    client = client_for(editor)
    page = client.get(f"/assessment/{answer.assessment_id}/fill/")
    version = page.context["form"].initial["version"]
    response = client.post(
        f"/assessment/{answer.assessment_id}/fill/",
        {
            **_answers_of(page),
            "level_1.5": "9",
            f"evidence-{answer.pk}-file": _upload("p.pdf", MINIMAL_PDF),
            "upload": answer.pk,
        },
    )
    assert response.status_code == 422
    assert "level_1.5" in response.context["form"].errors
    assert "ยังไม่ได้อัปโหลดไฟล์" in response.content.decode()
    assert not AnswerFile.objects.exists()
    answer.assessment.refresh_from_db()
    assert answer.assessment.version == version


def test_a_wrong_file_on_the_page_is_refused_in_thai_on_its_answer(editor, answer):
    response = client_for(editor).post(
        f"/assessment/answers/{answer.pk}/files/",
        {"file": _upload("photo.jpg", b"<html>hi</html>")},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert f"ตัวชี้วัด {answer.indicator.code}" in html
    assert "ไม่ใช่ไฟล์ PDF หรือไฟล์ภาพ" in html
    assert f'name="evidence-{answer.pk}-file"' in html  # chosen again, it posts with the answers
    missing = client_for(editor).post(f"/assessment/answers/{answer.pk}/files/", {})
    assert missing.status_code == 422
    assert "ไฟล์หลักฐาน" in missing.content.decode()
    assert not AnswerFile.objects.exists()


def test_after_approval_the_page_refuses_an_upload_in_thai_and_offers_no_form(
    editor, district_officer, province_officer, answer, filled
):
    _approved(filled, editor, district_officer, province_officer)
    client = client_for(province_officer)
    response = client.post(
        f"/assessment/answers/{answer.pk}/files/", {"file": _upload("a.pdf", MINIMAL_PDF)}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "แก้ไขได้เฉพาะแบบประเมินที่เป็นฉบับร่างหรือถูกส่งกลับแก้ไข" in html
    assert "/files/" not in html.replace(f"/answers/{answer.pk}/files/", "")  # no upload form
    assert not AnswerFile.objects.exists()


def test_the_assessment_pages_with_files_have_bounded_queries(
    editor, district_officer, filled, django_assert_max_num_queries
):
    for answer in filled.answers.all()[:5]:
        for name in ("a.pdf", "b.pdf"):
            services.answer_file_add(
                actor=editor, answer_id=answer.pk, upload=_upload(name, MINIMAL_PDF)
            )
    officer, committee = client_for(district_officer), client_for(editor)
    # Ten files on five answers: one query more than without files (prefetched), not one each.
    with django_assert_max_num_queries(12):
        detail = officer.get(f"/assessment/{filled.pk}/")
    assert detail.status_code == 200 and detail.content.decode().count("/assessment/files/") == 10
    with django_assert_max_num_queries(10):
        fill = committee.get(f"/assessment/{filled.pk}/fill/")
    assert fill.status_code == 200 and fill.content.decode().count('name="remove"') == 10


# API ---------------------------------------------------------------------------------------------


def test_the_api_uploads_lists_downloads_and_removes(editor, other_district_officer, answer):
    client = client_for(editor)
    url = f"/api/v1/assessments/{answer.assessment_id}/answers/{answer.indicator_id}/files"
    refused = client.post(url, {"file": _upload("x.pdf", b"not a pdf at all")})
    assert refused.status_code == 422
    created = client.post(url, {"file": _upload("p.jpg", jpeg()), "caption": "ภาพ"})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["kind"] == "photo"
    detail = client.get(f"/api/v1/assessments/{answer.assessment_id}").json()
    files = [f for a in detail["answers"] for f in a["files"]]
    assert [f["id"] for f in files] == [body["id"]]
    assert client.get(body["url"]).status_code == 200
    outsider = client_for(other_district_officer)
    assert outsider.get(body["url"]).status_code == 404
    assert outsider.post(url, {"file": _upload("p.pdf", MINIMAL_PDF)}).status_code == 404
    assert outsider.delete(f"/api/v1/assessment-files/{body['id']}").status_code == 404
    assert client.delete(f"/api/v1/assessment-files/{body['id']}").status_code == 204
    assert not AnswerFile.objects.exists()


# Recompute ---------------------------------------------------------------------------------------


def test_recompute_follows_changed_bands_and_weights_and_a_second_run_changes_nothing(
    editor, filled
):
    output = io.StringIO()
    call_command("assessment_recompute", stdout=output)
    assert "0 of 1 assessments changed" in output.getvalue()

    meetings = filled.answers.get(indicator__source=DataSource.COMMITTEE_MEETINGS)
    assert meetings.level == 3  # 5 meets 2 and 4 of the bands 2, 4, 6, 9
    Indicator.objects.filter(pk=meetings.indicator_id).update(bands=[1, 2, 3, 5])
    before = Assessment.objects.get(pk=filled.pk)
    output = io.StringIO()
    call_command("assessment_recompute", "--round", str(filled.round_id), stdout=output)
    assert "1 of 1 assessments changed" in output.getvalue()
    meetings.refresh_from_db()
    assert meetings.level == 5
    after = Assessment.objects.get(pk=filled.pk)
    assert after.score > before.score and after.version == before.version + 1

    dimension = Dimension.objects.filter(template_id=filled.round.template_id).order_by("pk")[0]
    Dimension.objects.filter(pk=dimension.pk).update(weight=dimension.weight + 50)
    call_command("assessment_recompute", stdout=io.StringIO())
    assert Assessment.objects.get(pk=filled.pk).score != after.score

    output = io.StringIO()
    call_command("assessment_recompute", stdout=output)
    assert "0 of 1 assessments changed" in output.getvalue()


def test_recompute_an_approved_assessment_keeps_it_approved(
    editor, district_officer, province_officer, filled
):
    approved = _approved(filled, editor, district_officer, province_officer)
    Indicator.objects.filter(dimension__template_id=filled.round.template_id, kind="number").update(
        bands=[0, 0, 0, 0]
    )
    assert services.assessment_recompute(assessment_id=approved.pk) is True
    approved.refresh_from_db()
    assert approved.status == AssessmentStatus.APPROVED
    assert services.assessment_recompute(assessment_id=approved.pk) is False

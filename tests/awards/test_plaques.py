"""Plaques: one A4 landscape page per winner, Thai text shaped and extracted back, the date in
the Buddhist Era with Thai digits, the emblem and the signatories."""

import datetime
import io

import pytest
from PIL import Image

from concenter.awards import services
from concenter.awards.models import Nomination, Programme
from concenter.awards.plaques import date_line, plaques_pdf, plaques_png
from concenter.common.pdf import pdf_page_count
from tests.awards import helpers as h
from tests.awards.pdftext import pdf_actual_text as pdf_text

pytestmark = pytest.mark.django_db

# Test words without stacked vowel + tone clusters (their extraction is not exact upstream).
TITLE = "นักพัฒนาชุมชนดีเด่นจังหวัดกาญจนบุรี"
CITATION = "ผู้เสียสละเพื่อส่วนรวม"


def winners(officer, *, count=2, emblem=True):
    programme = h.programme(
        officer,
        title=TITLE,
        total_quota=count,
        plaque_heading="สำนักงานพัฒนาชุมชนจังหวัดกาญจนบุรี",
        plaque_date=datetime.date(2020, 2, 28),
        criteria=(("ผลงาน", "1", "10"),),
    )
    services.signatories_set(
        actor=officer,
        programme_id=programme.pk,
        signatories=[("นายสมศักดิ์ พัฒนาไทย", "อธิบดีกรมการพัฒนาชุมชน"), ("นายวิชัย ใจดี", "ผู้ว่าราชการจังหวัด")],
    )
    if emblem:
        services.programme_emblem_set(
            actor=officer, programme_id=programme.pk, upload=h.png((200, 200))
        )
    h.to_screening(officer, programme)
    names = [("นาย", "สมชาย", "ใจดี"), ("นางสาว", "มาลัย", "ทองดี"), ("นาง", "บุญมา", "ศรีสุข")]
    nominations = []
    for title, given, family in names[: count + 1]:
        person = h.person(officer, title=title, given_name=given, family_name=family)
        nomination = h.nominate(officer, programme, person)
        services.nomination_update(
            actor=officer, nomination_id=nomination.pk, expected_version=None, citation=CITATION
        )
        nominations.append(nomination)
    h.close(officer, programme)
    h.screen_all(officer, programme)
    judge = h.judge()
    h.add_panel(officer, programme, [judge])
    services.programme_judging_start(actor=officer, programme_id=programme.pk)
    for index, nomination in enumerate(nominations):
        h.score(judge, nomination, [str(10 - index)])
    services.programme_results_compute(actor=officer, programme_id=programme.pk)
    return Programme.objects.get(pk=programme.pk)


def test_the_date_line_is_in_the_buddhist_era_with_thai_digits():
    import datetime

    assert date_line(datetime.date(2020, 2, 28)) == "ให้ไว้ ณ วันที่ ๒๘ กุมภาพันธ์ พ.ศ. ๒๕๖๓"


def test_every_winner_gets_a_page_with_the_thai_text_extracted_back(province_officer):
    programme = winners(province_officer)
    pdf = plaques_pdf(programme)
    assert pdf.startswith(b"%PDF-") and pdf_page_count(pdf) == 2
    assert b"Sarabun" in pdf  # the font is embedded
    text = "".join(pdf_text(pdf).split())
    for expected in (
        TITLE,
        "นายสมชายใจดี",
        "นางสาวมาลัยทองดี",
        "ผู้เสียสละเพื่อส่วนรวม",
        "ได้รับการคัดเลือกเป็น",
        "สำนักงานพัฒนาชุมชนจังหวัดกาญจนบุรี",
        "พัฒนาไทย)",
        "(นายวิชัยใจดี)",
        "อธิบดีกรมการพัฒนาชุมชน",
        "กุมภาพันธ์",
        "๒๕๖๓",
    ):
        assert expected in text, expected
    assert "บุญมา" not in text  # not selected


def test_one_winners_plaque_is_one_page(province_officer):
    programme = winners(province_officer)
    second = Nomination.objects.get(programme=programme, rank=2)
    pdf = plaques_pdf(programme, nomination_id=second.pk)
    assert pdf_page_count(pdf) == 1
    assert "นางสาวมาลัยทองดี" in "".join(pdf_text(pdf).split())


def test_the_plaque_renders_as_an_a4_landscape_page_with_ink(province_officer, tmp_path):
    programme = winners(province_officer, count=1)
    (page,) = plaques_png(programme, ppi=72)
    image = Image.open(io.BytesIO(page))
    assert image.size == (842, 595)  # A4 landscape at 72 ppi
    assert image.convert("L").getextrema()[0] < 80  # text was drawn
    (tmp_path / "plaque.png").write_bytes(page)


def test_the_text_keeps_inside_the_border_signatures_and_number_included(province_officer):
    """No ink within 1.5 cm of the page's edge: the double border is drawn at 0.8 and 1.05 cm,
    and the signatories' positions and the plaque's number once sat on it."""
    programme = winners(province_officer, count=1)
    (page,) = plaques_png(programme, ppi=72)
    gray = Image.open(io.BytesIO(page)).convert("L")
    band = round(1.5 / 2.54 * 72)  # 1.5 cm in pixels
    width, height = gray.size
    for box in (
        (0, 0, width, band),
        (0, height - band, width, height),
        (0, 0, band, height),
        (width - band, 0, width, height),
    ):
        assert gray.crop(box).getextrema()[0] > 80, box  # the gold border only, no dark ink


def test_every_figure_on_a_plaque_is_in_thai_digits(province_officer):
    """A Thai official document: the year in the title typed in Arabic digits, the citation's
    figures and the plaque's number all print in Thai digits, as the date does."""
    programme = winners(province_officer, count=1, emblem=False)
    Programme.objects.filter(pk=programme.pk).update(title="ผู้นำชุมชนดีเด่น ประจำปี 2563")
    nomination = Nomination.objects.get(programme=programme, selected=True)
    Nomination.objects.filter(pk=nomination.pk).update(citation="ทำงานเพื่อชุมชนมา 20 ปี")
    programme.refresh_from_db()
    text = "".join(pdf_text(plaques_pdf(programme)).split())
    assert "ประจำปี๒๕๖๓" in text and "มา๒๐ปี" in text
    assert "เลขที่๑/๒๕๖๓" in text  # its number in the programme, over the plaque's year (BE)
    assert not any(character in text for character in "0123456789")


def test_user_text_is_printed_as_written_never_as_markup(province_officer):
    programme = winners(province_officer, count=1, emblem=False)
    nomination = Nomination.objects.get(programme=programme, selected=True)
    Nomination.objects.filter(pk=nomination.pk).update(citation='#panic("x") *bold* $x$')
    text = "".join(pdf_text(plaques_pdf(programme)).split())
    assert '#panic("x")*bold*$x$' in text


@pytest.mark.clock
def test_plaques_without_a_set_date_carry_the_day_the_results_were_published(province_officer):
    import time_machine

    from concenter.awards.plaques import plaque_data

    with time_machine.travel("2026-03-10 10:00 +07:00", tick=False):
        programme = winners(province_officer, count=1, emblem=False)
        Programme.objects.filter(pk=programme.pk).update(plaque_date=None)
        services.programme_publish(actor=province_officer, programme_id=programme.pk)
    programme.refresh_from_db()
    assert programme.plaque_date == datetime.date(2026, 3, 10)
    winners_now = list(Nomination.objects.filter(programme=programme, selected=True))
    with time_machine.travel("2026-11-01 10:00 +07:00", tick=False):
        data, _files = plaque_data(programme, winners_now)
    assert data["date_line"] == date_line(datetime.date(2026, 3, 10))
    # A programme published before the date was fixed: its publication day, not today.
    Programme.objects.filter(pk=programme.pk).update(plaque_date=None)
    programme.refresh_from_db()
    with time_machine.travel("2026-11-01 10:00 +07:00", tick=False):
        data, _files = plaque_data(programme, winners_now)
    assert data["date_line"] == date_line(datetime.date(2026, 3, 10))

"""Honour plaques and certificates: one A4 landscape page per winner (Typst, Sarabun embedded).

A plaque is a Thai official document whatever the reader's language: its fixed wording is
Thai, its date is in the Buddhist Era with Thai digits ("ให้ไว้ ณ วันที่ ๒๘ กุมภาพันธ์ พ.ศ. ๒๕๖๓"),
every figure on it too (the title's year, the citation's, the number "เลขที่ ๓/๒๕๖๓": the
plaque's number in the programme, over the plaque's year),
and it carries the programme's emblem, title, the winner's name with title, category, citation
and the signatories' names and positions. Plaques are ready from the moment the results are
complete (to print before the ceremony) and stay the same after publishing.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from concenter.awards.models import Nomination, Programme, ProgrammeStatus
from concenter.common import clock
from concenter.common.pdf import render_pdf, render_png_pages
from concenter.common.thai import THAI_MONTHS_LONG, to_thai_digits

TEMPLATE = Path(__file__).parent / "typst" / "plaque.typ"

PRESENTS = "ขอมอบโล่เชิดชูเกียรตินี้ไว้เพื่อแสดงว่า"
SELECTED_AS = "ได้รับการคัดเลือกเป็น"
CATEGORY_PREFIX = "ประเภท"
NUMBER_PREFIX = "เลขที่"


def date_line(day: datetime.date) -> str:
    """ให้ไว้ ณ วันที่ ๒๘ กุมภาพันธ์ พ.ศ. ๒๕๖๓"""
    return to_thai_digits(
        f"ให้ไว้ ณ วันที่ {day.day} {THAI_MONTHS_LONG[day.month - 1]} พ.ศ. {day.year + 543}"
    )


def presentation_order(programme: Programme) -> list[Nomination]:
    """The winners in the order their plaques are presented: by plaque number once published;
    before, by category (in the programme's order), then rank, then name."""
    winners = list(
        Nomination.objects.filter(programme=programme, selected=True).select_related("category")
    )
    if programme.status == ProgrammeStatus.PUBLISHED:
        return sorted(winners, key=lambda n: (n.plaque_number or 0, n.pk))
    return sorted(
        winners,
        key=lambda n: (
            (n.category.position, n.category.pk) if n.category_id else (10_000, 0),
            n.rank or 0,
            n.sort_key,
            n.pk,
        ),
    )


def _require_ready(programme: Programme) -> None:
    if programme.status not in (ProgrammeStatus.RESULTS, ProgrammeStatus.PUBLISHED):
        raise ValidationError({"plaques": _("Plaques are ready once the results are computed.")})
    if programme.status == ProgrammeStatus.RESULTS:
        from concenter.awards.results import programme_results

        if not programme_results(programme).results.complete:
            raise ValidationError(
                {"plaques": _("A tie at a cut-off waits for the committee's decision.")}
            )


def plaque_day(programme: Programme) -> datetime.date:
    """The date printed on the plaques: the one set, else the day the results were published
    (fixed then, by programme_publish; older programmes by their publication time). Never the
    day of the download."""
    if programme.plaque_date:
        return programme.plaque_date
    if programme.published_at:
        return timezone.localtime(programme.published_at).date()
    return clock.today()  # a preview before publication


def plaque_data(
    programme: Programme, winners: list[Nomination], *, only: int | None = None
) -> tuple[dict, dict]:
    """The JSON the template reads and the files beside it (the emblem); `winners` in the
    order of presentation, `only` one winner's nomination id."""
    files = {}
    emblem = None
    if programme.emblem and default_storage.exists(programme.emblem):
        extension = programme.emblem.rsplit(".", 1)[-1].lower()
        emblem = f"emblem.{extension}"
        with default_storage.open(programme.emblem, "rb") as handle:
            files[emblem] = handle.read()
    day = plaque_day(programme)
    year = day.year + 543
    data = {
        "title": to_thai_digits(programme.title),
        "issuer": to_thai_digits(programme.plaque_heading),
        "presents": PRESENTS,
        "selected_as": SELECTED_AS,
        "date_line": date_line(day),
        "emblem": emblem,
        "signatories": [
            {"name": s.name, "position": s.position_title} for s in programme.signatories.all()
        ],
        "plaques": [
            {
                "name": n.nominee_name,
                "category": to_thai_digits(f"{CATEGORY_PREFIX}{n.category.name}")
                if n.category_id
                else "",
                "citation": to_thai_digits(n.citation),
                "number": to_thai_digits(f"{NUMBER_PREFIX} {n.plaque_number or number}/{year}"),
            }
            for number, n in enumerate(winners, start=1)
            if only is None or n.pk == only
        ],
    }
    return data, files


def _prepared(programme: Programme, nomination_id: int | None) -> tuple[dict, dict]:
    _require_ready(programme)
    winners = presentation_order(programme)
    if nomination_id is not None and nomination_id not in {n.pk for n in winners}:
        raise ValidationError({"plaques": _("This nomination was not selected.")})
    return plaque_data(programme, winners, only=nomination_id)


def plaques_pdf(programme: Programme, *, nomination_id: int | None = None) -> bytes:
    """All the plaques of a programme (one page each), or one winner's plaque."""
    data, files = _prepared(programme, nomination_id)
    return render_pdf(TEMPLATE, data, files=files)


def plaques_png(
    programme: Programme, *, nomination_id: int | None = None, ppi: int = 72
) -> list[bytes]:
    """The same pages as PNG images (previews, and tests that look at the rendered Thai)."""
    data, files = _prepared(programme, nomination_id)
    return render_png_pages(TEMPLATE, data, files=files, ppi=ppi)

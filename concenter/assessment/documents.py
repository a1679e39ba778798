"""The certificate of a center that reached the top band, as a PDF (Typst, ADR 0005).
The results report per area (PDF and XLSX) is one of the standard reports of concenter.reports
("assessment"), drawn by the same code as the others."""

from pathlib import Path

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from concenter.assessment.models import Assessment
from concenter.common.pdf import render_pdf
from concenter.common.thai import format_date_th, to_thai_digits

CERTIFICATE = Path(__file__).parent / "typst" / "certificate.typ"


def certificate_data(assessment: Assessment) -> dict:
    """The certificate's lines in the reader's language; in Thai an official document, every
    figure in Thai digits (the year, the score, the date), as the award plaques."""
    approved_on = (assessment.approved_at or assessment.updated_at).date()
    data = {
        "title": _("Certificate of a strong CON Center"),
        "presented_to": _("This certificate is presented to"),
        "center": assessment.center.name,
        "area": assessment.area.display_name,
        "reason": _("for reaching the top band of the strength assessment, fiscal year %(year)s")
        % {"year": assessment.round.fiscal_year},
        "score": _("Score %(score)s out of 100") % {"score": assessment.score},
        "given_on": _("Given on %(date)s") % {"date": format_date_th(approved_on, long=True)},
    }
    if (get_language() or "th").startswith("th"):
        data = {key: to_thai_digits(value) for key, value in data.items()}
    return data


def certificate_pdf(assessment: Assessment) -> bytes:
    return render_pdf(CERTIFICATE, certificate_data(assessment))

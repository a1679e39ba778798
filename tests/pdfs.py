"""A real, minimal PDF for upload tests: uploads must parse as a PDF (concenter.common.uploads)."""

import io

from pypdf import PdfWriter


def minimal_pdf(text: str = "") -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if text:
        writer.add_metadata({"/Title": text})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


MINIMAL_PDF = minimal_pdf()

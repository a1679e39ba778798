"""Uploads are checked by content: size, type, re-encoded images without EXIF."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from concenter.common.uploads import IMAGE, PDF, check_upload
from tests.pdfs import MINIMAL_PDF


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (3000, 2000), "green")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (13.0, 45.0, 0.0)}  # GPSInfo
    exif[0x010F] = "PhoneMaker"
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_photo_is_resized_and_loses_its_exif_location():
    raw = _jpeg_with_gps()
    assert Image.open(io.BytesIO(raw)).getexif()
    checked = check_upload(SimpleUploadedFile("photo.jpg", raw), kinds=(IMAGE,))
    stored = Image.open(io.BytesIO(checked.content))
    assert checked.extension == "jpg"
    assert max(stored.size) == 1600
    assert not stored.getexif()


def test_pdf_is_recognised_by_its_content_not_its_name():
    checked = check_upload(SimpleUploadedFile("evidence.bin", MINIMAL_PDF))
    assert (checked.kind, checked.extension) == (PDF, "pdf")


@pytest.mark.parametrize(
    "content",
    [b"MZ\x90\x00\x03" + b"\x00" * 200, b"#!/bin/sh\nrm -rf /\n", b"<html><script>x</script>"],
    ids=["windows-executable", "shell-script", "html"],
)
def test_a_file_renamed_pdf_is_refused(content):
    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile("evidence.pdf", content))
    assert "evidence.pdf" in error.value.messages[0]


def test_a_file_over_the_limit_is_refused_before_it_is_read():
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (2 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        check_upload(big, max_bytes=1024 * 1024)
    assert "big.pdf" in error.value.messages[0]


def test_an_image_where_only_a_pdf_is_accepted_is_refused():
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("a.jpg", _jpeg_with_gps()), kinds=(PDF,))


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("empty.pdf", b""))


def _polyglot() -> bytes:
    """A PDF whose bytes also hold a page of HTML (a comment line that a sniffing viewer runs)."""
    return MINIMAL_PDF.replace(
        b"\n", b"\n%<html><body><script>alert(document.cookie)</script>\n", 1
    )


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(_polyglot(), id="pdf-html-polyglot"),
        pytest.param(b"%PDF-1.7\n<html><script>x</script>\n%%EOF\n", id="html-with-a-pdf-header"),
        pytest.param(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n", id="no-pages"),
    ],
)
def test_a_document_that_claims_to_be_a_pdf_must_parse_as_one(content):
    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile("evidence.pdf", content))
    assert "evidence.pdf" in error.value.messages[0]


def test_a_real_pdf_is_accepted():
    checked = check_upload(SimpleUploadedFile("minutes.pdf", MINIMAL_PDF))
    assert checked.kind == PDF and checked.content == MINIMAL_PDF

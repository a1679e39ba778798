"""The whole body of a multipart request is capped, so nobody can stream gigabytes into the
temporary folder through any POST (Django itself caps only the form fields and the number of
files). The handler is switched on by FILE_UPLOAD_HANDLERS; docs/security.md gives the proxy's
matching client_max_body_size."""

import io

import pytest
from django.core.exceptions import RequestDataTooBig
from django.test import Client
from django.urls import reverse

from concenter.awards import rules as award_rules
from concenter.common.uploads import MAX_REQUEST_BODY_BYTES, RequestBodyLimitHandler
from concenter.exchange.services import MAX_UPLOAD_BYTES

HANDLERS = [
    "concenter.common.uploads.RequestBodyLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]


@pytest.fixture
def capped(settings):
    settings.FILE_UPLOAD_HANDLERS = HANDLERS
    settings.MAX_REQUEST_BODY_BYTES = 64 * 1024


def _post_file(size: int):
    upload = io.BytesIO(b"x" * size)
    upload.name = "big.pdf"
    return Client().post(
        reverse("accounts:login"), {"username": "u", "password": "p", "file": upload}
    )


@pytest.mark.django_db
def test_a_request_body_over_the_limit_is_refused_with_400(capped):
    assert _post_file(65 * 1024).status_code == 400


@pytest.mark.django_db
def test_a_request_body_under_the_limit_goes_through(capped):
    assert _post_file(1024).status_code == 200  # the login form again, with its error


def test_a_client_that_declares_less_than_it_sends_is_stopped_while_sending(settings):
    settings.MAX_REQUEST_BODY_BYTES = 100
    handler = RequestBodyLimitHandler()
    handler.handle_raw_input(None, {}, 50, b"boundary")
    assert handler.receive_data_chunk(b"x" * 60, 0) == b"x" * 60
    with pytest.raises(RequestDataTooBig):
        handler.receive_data_chunk(b"x" * 60, 60)


def test_the_limit_admits_the_largest_request_the_application_accepts():
    largest_nomination = award_rules.MAX_EVIDENCE_FILES * award_rules.EVIDENCE_MAX_BYTES
    assert MAX_UPLOAD_BYTES < MAX_REQUEST_BODY_BYTES
    assert largest_nomination < MAX_REQUEST_BODY_BYTES

"""Uploaded files (evidence, photos, logos, cover images): checked by content, never by name.

One door for every app, so each upload is held to the same rules (issue #10, ASVS V12):

* a size limit, checked before the content is read into memory;
* the type decided from the bytes: a PDF starts with ``%PDF-`` and parses as one (pypdf, with no
  HTML markup inside: a PDF/HTML polyglot is refused), an image is whatever Pillow can open and
  verify (JPEG, PNG, WebP, GIF); an executable renamed ``.pdf`` is refused;
* images are re-encoded: turned upright, EXIF (with any GPS position) dropped, resized for the
  web, and decompression bombs refused (Pillow's pixel limit);
* files are stored under MEDIA_ROOT (outside the static root) with generated names, and served
  by `stored_file_response` with a safe content type and ``Content-Disposition``;
* a file whose transaction rolled back is deleted by the orphan sweep (`common.orphans`);
* a whole request body is capped by `RequestBodyLimitHandler` (when listed first in
  FILE_UPLOAD_HANDLERS) and, in front of it, by the reverse proxy (docs/security.md).
"""

import io
import mimetypes
import re
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadhandler import FileUploadHandler
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MEGABYTE = 1024 * 1024
MAX_EVIDENCE_BYTES = 10 * MEGABYTE
MAX_IMAGE_BYTES = 10 * MEGABYTE
WEB_IMAGE_SIDE = 1600  # pixels: the longer side of an image kept for the web
MAX_IMAGE_PIXELS = 50_000_000  # beyond this an image is a decompression bomb, not a photo
# The largest request the application accepts: an import file (exchange MAX_UPLOAD_BYTES, 100 MB)
# or a nomination with its ten evidence files of 10 MB, plus the form around them. Setting
# MAX_REQUEST_BODY_BYTES overrides it; the reverse proxy's client_max_body_size must match.
MAX_REQUEST_BODY_BYTES = 110 * MEGABYTE

IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
PDF = "pdf"
IMAGE = "image"


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed: its bytes (re-encoded if an image), kind and file extension."""

    content: bytes
    kind: str  # PDF or IMAGE
    extension: str  # "pdf", "jpg", "png"
    original_name: str

    @property
    def content_type(self) -> str:
        return mimetypes.types_map.get("." + self.extension, "application/octet-stream")


def _read_limited(upload, max_bytes: int, label: str) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("%(label)s is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"label": label, "size": round(size / MEGABYTE, 1), "limit": max_bytes // MEGABYTE}
        )
    if hasattr(upload, "seek"):
        upload.seek(0)
    content = upload.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise ValidationError(
            _("%(label)s is too large; the limit is %(limit)s MB.")
            % {"label": label, "limit": max_bytes // MEGABYTE}
        )
    if not content:
        raise ValidationError(_("%(label)s is empty.") % {"label": label})
    return content


def image_reencode(content: bytes, *, max_side: int = WEB_IMAGE_SIDE) -> tuple[bytes, str]:
    """The image upright, without EXIF, no larger than max_side: (bytes, extension).

    Photos become JPEG; images with transparency stay PNG. Raises ValidationError when the bytes
    are not an image Pillow can read, or when the image is a decompression bomb."""
    previous_limit = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with Image.open(io.BytesIO(content)) as probe:
            probe.verify()
        with Image.open(io.BytesIO(content)) as image:
            if image.format not in IMAGE_FORMATS:
                raise ValidationError(_("This image format is not accepted (JPEG, PNG or WebP)."))
            image.load()
            image = ImageOps.exif_transpose(image)
            image.thumbnail((max_side, max_side))
            transparent = image.mode in ("RGBA", "LA", "P") and (
                image.mode != "P" or "transparency" in image.info
            )
            output = io.BytesIO()
            if transparent:
                image.convert("RGBA").save(output, format="PNG", optimize=True)
                return output.getvalue(), "png"
            image.convert("RGB").save(output, format="JPEG", quality=85, optimize=True)
            return output.getvalue(), "jpg"
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(_("This image is too large to open.")) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(_("This file is not a readable image.")) from error
    finally:
        Image.MAX_IMAGE_PIXELS = previous_limit


# Markup that has no business in a PDF: a file holding it is a PDF/HTML polyglot, which a browser
# shown it under another type (or a viewer that sniffs) would run as a page.
_MARKUP_IN_PDF = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|iframe|svg|object|embed)\b", re.I
)


def pdf_check(content: bytes, *, label: str) -> None:
    """A document that starts like a PDF must parse as one (pypdf, strict: header, cross-reference
    table, trailer, at least one page) and hold no HTML markup."""
    from pypdf import PdfReader

    not_pdf = ValidationError(
        _("%(label)s is not a readable PDF document.") % {"label": label}, code="pdf_invalid"
    )
    if _MARKUP_IN_PDF.search(content):
        raise not_pdf
    try:
        reader = PdfReader(io.BytesIO(content), strict=True)
        if len(reader.pages) < 1:
            raise not_pdf
    except ValidationError:
        raise
    except Exception as error:  # pypdf raises many kinds on a broken file
        raise not_pdf from error


def check_upload(
    upload,
    *,
    kinds: tuple[str, ...] = (PDF, IMAGE),
    max_bytes: int = MAX_EVIDENCE_BYTES,
    label: str | None = None,
    max_side: int = WEB_IMAGE_SIDE,
) -> CheckedUpload:
    """Check one uploaded file (a Django UploadedFile, or any object with read()).

    Returns the content to store; raises ValidationError with a message in the user's language
    naming the file. Nothing is stored here: call `store_upload` after the rest of the form is
    valid, inside the service's transaction."""
    name = getattr(upload, "name", "") or ""
    label = label or (_("The file %(name)s") % {"name": name} if name else _("The file"))
    content = _read_limited(upload, max_bytes, label)
    if content.startswith(b"%PDF-"):
        if PDF not in kinds:
            raise ValidationError(_("%(label)s must be an image.") % {"label": label})
        if b"%%EOF" not in content[-2048:]:
            raise ValidationError(_("%(label)s is not a complete PDF.") % {"label": label})
        pdf_check(content, label=label)
        return CheckedUpload(content=content, kind=PDF, extension="pdf", original_name=name)
    if IMAGE not in kinds:
        raise ValidationError(_("%(label)s must be a PDF document.") % {"label": label})
    try:
        image, extension = image_reencode(content, max_side=max_side)
    except ValidationError as error:
        if PDF in kinds:
            raise ValidationError(
                _("%(label)s is neither a PDF nor an image (checked by its content).")
                % {"label": label}
            ) from error
        raise ValidationError(f"{label}: {error.messages[0]}") from error
    return CheckedUpload(content=image, kind=IMAGE, extension=extension, original_name=name)


def store_upload(checked: CheckedUpload, *, folder: str) -> str:
    """Store under MEDIA_ROOT/<folder>/ with a generated name; returns the storage name.

    The file is written now, before the caller's transaction commits, so the row naming it can
    be saved in that transaction and never points at a missing file. If the transaction rolls
    back, the file is left unnamed: `concenter retention` deletes such orphans after a grace
    period (`common.orphans`), and a service may delete it at once in its except clause. The
    folder must be registered with `common.orphans.upload_reference_register` (a test checks it)."""
    name = f"{folder.strip('/')}/{uuid.uuid4().hex}.{checked.extension}"
    return default_storage.save(name, ContentFile(checked.content))


def delete_stored(name: str) -> None:
    if name:
        default_storage.delete(name)


def request_body_limit() -> int:
    return int(getattr(settings, "MAX_REQUEST_BODY_BYTES", MAX_REQUEST_BODY_BYTES))


class RequestBodyLimitHandler(FileUploadHandler):
    """Refuses a multipart request whose body is larger than `request_body_limit()` with a 400
    (RequestDataTooBig), before its files fill the temporary folder.

    Django caps the form fields of a request (DATA_UPLOAD_MAX_MEMORY_SIZE) and the number of
    files (DATA_UPLOAD_MAX_NUMBER_FILES), never the size of the files: without this handler (or
    the proxy's client_max_body_size) anyone may stream gigabytes to any POST. The declared
    Content-Length is checked first; the bytes actually received are counted too, for a client
    that declares less than it sends. List it first in FILE_UPLOAD_HANDLERS."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.limit = request_body_limit()
        self.received = 0
        if content_length > self.limit:
            raise RequestDataTooBig(
                f"Request body of {content_length} bytes exceeds the limit of {self.limit}."
            )

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            raise RequestDataTooBig(f"Uploaded files exceed the limit of {self.limit} bytes.")
        return raw_data

    def file_complete(self, file_size):
        return None


def stored_file_response(name: str, *, download_name: str, inline: bool = True) -> FileResponse:
    """Serve a stored file with a content type from its generated extension (never from the
    uploader), nosniff, and a Content-Disposition carrying a safe name."""
    if not name or not default_storage.exists(name):
        raise Http404
    extension = name.rsplit(".", 1)[-1].lower()
    content_type = mimetypes.types_map.get("." + extension, "application/octet-stream")
    response = FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=not inline,
        filename=f"{download_name}.{extension}",
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'none'"
    return response

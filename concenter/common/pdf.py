"""Thai PDF (and PNG) documents from Typst templates, with Sarabun embedded.

Typst installs with pip alone (a compiled wheel, no system fonts or browser) and shapes Thai
correctly (tone marks and upper vowels placed by HarfBuzz-style shaping). The font comes from the
`fontpkg-sarabun` package and system fonts are ignored, so a document looks the same on every
machine. See docs/adr/0005-pdf-with-typst.md.

User text never becomes Typst markup: a template reads its data with
`#let data = json(bytes(sys.inputs.data))` and places strings as content, so a name such as
`#[evil]*` prints as written. Images (logos, photos, QR codes) are written beside the template in
a private temporary directory and read with `#image("name.png")`.
"""

import json
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import fontpkg_sarabun
import typst

FONT_PATHS = [str(fontpkg_sarabun.ROOT / "files")]
PDF_MEDIA_TYPE = "application/pdf"


class PdfError(Exception):
    """The template could not be compiled (a bug in a template, never in user data)."""


def _compile(
    template: str | Path,
    data: Mapping[str, Any],
    files: Mapping[str, bytes] | None,
    **options: Any,
) -> bytes | list[bytes]:
    source = Path(template).read_text(encoding="utf-8") if isinstance(template, Path) else template
    with tempfile.TemporaryDirectory(prefix="concenter-pdf-") as directory:
        root = Path(directory)
        for name, content in (files or {}).items():
            target = (root / name).resolve()
            if target.parent != root.resolve():
                raise PdfError(f"file name {name!r} must be a plain name")
            target.write_bytes(content)
        main = root / "main.typ"
        main.write_text(source, encoding="utf-8")
        try:
            return typst.compile(
                str(main),
                root=str(root),
                font_paths=FONT_PATHS,
                ignore_system_fonts=True,
                sys_inputs={"data": json.dumps(data, ensure_ascii=False, default=str)},
                **options,
            )
        except typst.TypstError as error:  # pragma: no cover - a template bug
            raise PdfError(str(error)) from error


def render_pdf(
    template: str | Path, data: Mapping[str, Any], *, files: Mapping[str, bytes] | None = None
) -> bytes:
    """The PDF of `template` (Typst source, or a path to a .typ file) filled with `data`."""
    return _compile(template, data, files, format="pdf")  # type: ignore[return-value]


def render_png_pages(
    template: str | Path,
    data: Mapping[str, Any],
    *,
    files: Mapping[str, bytes] | None = None,
    ppi: int = 96,
) -> list[bytes]:
    """Each page as a PNG: for previews, and for tests that look at the rendered Thai."""
    pages = _compile(template, data, files, format="png", ppi=ppi)
    return pages if isinstance(pages, list) else [pages]


def pdf_text(pdf: bytes) -> str:
    """The text extracted back from a PDF (tests use it to check the Thai survived).

    Extraction of Thai is imperfect in every extractor (docs/adr/0005): control characters that
    stand for split glyph clusters are dropped here; compare without whitespace, and prefer test
    words without stacked vowel + tone clusters (ปั้น, น้ำ) for exact matches."""
    import io

    from pypdf import PdfReader  # a development dependency: tests only

    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    return "".join(ch for ch in text if ch in "\n\t" or ord(ch) >= 32)


def pdf_page_count(pdf: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def qr_svg(text: str, *, scale: int = 4) -> str:
    """A QR code as SVG text, for `#image(bytes(data.qr), format: "svg")` or a web page."""
    import io

    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="svg", scale=scale, border=2, xmldecl=False)
    return buffer.getvalue().decode()

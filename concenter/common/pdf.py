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
    """The text of a PDF as readers that honour /ActualText extract it (poppler, screen
    readers, copy and paste); tests use it to check the Thai survived.

    Typst writes one ToUnicode entry per glyph, so a glyph first seen inside a Thai cluster maps
    to the whole cluster; where the glyph stands alone Typst wraps it in an /ActualText span with
    the right text. pypdf's own extract_text ignores those spans and garbles Thai; this reader
    uses them. Stacked vowel + tone clusters (ปั้น) may still come out split (docs/adr/0005)."""
    return _actual_text(pdf)


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


def _to_unicode(font) -> dict[bytes, str]:
    import re

    data = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    mapping: dict[bytes, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for source, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[bytes.fromhex(source)] = bytes.fromhex(target).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, target in re.findall(
            r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            width = len(low) // 2
            for code in range(int(low, 16), int(high, 16) + 1):
                mapping[code.to_bytes(width, "big")] = chr(int(target, 16) + code - int(low, 16))
    return mapping


def _raw(item) -> bytes | None:
    if isinstance(item, bytes):
        return bytes(item)
    original = getattr(item, "original_bytes", None)
    return bytes(original) if original is not None else None


def _actual_text(pdf: bytes) -> str:
    import io

    from pypdf import PdfReader  # a development dependency: tests only
    from pypdf.generic import ContentStream, DictionaryObject

    reader = PdfReader(io.BytesIO(pdf))
    out: list[str] = []
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        maps = {name: _to_unicode(fonts[name].get_object()) for name in fonts}
        font = None
        spans: list[bool] = []  # True for a span carrying /ActualText
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"BDC":
                properties = operands[1] if len(operands) > 1 else None
                actual = (
                    properties.get("/ActualText")
                    if isinstance(properties, DictionaryObject)
                    else None
                )
                spans.append(actual is not None)
                if actual is not None:
                    out.append(str(actual))
            elif operator == b"BMC":
                spans.append(False)
            elif operator == b"EMC":
                if spans:
                    spans.pop()
            elif operator == b"Tf":
                font = operands[0]
            elif operator in (b"Tj", b"TJ") and not any(spans):
                items = operands[0] if operator == b"TJ" else [operands[0]]
                mapping = maps.get(font, {})
                for item in items:
                    raw = _raw(item)
                    if raw is None:
                        continue
                    for index in range(0, len(raw) - 1, 2):
                        out.append(mapping.get(raw[index : index + 2], "\ufffd"))
            elif operator == b"ET":
                out.append("\n")
    return "".join(out)

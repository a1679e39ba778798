"""Text of a PDF as readers that honour /ActualText extract it (poppler, screen readers, copy and
paste). Typst writes one ToUnicode entry per glyph, so a glyph first seen inside a Thai cluster
(น in นั) maps to the whole cluster; where the glyph stands alone it wraps it in an /ActualText
span with the right text. pypdf's extract_text ignores those spans (concenter.common.pdf.pdf_text
then reads "งานั" for "งาน"); this reader uses them."""

import io
import re

from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject


def _to_unicode(font) -> dict[bytes, str]:
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


def pdf_actual_text(pdf: bytes) -> str:
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

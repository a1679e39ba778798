"""Columns of an import: Thai and English headers, in any order, under a title row or two.

District offices keep sheets with a merged title above the header ("ทะเบียนองค์กรชุมชน อำเภอ…"),
so the header is the row, among the first few, that names the most known columns.
"""

import re
from dataclasses import dataclass

from django.utils.translation import get_language

from concenter.common.thai import normalize_text
from concenter.exchange.messages import msg

HEADER_SEARCH_ROWS = 15


class ImportFileError(Exception):
    """The whole file is refused; the message is for the person who uploaded it."""


@dataclass(frozen=True)
class Column:
    key: str
    th: str
    en: str
    required: bool = False
    example: str = ""
    help_th: str = ""
    help_en: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The header in the language of the run (reports name columns as the sheet does)."""
        return self.th if (get_language() or "th").startswith("th") else self.en

    def names(self) -> tuple[str, ...]:
        return (self.th, self.en, self.key, *self.aliases)


_NOT_IN_KEY = re.compile(r"[\s*:._\-()\[\]]+")


def header_key(header) -> str:
    """A header as compared: no spaces, marks or case ("ชื่อ *" = "ชื่อ", "Given name" = "given_name")."""
    return _NOT_IN_KEY.sub("", normalize_text(str(header or "")).replace("\ufeff", "")).lower()


def known_headers(columns: tuple[Column, ...]) -> dict[str, str]:
    known: dict[str, str] = {}
    for column in columns:
        for name in column.names():
            known.setdefault(header_key(name), column.key)
    return known


def map_headers(headers: list, columns: tuple[Column, ...]) -> dict[str, int]:
    """Column key -> position in the row; a missing required column refuses the file."""
    known = known_headers(columns)
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = known.get(header_key(header))
        if key and key not in found:
            found[key] = index
    missing = [c for c in columns if c.required and c.key not in found]
    if missing:
        raise ImportFileError(
            msg(
                "The column %(column)s is missing from the header row.",
                column=", ".join(c.label for c in missing),
            )
        )
    return found


def header_score(row: list, columns: tuple[Column, ...]) -> int:
    known = known_headers(columns)
    return len({known[k] for k in (header_key(c) for c in row) if k in known})


def unused_headers(headers: list, mapping: dict[str, int]) -> list[str]:
    used = set(mapping.values())
    return [str(h) for i, h in enumerate(headers) if i not in used and str(h or "").strip()]

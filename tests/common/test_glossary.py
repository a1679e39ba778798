"""One name per idea (GLOSSARY.md): a msgid must not be translated to another idea's Thai term.

The Thai catalogue translates a msgid once; a msgid used in two senses ("Title" of an activity and
the title before a person's name, "Results" of an award and of an activity) needs a `pgettext`
context for each sense, or one of the senses reads the other's Thai word. The test reads the
glossary's table (its Thai and English labels, one idea per row, several ideas split by " / ")
and fails on a contextless msgid whose English names one glossary idea while its Thai names
another, or whose Thai is exactly a glossary term while its English names nothing of that idea.
"""

import re
from pathlib import Path

import pytest

from tests.common.test_translations import LOCALE, parse_po

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = next(
    (
        path
        for path in (
            ROOT.parent / "shared" / "mission" / "GLOSSARY.md",
            ROOT / "shared" / "mission" / "GLOSSARY.md",
        )
        if path.exists()
    ),
    None,
)


def _without_notes(text: str) -> str:
    return re.sub(r"\s*\([^)]*\)", "", text).strip()


def _words(text: str) -> set[str]:
    words = set()
    for word in re.findall(r"[a-z]+", _split_camel(text).lower()):
        words.add(_singular(word))
    return words


def _split_camel(text: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)


def _singular(word: str) -> str:
    word = {"programme": "program", "criteria": "criterion"}.get(word, word)
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _normal(text: str) -> str:
    return " ".join(_singular(w) for w in re.findall(r"[a-z]+", text.lower().replace("-", " ")))


def glossary_terms(text: str) -> list[dict]:
    """Each idea of the glossary: its Thai term, its English term and the words of its code."""
    terms, seen_thai = [], set()
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not line.startswith("|") or set(cells[0]) <= {"-", " "}:
            continue
        if cells[0].startswith("Thai"):
            continue
        thai = [_without_notes(t) for t in _without_notes(cells[0]).split(" / ")]
        english = [_without_notes(e) for e in _without_notes(cells[1]).split(" / ")]
        code = _words(cells[2].replace("`", " "))
        pairs = (
            zip(thai, english, strict=True)
            if len(thai) == len(english)
            else [(thai[0], english[0])]
        )
        for thai_term, english_term in pairs:
            if thai_term in seen_thai:  # an abbreviation repeated in a later row
                continue
            seen_thai.add(thai_term)
            terms.append(
                {
                    "thai": thai_term,
                    "english": _normal(english_term),
                    "words": _words(english_term) | code,
                }
            )
    return terms


def conflicts(entries: list[dict], terms: list[dict]) -> list[str]:
    by_english = {term["english"]: term for term in terms}
    by_thai = {term["thai"]: term for term in terms}
    found = []
    for entry in entries:
        if not entry["msgid"] or entry.get("msgctxt"):
            continue
        msgid = entry["msgid"].strip().rstrip(":")
        thai = (entry.get("msgstr") or entry.get("msgstr[0]") or "").strip()
        named = by_english.get(_normal(msgid))
        translated = by_thai.get(thai)
        if named and translated and named is not translated:
            found.append(f"{msgid!r} → {thai!r}: its English is {named['english']!r}")
        elif translated and not named and not (_words(msgid) & translated["words"]):
            found.append(f"{msgid!r} → {thai!r}, the glossary's term for {translated['english']!r}")
    return found


@pytest.fixture(scope="module")
def terms() -> list[dict]:
    if GLOSSARY is None:
        pytest.skip("GLOSSARY.md (shared/mission) is not beside this checkout")
    return glossary_terms(GLOSSARY.read_text(encoding="utf-8"))


def test_no_msgid_is_translated_to_another_ideas_glossary_term(terms):
    assert conflicts(parse_po(LOCALE / "django.po"), terms) == []


def test_the_check_catches_a_msgid_translated_to_another_ideas_term(terms):
    entries = [
        {"msgid": "Programme", "msgstr": "กำหนดการ"},  # an award programme read as an agenda
        {"msgid": "Agenda", "msgstr": "รางวัล"},
        {"msgid": "Agenda", "msgstr": "กำหนดการ"},
        {"msgid": "Programme", "msgstr": "กำหนดการ", "msgctxt": "event"},
    ]
    assert len(conflicts(entries, terms)) == 2

"""Every visible string has its Thai translation, and the compiled catalogue matches the source."""

import gettext
import re
from pathlib import Path

import concenter

LOCALE = Path(concenter.__file__).parent / "locale" / "th" / "LC_MESSAGES"


def _unquote(lines: list[str]) -> str:
    return "".join(
        bytes(line.strip()[1:-1], "utf-8")
        .decode("unicode_escape")
        .encode("latin-1")
        .decode("utf-8")
        for line in lines
    )


def parse_po(path: Path) -> list[dict]:
    entries, current, key = [], {"flags": ""}, None
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if "msgid" in current:
                entries.append(current)
            current, key = {"flags": ""}, None
            continue
        if line.startswith("#,"):
            current["flags"] += line
        elif line.startswith("#"):
            continue
        else:
            match = re.match(r"(msgid_plural|msgid|msgstr\[\d\]|msgstr|msgctxt)\s+(\".*\")$", line)
            if match:
                key = match.group(1)
                current[key] = [match.group(2)]
            elif line.startswith('"') and key:
                current[key].append(line)
    return [{k: (_unquote(v) if isinstance(v, list) else v) for k, v in e.items()} for e in entries]


def test_every_string_has_a_thai_translation():
    entries = [e for e in parse_po(LOCALE / "django.po") if e["msgid"]]
    assert len(entries) > 50
    missing = [
        e["msgid"]
        for e in entries
        if "fuzzy" in e["flags"] or not (e.get("msgstr") or e.get("msgstr[0]"))
    ]
    assert missing == []


def test_compiled_catalogue_matches_the_source():
    with (LOCALE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in parse_po(LOCALE / "django.po"):
        if not entry["msgid"] or "msgid_plural" in entry or "msgctxt" in entry:
            continue
        assert compiled.gettext(entry["msgid"]) == entry["msgstr"], entry["msgid"]


def test_a_null_character_is_refused_in_thai():
    """Django's own validator message, which its Thai catalogue lacks, comes from ours."""
    from django import forms
    from django.utils import translation

    class NameForm(forms.Form):
        name = forms.CharField()

    with translation.override("th"):
        form = NameForm({"name": "สม\x00ชาย"})
        assert not form.is_valid()
        assert form.errors["name"] == ["ข้อความมีอักขระว่าง (null) ซึ่งใช้ไม่ได้ กรุณาพิมพ์ใหม่"]

"""Template filters for dates in the Buddhist Era and for Thai digits.

{{ event.starts_on|bedate }}        → 28 ก.พ. 2563   (English: 28 Feb 2020)
{{ event.starts_on|bedate:"long" }} → 28 กุมภาพันธ์ 2563
{{ count|thdigits }}                → ๑๒ when the user turned Thai digits on
{{ organization.funds|baht }}       → 1,234.50 (what floatformat:"2g" writes, at a tenth of its cost)
{{ person.full_name|wordbreaks }}   → a name a narrow column breaks between words, never inside one
"""

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django import template
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from concenter.common.thai import (
    format_date_en,
    format_date_th,
    format_datetime_en,
    format_datetime_th,
    to_thai_digits,
)

register = template.Library()


def _thai() -> bool:
    return (get_language() or "th").startswith("th")


@register.filter
def bedate(value, style: str = "short") -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if not isinstance(value, date):
        return str(value)
    long = style == "long"
    return format_date_th(value, long=long) if _thai() else format_date_en(value, long=long)


@register.filter
def era_year(ce_year) -> str:
    """A year of the calendar (CE, as stored) the way the reader's dates are written: the
    Buddhist-era year in Thai ("2563"); in English the CE year with the BE year the records and
    titles use beside it ("2020 (BE 2563)"), so a page never mixes eras unexplained."""
    if ce_year in (None, ""):
        return ""
    year = int(ce_year)
    return str(year + 543) if _thai() else f"{year} (BE {year + 543})"


@register.filter
def bedatetime(value, style: str = "short") -> str:
    if value in (None, ""):
        return ""
    if not isinstance(value, datetime):
        return bedate(value, style)
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    long = style == "long"
    return format_datetime_th(value, long=long) if _thai() else format_datetime_en(value, long=long)


@register.filter(takes_context=False)
def thdigits(value, enabled=True) -> str:
    text = "" if value is None else str(value)
    return to_thai_digits(text) if enabled else text


@register.simple_tag(takes_context=True)
def num(context, value) -> str:
    """A number with thousands separators, in Thai digits when the user chose them."""
    if value is None:
        return "–"
    text = f"{value:,}" if isinstance(value, int) else str(value)
    user = context.get("user")
    return to_thai_digits(text) if getattr(user, "thai_digits", False) else text


# Both languages of the site write amounts as 1,234.50 (Django's formats for "th" and "en").
_BAHT_LANGUAGES = ("th", "en")
_SATANG = Decimal("0.01")


@register.filter
def baht(value) -> str:
    """An amount of baht with two decimals and thousands separators: exactly what
    `floatformat:"2g"` writes (half up), without its cost in a table of many rows."""
    number = isinstance(value, int | Decimal) and not isinstance(value, bool)
    if number and (get_language() or "th")[:2] in _BAHT_LANGUAGES:
        rounded = Decimal(value).quantize(_SATANG, rounding=ROUND_HALF_UP)
        return f"{rounded + 0:,.2f}"  # + 0 turns -0.00 into 0.00, as floatformat does
    return floatformat(value, "2g")


# A part between spaces this short is kept whole (a name, a title and name: "นายวิชิตร"); a longer
# run of Thai is cut at the word boundaries PyThaiNLP finds. Browsers break Thai by a dictionary
# that does not know names, and split "ตีรสวัสดิชัย" anywhere in a narrow column (issue #19).
WORD_KEEP_WHOLE = 18
_RE_SPACES = re.compile(r"(\s+)")
_RE_THAI = re.compile("[\u0e00-\u0e7f]")


@lru_cache(maxsize=4096)
def _thai_words(chunk: str) -> tuple[str, ...]:
    from pythainlp.tokenize import word_tokenize

    words: list[str] = []
    for token in word_tokenize(chunk, engine="newmm", keep_whitespace=False):
        if words and (len(token) < 3 or len(words[-1]) < 3):
            words[-1] += token  # a lone letter or two belongs to its neighbour
        else:
            words.append(token)
    return tuple(words)


@register.filter(is_safe=True)
def wordbreaks(value) -> SafeString:
    """Text that a line may break between words only: each word kept whole (nowrap), with a
    break opportunity (<wbr>) between the words of a long Thai run."""
    text = "" if value is None else str(value)
    parts: list[str] = []
    for piece in _RE_SPACES.split(text):
        if not piece:
            continue
        if piece.isspace():
            parts.append(" ")
        elif not _RE_THAI.search(piece):  # Latin text breaks at its spaces already
            parts.append(escape(piece))
        elif len(piece) <= WORD_KEEP_WHOLE:
            parts.append(format_html('<span class="nobr">{}</span>', piece))
        else:
            parts.append(
                "<wbr>".join(
                    format_html('<span class="nobr">{}</span>', word) for word in _thai_words(piece)
                )
            )
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped by format_html

"""Search of people and community organisations by name: the one module pages and the API call.

What a query finds (within the user's READ scope only; anonymous users and users without an area
find nothing):

* the query is compared in the form the services store names in: ``normalize_text``, spaces
  removed, lower case (``name_search``); so "สมชาย ใจดี" finds สมชาย ใจดี and "สมศ" finds สมศรี;
* romanised input ("somchai", "Som Chay") is folded with ``latin_fold`` and compared with the
  folded romanisations in ``name_latin``;
* queries of 3 characters or more match anywhere in the name (trigram index); queries of 1–2
  characters match the start of ``name_search`` only (B-tree/trigram index);
* when fewer than ``limit`` names contain the query, names within one edit of it are added
  (one wrong, missing, extra or swapped character; "สมชัย" finds สมชาย) — the "fuzzy" rank.

Order: exact name (rank 0), name starting with the query (1), name containing it (2), fuzzy (3);
ties in Thai dictionary order (``sort_key``), then id.  Each result carries ``search_rank``.

Backends: on SQLite an FTS5 ``trigram`` table per model (``people_person_fts``,
``network_organization_fts``) with external content, kept in sync by triggers
(migrations people 0003 / network 0004); on PostgreSQL ``pg_trgm`` GIN indexes, which extract
trigrams from Thai only under a UTF-8 ``LC_CTYPE`` (see
:func:`concenter.common.search_index.search_backend_status`).
Other backends work without an index (plain LIKE).

Why not pg_trgm ``%``/``similarity()`` for the fuzzy rank: a given name is short against the
whole stored name, e.g. ``similarity('สมชัย', 'สมชายใจดี')`` = 0.23 and ``word_similarity`` =
0.5, under the default thresholds (0.3/0.6), so a one-character typo is missed.  The fuzzy rank
is therefore an exact "one edit away" test, written as LIKE patterns whose literal parts the
trigram index (FTS5 or pg_trgm) finds first; it behaves the same on both backends.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, transaction
from django.db.models import BooleanField, Exists, IntegerField, Model, OuterRef, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from concenter.accounts.scope import Access, filter_queryset, user_scope
from concenter.common.thai import latin_fold, normalize_text, thai_sort_key

logger = logging.getLogger(__name__)

__all__ = [
    "MAX_LIMIT",
    "RANK_EXACT",
    "RANK_FUZZY",
    "RANK_PREFIX",
    "RANK_SUBSTRING",
    "SearchTooBroad",
    "organization_search",
    "person_search",
    "time_limit",
]

RANK_EXACT = 0
RANK_PREFIX = 1
RANK_SUBSTRING = 2
RANK_FUZZY = 3

MAX_LIMIT = 200  # a page, never the whole table
MIN_TRIGRAM_LENGTH = 3  # shorter queries: prefix search on name_search
FUZZY_MAX_LENGTH = 40  # longer queries get no "one edit away" rank
NAME_MAX_LENGTH = 250  # name_search / name_latin max_length: a longer query cannot match
RAW_QUERY_MAX_LENGTH = 10_000  # longer input is not a name: empty result, no work
_QUERY_WORDS_MAX = 8  # a query of more words finds no fuzzy name through the name words

# Characters a typo may put in a name, for the "one edit away" candidates of short queries.
_THAI_LETTERS = "".join(chr(c) for c in range(0x0E01, 0x0E3B)) + "".join(
    chr(c) for c in range(0x0E40, 0x0E4F)
)
_LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789"
_FOLDED_ALPHABET = _LATIN_LETTERS  # latin_fold() keeps [a-z0-9] only
# Thai vowel and tone marks written above or below a consonant (ั ิ ี ึ ื ุ ู ฺ ็ ่ ้ ๊ ๋ ์ ํ ๎).
_THAI_MARKS = frozenset(
    "\u0e31"
    + "".join(chr(c) for c in range(0x0E34, 0x0E3B))
    + "".join(chr(c) for c in range(0x0E47, 0x0E4F))
)


def _alphabet(term: str) -> str:
    """The characters a typo in `term` may stand for: Thai in a Thai name, Latin in a Latin
    one (a name_search may hold either)."""
    thai = any(ch in _THAI_LETTERS for ch in term)
    latin = any(ch in _LATIN_LETTERS for ch in term)
    if thai and not latin:
        return _THAI_LETTERS
    if latin and not thai:
        return _LATIN_LETTERS
    return _THAI_LETTERS + _LATIN_LETTERS


@dataclass(frozen=True)
class _Target:
    """A searchable model: its table, the FTS5 table beside it on SQLite, what to join, and
    the SQLite index on name_search the migration adds when the model has none."""

    model: type[Model] | None
    table: str
    fts_table: str
    related: tuple[str, ...]
    sqlite_prefix_index: str = ""
    # The name-word table and the record–word link (model with `word_id`, `sort_key` and the
    # record's id in `link_field`), when the model has them: the fuzzy rank of a one-word query
    # is then found among the words (docs/adr/0025-name-word-table.md).
    variant_model: type[Model] | None = None
    link_model: type[Model] | None = None
    link_field: str = ""
    # The links of each record to the first romanised word of each key of its name_latin (same
    # fields as `link_model`): the names a romanised prefix search may find, by word in Thai
    # order (docs/adr/0031-romanised-key-head-words.md).
    head_model: type[Model] | None = None


# The searchable models, by key ("person", "organization"). The apps that own them register them
# from their AppConfig.ready(), so this ground-floor module imports no domain app.
_TARGETS: dict[str, _Target] = {}


def searchable(
    key: str,
    *,
    model: type[Model],
    fts_table: str,
    related: tuple[str, ...],
    sqlite_prefix_index: str = "",
    words: tuple[type[Model], type[Model], str] | None = None,
    head_words: type[Model] | None = None,
) -> None:
    """Declare `model` searchable by name under `key` (its table carries name_search and
    name_latin, and its migrations create `fts_table` on SQLite, the trigram indexes on
    PostgreSQL). `words`: (the name words' variant model, with `variant` and `word` → a model
    with `text`; the record–word link model; the link's field naming the record); `head_words`:
    the link model of the first romanised word of each key of the record's name_latin."""
    variant_model, link_model, link_field = words if words is not None else (None, None, "")
    _TARGETS[key] = _Target(
        model,
        model._meta.db_table,
        fts_table,
        related,
        sqlite_prefix_index,
        variant_model,
        link_model,
        link_field,
        head_words,
    )


def _target(key: str) -> _Target:
    return _TARGETS[key]


# Public API -----------------------------------------------------------------------------------


def person_search(*, user, query: str, limit: int = 20, offset: int = 0) -> list:
    """People whose name matches `query`, best first, within `user`'s READ scope.

    Returns at most ``min(limit, MAX_LIMIT)`` Person objects (area and profession selected),
    skipping the first `offset` of the ranked list; each has ``search_rank`` (0 exact,
    1 prefix, 2 substring, 3 one edit away).  Never raises on odd input: an empty, 1,000-
    character or control-character query gives a (possibly empty) list.
    """
    return _search(_target("person"), user=user, query=query, limit=limit, offset=offset)


def organization_search(*, user, query: str, limit: int = 20, offset: int = 0) -> list:
    """Community organisations whose name matches `query`; same rules as :func:`person_search`
    (area and type selected)."""
    return _search(_target("organization"), user=user, query=query, limit=limit, offset=offset)


# Query terms ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Terms:
    name: str  # compared with name_search ("" = not searched)
    latin: str  # compared with name_latin ("" = not searched)
    words: tuple[str, ...] = ()  # the query's words as typed (normalised), for the name words

    @property
    def one_word(self) -> bool:
        return len(self.words) <= 1

    @property
    def short(self) -> bool:
        return len(self.name) < MIN_TRIGRAM_LENGTH


def _terms(query) -> _Terms | None:
    raw = query if isinstance(query, str) else ("" if query is None else str(query))
    if len(raw) > RAW_QUERY_MAX_LENGTH:
        return None
    # Lone surrogates (possible from JSON "\ud800") cannot be sent to the database.
    raw = "".join(ch for ch in raw if not "\ud800" <= ch <= "\udfff")
    # The same key the services store in name_search (normalize_text also drops control
    # characters and zero-width spaces).
    name = normalize_text(raw).replace(" ", "").lower()
    latin = latin_fold(raw)
    if not any("a" <= ch <= "z" for ch in latin):
        latin = ""  # a Thai query folds to nothing (or its digits)
    if len(name) > NAME_MAX_LENGTH:
        name = ""
    if len(latin) < MIN_TRIGRAM_LENGTH or len(latin) > NAME_MAX_LENGTH:
        latin = ""
    if not name and not latin:
        return None
    if name and len(name) < MIN_TRIGRAM_LENGTH:
        latin = ""  # a 1–2 character query is a prefix of name_search, nothing else
    words = tuple(normalize_text(raw).split())[:_QUERY_WORDS_MAX]
    return _Terms(name=name, latin=latin, words=words)


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _contains(text: str) -> str:
    return f"%{_like_escape(text)}%"


def _fts_phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


# "One edit away" ------------------------------------------------------------------------------

# A candidate test: the name contains every string of the tuple (each ≥ 3 characters, so the
# trigram index can look it up).
_Conjunction = tuple[str, ...]


@dataclass
class _Fuzzy:
    """LIKE `patterns` that together mean "contains a string one edit away from the term",
    and `groups` of candidate tests: every such name passes some conjunction of some group.
    (Groups only matter on PostgreSQL, where each is one index scan whose rows are rechecked
    against that group alone.)"""

    patterns: set[str] = field(default_factory=set)
    groups: list[list[_Conjunction]] = field(default_factory=list)


def _swap(term: str, i: int) -> str:
    return term[:i] + term[i + 1] + term[i] + term[i + 2 :]


def _one_edit_away(term: str, alphabet: str, selective_length: int = MIN_TRIGRAM_LENGTH) -> _Fuzzy:
    """Substitution and transposition for terms of ≥ 4 characters, a missing character for
    ≥ 3 (the name has ≥ 4), an extra character for ≥ 5 (the name has ≥ 4).

    A gap whose longer side is shorter than `selective_length` is looked up spelt out with
    each character of `alphabet`: exact, but one index lookup per character."""
    fuzzy = _Fuzzy()
    n = len(term)
    if n < MIN_TRIGRAM_LENGTH or n > FUZZY_MAX_LENGTH:
        return fuzzy
    gaps: list[tuple[str, str]] = []  # left + one unknown character + right
    literals: list[str] = []
    if n >= 4:
        gaps += [(term[:i], term[i + 1 :]) for i in range(n)]  # a wrong character
        literals += [_swap(term, i) for i in range(n - 1) if term[i] != term[i + 1]]
    gaps += [(term[:i], term[i:]) for i in range(1, n)]  # a missing character inside
    if n >= 5:
        literals += [term[:i] + term[i + 1 :] for i in range(n)]  # an extra character
    fuzzy.patterns = {f"%{_like_escape(a)}_{_like_escape(b)}%" for a, b in gaps}
    fuzzy.patterns |= {_contains(text) for text in literals}

    if n >= 6:
        # Pigeonhole: one edit spoils one part of the term (two only when it swaps the
        # characters on both sides of a cut), so the name contains the other part(s).
        cuts = [n // 3, 2 * n // 3] if n >= 9 else [n // 2]
        bounds = [0, *cuts, n]
        parts = [term[a:b] for a, b in itertools.pairwise(bounds)]
        if len(parts) == 2:
            tests: list[_Conjunction] = [(parts[0],), (parts[1],)]
        else:
            tests = [(parts[0], parts[1]), (parts[0], parts[2]), (parts[1], parts[2])]
        tests += [(_swap(term, c - 1),) for c in cuts if term[c - 1] != term[c]]
        fuzzy.groups = [tests]
        return fuzzy

    plain: set[str] = set(literals)
    for left, right in gaps:
        longest = max(left, right, key=len)
        if len(longest) >= selective_length:
            plain.add(longest)
        else:
            # Both sides short: spell the name out with each character the gap may hold.
            # pg_trgm reads Thai marks (ั ิ ี ่ ้ …) as word breaks, so there the names spelt
            # with a mark select many rows: they get a group (an index scan) of their own.
            letters = [left + ch + right for ch in alphabet if ch not in _THAI_MARKS]
            marks = [left + ch + right for ch in alphabet if ch in _THAI_MARKS]
            fuzzy.groups += [[(x,) for x in group] for group in (letters, marks) if group]
    fuzzy.groups.insert(0, [(x,) for x in sorted(plain)])
    return fuzzy


# SQL ------------------------------------------------------------------------------------------


def _column(target: _Target, name: str) -> str:
    qn = connection.ops.quote_name
    return f"{qn(target.table)}.{qn(name)}"


def _like(column: str, pattern_count: int) -> tuple[str, bool]:
    """SQL testing `column` against %s LIKE pattern(s) (backslash escapes), and whether the
    patterns go as one array parameter."""
    if connection.vendor == "postgresql":
        # name_search and the query are lower-cased alike (str.lower()), so LIKE is ILIKE
        # here, at a quarter of the cost per row under a UTF-8 LC_CTYPE; pg_trgm indexes both.
        # Backslash is PostgreSQL's default LIKE escape.
        if pattern_count == 1:
            return f"{column} LIKE %s", False
        return f"{column} LIKE ANY(%s)", True
    return " OR ".join([f"{column} LIKE %s ESCAPE '\\'"] * pattern_count), False


def _like_any(target: _Target, by_column: dict[str, list[str]]) -> tuple[str, list]:
    """True when a column matches any of its LIKE patterns."""
    clauses, params = [], []
    for column, patterns in by_column.items():
        if not patterns:
            continue
        sql, as_array = _like(_column(target, column), len(patterns))
        clauses.append(sql)
        params += [sorted(patterns)] if as_array else sorted(patterns)
    if not clauses:
        return "1 = 0", []
    return "(" + " OR ".join(clauses) + ")", params


def _contains_any(
    target: _Target, by_column: dict[str, list[list[_Conjunction]]]
) -> tuple[str, list]:
    """True when a column contains every string of one of its conjunctions, looked up in the
    trigram index: the FTS5 table on SQLite, one pg_trgm scan per group on PostgreSQL."""
    qn = connection.ops.quote_name
    if connection.vendor == "sqlite":
        parts = []
        for column, groups in by_column.items():
            tests = [
                "(" + " AND ".join(_fts_phrase(s) for s in test) + ")"
                for group in groups
                for test in group
            ]
            if tests:
                parts.append(f"{{{column}}} : (" + " OR ".join(tests) + ")")
        if not parts:
            return "1 = 0", []
        fts = qn(target.fts_table)
        sql = f"{_column(target, 'id')} IN (SELECT rowid FROM {fts} WHERE {fts} MATCH %s)"
        return sql, [" OR ".join(parts)]
    wheres, params = [], []
    for column, groups in by_column.items():
        for group in (g for g in groups if g):
            clauses: list[str] = []
            singles = [_contains(test[0]) for test in group if len(test) == 1]
            if singles:
                sql, as_array = _like(_column(target, column), len(singles))
                clauses.append(sql)
                params += [singles] if as_array else singles
            for test in (t for t in group if len(t) > 1):
                each = [_like(_column(target, column), 1)[0] for _ in test]
                clauses.append("(" + " AND ".join(each) + ")")
                params += [_contains(s) for s in test]
            wheres.append(" OR ".join(clauses))
    if not wheres:
        return "1 = 0", []
    if connection.vendor != "postgresql":
        # No trigram index: one pass, the tests of every group or-ed.
        return "(" + " OR ".join(f"({w})" for w in wheres) + ")", params
    selects = [f"SELECT {_column(target, 'id')} FROM {qn(target.table)} WHERE {w}" for w in wheres]
    return f"{_column(target, 'id')} IN ({' UNION ALL '.join(selects)})", params


def _rank_sql(target: _Target, terms: _Terms) -> tuple[str, list]:
    ns, nl = _column(target, "name_search"), _column(target, "name_latin")
    escape = "" if connection.vendor == "postgresql" else " ESCAPE '\\'"
    exact, prefix, params_exact, params_prefix = [], [], [], []
    if terms.name:
        exact.append(f"{ns} = %s")
        params_exact.append(terms.name)
        prefix.append(f"{ns} LIKE %s{escape}")
        params_prefix.append(_like_escape(terms.name) + "%")
    if terms.latin:
        # name_latin holds space-separated romanisations: a whole one is "exact".
        exact.append(f"(' ' || {nl} || ' ') LIKE %s{escape}")
        params_exact.append(f"% {_like_escape(terms.latin)} %")
        prefix.append(f"(' ' || {nl}) LIKE %s{escape}")
        params_prefix.append(f"% {_like_escape(terms.latin)}%")
    sql = (
        f"CASE WHEN {' OR '.join(exact)} THEN {RANK_EXACT}"
        f" WHEN {' OR '.join(prefix)} THEN {RANK_PREFIX} ELSE {RANK_SUBSTRING} END"
    )
    return sql, params_exact + params_prefix


def _prefix_where(target: _Target, term: str) -> tuple[str, list]:
    ns = _column(target, "name_search")
    if connection.vendor == "sqlite":
        # A range on the B-tree index (SQLite's LIKE is case-insensitive: it would scan).
        return f"({ns} >= %s AND {ns} < %s)", [term, term + "\U0010ffff"]
    # pg_trgm serves a prefix LIKE of 1–2 characters (measured: the start of a word is a
    # trigram with padding).
    return _like_any(target, {"name_search": [_like_escape(term) + "%"]})


def _matches(target: _Target, terms: _Terms, base: QuerySet) -> QuerySet:
    """Names that start with (short query) or contain the terms, ranked 0–2."""
    if terms.short:
        where, params = _prefix_where(target, terms.name)
        ns = _column(target, "name_search")
        rank_sql = f"CASE WHEN {ns} = %s THEN {RANK_EXACT} ELSE {RANK_PREFIX} END"
        rank_params = [terms.name]
    else:
        where, params = _contains_any(
            target,
            {
                "name_search": [[(terms.name,)]] if terms.name else [],
                "name_latin": [[(terms.latin,)]] if terms.latin else [],
            },
        )
        rank_sql, rank_params = _rank_sql(target, terms)
    return base.filter(RawSQL(where, params, output_field=BooleanField())).annotate(
        search_rank=RawSQL(rank_sql, rank_params, output_field=IntegerField())
    )


# Characters whose sort-key primary is the character itself (Thai consonants and vowels, ASCII
# lower-case letters and digits): a name that starts with a query made of them has a sort key
# that starts with the query's primary key.
_SORT_PREFIX_SAFE = frozenset(
    "".join(chr(c) for c in range(0x0E01, 0x0E2F))  # ก .. ฮ
    + "".join(chr(c) for c in range(0x0E30, 0x0E3A))  # ะ ั า ำ ิ ี ึ ื ุ ู
    + "\u0e40\u0e41\u0e42\u0e43\u0e44\u0e45"  # เ แ โ ใ ไ ๅ
    + "abcdefghijklmnopqrstuvwxyz0123456789"
)
_LEADING_VOWELS = "\u0e40\u0e41\u0e42\u0e43\u0e44"


def _sort_key_start(term: str) -> str:
    """The start every matching name's sort key has, or "" when the query has a character whose
    place in the key is not fixed: tone marks and other signs drop out of the primary key, and a
    leading vowel moves behind the consonant after it, so one at the end of the query (or before
    anything but a consonant) would swap with a character the query does not hold."""
    if not term or any(ch not in _SORT_PREFIX_SAFE for ch in term):
        return ""
    for index, ch in enumerate(term):
        if ch in _LEADING_VOWELS and not (
            index + 1 < len(term) and "\u0e01" <= term[index + 1] <= "\u0e2e"
        ):
            return ""
    return thai_sort_key(term).split(" ", 1)[0]


def _sort_key_range_start(term: str) -> str:
    """`_sort_key_start` of the longest start of `term` that has one: a name starting with the
    term starts with that start too, so its sort key lies in the range (a tone mark or a final
    leading vowel, as in รุ้งตะวัน or ดวงใ, only widens the range to รุ or ดวง)."""
    for end in range(len(term), 0, -1):
        start = _sort_key_start(term[:end])
        if start:
            return start
    return ""


def _short_results(target: _Target, terms: _Terms, base: QuerySet, *, limit: int, offset: int):
    """A 1–2 character query: the names equal to it (ranked exact), then the names that start with
    it (ranked prefix), each in Thai order. Asked as two queries so that the second walks the
    sort-key index in order within the range every match's key starts with, and stops at the
    page, instead of sorting every name that starts with ส (200,000 at national scale: ≈ 1.2 s)."""
    exact = (
        base.filter(name_search=terms.name)
        .annotate(search_rank=Value(RANK_EXACT, output_field=IntegerField()))
        .order_by("sort_key", "pk")
    )
    results = list(exact[offset : offset + limit])
    if len(results) >= limit:
        return results
    prefix_offset = 0 if results or offset == 0 else max(offset - exact.count(), 0)
    start = _sort_key_range_start(terms.name)
    wanted = limit - len(results)
    if not start:  # a lone leading vowel (เ): one sort-key range per consonant after it
        from concenter.common import search_streams

        page = search_streams.leading_vowel_prefix(
            target, terms.name, base, start=prefix_offset, stop=prefix_offset + wanted
        )
        if page is not None:
            return results + page
    if start and connection.vendor == "postgresql":
        # Tested per row while the sort-key index is walked in order: PostgreSQL misjudges how
        # many names the two ranges together keep (2 rows for 15,770 names starting with วี at
        # national scale) and would read every one by the name index, then sort them (0.3 s).
        where = f"({_column(target, 'name_search')} || '') LIKE %s"
        params = [_like_escape(terms.name) + "%"]
    else:
        where, params = _prefix_where(target, terms.name)
    prefix = base.filter(RawSQL(where, params, output_field=BooleanField())).exclude(
        name_search=terms.name
    )
    if start:
        prefix = prefix.filter(sort_key__gte=start, sort_key__lt=start + "\U0010ffff")
    prefix = prefix.annotate(search_rank=Value(RANK_PREFIX, output_field=IntegerField())).order_by(
        "sort_key", "pk"
    )
    results.extend(prefix[prefix_offset : prefix_offset + wanted])
    return results


def _fuzzy_matches(target: _Target, terms: _Terms, base: QuerySet) -> QuerySet | None:
    """Names one edit away from the terms that do not contain them, ranked 3."""
    if terms.short:
        return None
    # Measured on 200,000 names: a 3-character side (one trigram) selects too many rows for
    # pg_trgm, whose rows are fetched and rechecked, while FTS5 pays ~0.2 ms per spelt-out
    # phrase and reads its candidates cheaply.
    selective = 4 if connection.vendor == "postgresql" else MIN_TRIGRAM_LENGTH
    by_name = (
        _one_edit_away(terms.name, _alphabet(terms.name), selective) if terms.name else _Fuzzy()
    )
    by_latin = _one_edit_away(terms.latin, _FOLDED_ALPHABET, selective) if terms.latin else _Fuzzy()
    if not by_name.patterns and not by_latin.patterns:
        return None
    candidates, candidate_params = _contains_any(
        target, {"name_search": by_name.groups, "name_latin": by_latin.groups}
    )
    verified, verified_params = _like_any(
        target, {"name_search": list(by_name.patterns), "name_latin": list(by_latin.patterns)}
    )
    contained, contained_params = _like_any(
        target,
        {
            "name_search": [_contains(terms.name)] if terms.name else [],
            "name_latin": [_contains(terms.latin)] if terms.latin else [],
        },
    )
    return (
        base.filter(RawSQL(candidates, candidate_params, output_field=BooleanField()))
        .filter(RawSQL(verified, verified_params, output_field=BooleanField()))
        .exclude(RawSQL(contained, contained_params, output_field=BooleanField()))
        .annotate(search_rank=RawSQL(str(RANK_FUZZY), [], output_field=IntegerField()))
    )


def _search(target: _Target, *, user, query, limit: int, offset: int) -> list:
    try:
        limit = min(int(limit), MAX_LIMIT)
        offset = max(int(offset), 0)
    except (TypeError, ValueError):
        return []
    if limit <= 0:
        return []
    scope = user_scope(user, Access.READ)
    if scope.nothing:
        return []
    terms = _terms(query)
    if terms is None:
        return []
    base = filter_queryset(target.model.objects.all(), user, Access.READ).select_related(
        *target.related
    )
    with time_limit():
        if terms.short:
            return _short_results(target, terms, base, limit=limit, offset=offset)
        walked = _walked_results(target, terms, base, limit=limit, offset=offset)
        if walked is not None:
            return walked
        from concenter.common import search_streams  # it builds on this module

        head = search_streams.latin_head(target, terms, base, limit=limit, offset=offset)
        if head is not None:
            return head
        return _indexed_results(target, terms, base, limit=limit, offset=offset)


def _indexed_results(target: _Target, terms: _Terms, base: QuerySet, *, limit: int, offset: int):
    """The matches found through the trigram index, sorted: right when they are few."""
    order = ("search_rank", "sort_key", "pk")
    matches = _matches(target, terms, base)
    results = _ranked_page(base, matches, order, offset, offset + limit)
    if len(results) >= limit:
        return results
    if _by_words(target, terms):
        if _fuzzy_parts(terms) is None:
            return results
        fuzzy_offset = 0 if results or offset == 0 else max(offset - matches.count(), 0)
        results.extend(
            _word_fuzzy_results(
                target, terms, base, limit=limit - len(results), offset=fuzzy_offset
            )
        )
        return results
    fuzzy = _fuzzy_matches(target, terms, base)
    if fuzzy is None:
        return results
    # The fuzzy names follow all the substring hits: where does this page start among them?
    fuzzy_offset = 0 if results or offset == 0 else max(offset - matches.count(), 0)
    wanted = limit - len(results)
    results.extend(_ranked_page(base, fuzzy, order, fuzzy_offset, fuzzy_offset + wanted))
    return results


def _ranked_page(base: QuerySet, ranked: QuerySet, order: Sequence[str], start: int, stop: int):
    """Rows `start`–`stop` of `ranked` in `order`, sorted as bare (id, rank) pairs, then read
    whole with their related rows: a common romanised name (≈ 20,000 matches at national scale)
    is sorted in 41 ms instead of 282 ms with every match joined to its area and profession."""
    rows = list(
        ranked.select_related(None).order_by(*order).values_list("pk", "search_rank")[start:stop]
    )
    if not rows:
        return []
    records = base.in_bulk([pk for pk, _rank in rows])
    results = []
    for pk, rank in rows:
        record = records[pk]
        record.search_rank = rank
        results.append(record)
    return results


def _by_words(target: _Target, terms: _Terms) -> bool:
    """Whether the fuzzy rank of this query comes from the name-word table."""
    return target.link_model is not None and not terms.short


# A fuzzy query whose words are more than this reads their people in one sorted query instead of
# one ordered index walk per word.
WORD_WALKS = 40


def word_variants(text: str) -> set[str]:
    """The word and each string one character shorter: two words one edit apart (a wrong, missing,
    extra or swapped character) always share one of these (the deletion index of the name
    words)."""
    return {text} | {text[:i] + text[i + 1 :] for i in range(len(text))}


def _like_fullmatch(pattern: str) -> re.Pattern[str]:
    """A LIKE pattern (backslash escapes) as a regular expression for a whole string."""
    out, i = "", 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            out += re.escape(pattern[i + 1])
            i += 2
            continue
        out += ".*" if ch == "%" else "." if ch == "_" else re.escape(ch)
        i += 1
    return re.compile(out, re.DOTALL)


def _one_edit_words(term: str, fuzzy: _Fuzzy) -> list[re.Pattern[str]]:
    """The "one edit away" tests of `_one_edit_away` for a whole word (the pattern without the
    `%` around it)."""
    return [_like_fullmatch(p.removeprefix("%").removesuffix("%")) for p in fuzzy.patterns]


def _words_one_edit_away(target: _Target, term: str) -> set[int]:
    """The name words one edit away from `term` (the edits `_one_edit_away` allows, of the whole
    word), looked up by their deletion variants (one B-tree lookup per variant), then tested
    exactly; a word containing the term is not one."""
    fuzzy = _one_edit_away(term, _alphabet(term))  # the patterns only: no alphabet is spelt out
    if not fuzzy.patterns:
        return set()
    tests = _one_edit_words(term, fuzzy)
    rows = (
        target.variant_model.objects.filter(variant__in=sorted(word_variants(term)))
        .values_list("word_id", "word__text")
        .distinct()
    )
    return {
        pk for pk, text in rows if term not in text and any(test.fullmatch(text) for test in tests)
    }


def _word_alternatives(target: _Target, terms: _Terms) -> list[tuple[set[int], ...]]:
    """The fuzzy rank as word sets a person must hold one of each: a one-word query, a word one
    edit away from it (one alternative per word, so each is walked in order from the index); a
    query of several words, each of its words held as it is but one, held one edit away (in the
    Thai form of the query, or in its romanised form)."""
    forms = []
    if terms.name:
        forms.append([w.lower() for w in terms.words] if len(terms.words) > 1 else [terms.name])
    if terms.latin:
        forms.append(
            [latin_fold(w) for w in terms.words] if len(terms.words) > 1 else [terms.latin]
        )
    alternatives: list[tuple[set[int], ...]] = []
    if len(terms.words) <= 1:
        found = set()
        for (term,) in forms:
            found |= _words_one_edit_away(target, term)
        return [({pk},) for pk in sorted(found)]
    word_model = target.variant_model._meta.get_field("word").related_model
    for words in forms:
        if any(not w for w in words):
            continue
        exact = dict(word_model.objects.filter(text__in=words).values_list("text", "pk"))
        for j, misspelt in enumerate(words):
            others = [w for i, w in enumerate(words) if i != j]
            if any(w not in exact for w in others):
                continue
            near = _words_one_edit_away(target, misspelt)
            if near:
                alternatives.append(
                    ({exact[w] for w in others[:1]}, *({exact[w]} for w in others[1:]), near)
                )
    return alternatives


def _word_fuzzy_results(target: _Target, terms: _Terms, base: QuerySet, *, limit: int, offset: int):
    """The fuzzy rank from the name words (`_word_alternatives`): the people holding the words of
    an alternative whose name does not contain the query, in Thai order. Each alternative is
    walked from the link's (word, sort key, person) index on each word of its rarest group
    (`_driver`), the others tested per person, stopping at the page; the page is the first of
    their merge (a person found by two walks counts once)."""
    alternatives = _word_alternatives(target, terms)
    if not alternatives:
        return []
    contained = Q()
    if terms.name:
        contained |= Q(name_search__contains=terms.name)
    if terms.latin:
        contained |= Q(name_latin__contains=terms.latin)
    scoped = base.exclude(contained).select_related(None)
    links = target.link_model.objects.all()
    field = target.link_field
    wanted = offset + limit
    if len(alternatives) > WORD_WALKS:  # one-word queries only: each alternative is one word
        word_ids = sorted(pk for (first,) in alternatives for pk in first)
        ids = list(
            scoped.filter(Exists(links.filter(**{field: OuterRef("pk")}, word_id__in=word_ids)))
            .order_by("sort_key", "pk")
            .values_list("pk", flat=True)[offset:wanted]
        )
    else:
        found: dict[int, str] = {}
        for groups in alternatives:
            driver, rest = _driver(links, groups)
            for word in sorted(driver):
                walk = links.filter(word_id=word).filter(Exists(scoped.filter(pk=OuterRef(field))))
                for held in rest:
                    walk = walk.filter(
                        Exists(links.filter(**{field: OuterRef(field)}, word_id__in=sorted(held)))
                    )
                found.update(
                    walk.order_by("sort_key", field).values_list(field, "sort_key")[:wanted]
                )
        ids = [pk for pk, _key in sorted(found.items(), key=lambda item: (item[1], item[0]))]
        ids = ids[offset:wanted]
    records = base.in_bulk(ids)
    results = []
    for pk in ids:
        record = records[pk]
        record.search_rank = RANK_FUZZY
        results.append(record)
    return results


# How far the links of a word group are counted to find the rarest group of a fuzzy full name.
DRIVER_COUNT_CAP = 5_000


def _driver(links: QuerySet, groups: tuple[set[int], ...]) -> tuple[set[int], list[set[int]]]:
    """The word group of an alternative whose people are walked, and the others, tested per
    person: the first group, unless `DRIVER_COUNT_CAP` people or more hold it; then the group
    the fewest people hold (counted up to the cap). A misspelt full name whose correct word is
    very common walks the people of the misspelt word's few near words, not the tens of
    thousands holding the correct one."""
    if len(groups) == 1:
        return groups[0], []
    first = links.filter(word_id__in=sorted(groups[0]))[:DRIVER_COUNT_CAP].count()
    if first < DRIVER_COUNT_CAP:
        return groups[0], list(groups[1:])  # not common: its walk finds the page soon enough
    counts = [first] + [
        links.filter(word_id__in=sorted(g))[:DRIVER_COUNT_CAP].count() for g in groups[1:]
    ]
    index = min(range(len(groups)), key=lambda i: (counts[i], len(groups[i]), i))
    return groups[index], [g for i, g in enumerate(groups) if i != index]


# The first rows of the scope in Thai order that `_walked_results` reads before it gives up and
# asks the trigram index. A query that many names match (กลุ่ม in organisation names, a common
# given name, a typo of one) fills its page within them; one that few names match does not, and
# the index finds its few matches cheaply.
WALK_ROWS = 2_000


def _walked_results(target: _Target, terms: _Terms, base: QuerySet, *, limit: int, offset: int):
    """A Thai query's page: the exact and prefix names through the name and sort-key indexes
    (`_short_results`), then the substring (rank 2) and one-edit-away (rank 3) names read off
    the first `WALK_ROWS` names of the scope in Thai order (the sort-key index, no sort), each
    tested against the query; None when the page is not surely among them (few names match:
    the trigram index finds them cheaply). Romanised queries: None.

    Exact: the names of one rank in Thai order start with the ones of that rank among the first
    rows, so when the window holds every row of the page's ranks that comes before the page's
    end, the page is what one ordered query over all matches gives (tests compare both)."""
    if terms.latin or not terms.name:
        return None
    head = _short_results(target, terms, base, limit=limit, offset=offset)
    if len(head) >= limit:
        return head
    if head or offset == 0:
        skip = 0
    else:  # the page starts after every exact and prefix name: how many are there?
        where, params = _prefix_where(target, terms.name)
        skip = max(
            offset - base.filter(RawSQL(where, params, output_field=BooleanField())).count(), 0
        )
    rank_sql, rank_params = _rank_sql(target, terms)
    contains, contains_params = _like_any(target, {"name_search": [_contains(terms.name)]})
    case = f"CASE WHEN {contains} THEN {rank_sql}"
    params = [*contains_params, *rank_params]
    ranks = [RANK_SUBSTRING]
    fuzzy = None if _by_words(target, terms) else _fuzzy_parts(terms)
    if fuzzy is not None:
        # As `_fuzzy_matches` asks it: the exact patterns, and the candidate tests (which only
        # a name passing the patterns reaches).
        by_name, _by_latin = fuzzy
        verified, verified_params = _like_any(target, {"name_search": list(by_name.patterns)})
        candidates, candidate_params = _conjunctions_like(target, {"name_search": by_name.groups})
        case += f" WHEN {verified} AND {candidates} THEN {RANK_FUZZY}"
        params += [*verified_params, *candidate_params]
        ranks.append(RANK_FUZZY)
    case += " ELSE -1 END"
    window = list(
        base.order_by("sort_key", "pk")
        .annotate(walk_rank=RawSQL(case, params, output_field=IntegerField()))
        .values_list("pk", "walk_rank")[:WALK_ROWS]
    )
    complete = len(window) < WALK_ROWS  # the window is the whole scope
    by_rank: dict[int, list[int]] = {}
    for pk, rank in window:
        by_rank.setdefault(rank, []).append(pk)
    page: list[tuple[int, int]] = []
    room = limit - len(head)
    for rank in ranks:
        found = by_rank.get(rank, [])
        wanted = skip + room - len(page)
        if not complete and len(found) < wanted:
            return None  # more names of this rank may come after the window
        page += [(pk, rank) for pk in found[skip:wanted]]
        if len(page) >= room:
            break
        skip = max(skip - len(found), 0)
    if len(page) < room and fuzzy is None and _fuzzy_parts(terms) is not None:
        return None  # the page goes on with fuzzy names, which come from the name words
    records = base.in_bulk([pk for pk, _rank in page])
    results = list(head)
    for pk, rank in page:
        record = records[pk]
        record.search_rank = rank
        results.append(record)
    return results


def _fuzzy_parts(terms: _Terms) -> tuple[_Fuzzy, _Fuzzy] | None:
    """The "one edit away" tests of the terms (name, latin) as `_fuzzy_matches` builds them;
    None when there is no fuzzy rank."""
    if terms.short:
        return None
    selective = 4 if connection.vendor == "postgresql" else MIN_TRIGRAM_LENGTH
    by_name = (
        _one_edit_away(terms.name, _alphabet(terms.name), selective) if terms.name else _Fuzzy()
    )
    by_latin = _one_edit_away(terms.latin, _FOLDED_ALPHABET, selective) if terms.latin else _Fuzzy()
    if not by_name.patterns and not by_latin.patterns:
        return None
    return by_name, by_latin


def _conjunctions_like(
    target: _Target, by_column: dict[str, list[list[_Conjunction]]]
) -> tuple[str, list]:
    """True when a column contains every string of one of its conjunctions (plain LIKE, for a
    row already read)."""
    clauses, params = [], []
    for column, groups in by_column.items():
        for test in (t for group in groups for t in group):
            each = [_like(_column(target, column), 1)[0] for _ in test]
            clauses.append("(" + " AND ".join(each) + ")")
            params += [_contains(text) for text in test]
    if not clauses:
        return "1 = 0", []
    return "(" + " OR ".join(clauses) + ")", params


# The time a search may take ------------------------------------------------------------------


class SearchTooBroad(ValidationError):
    """A search stopped at its time limit (`settings.SEARCH_TIMEOUT_MS`): the answer to the
    user is to narrow it, never an error page, and no server thread is held for seconds."""

    def __init__(self) -> None:
        super().__init__(
            {
                "q": _(
                    "This search matches too many names to answer quickly: narrow it (more "
                    "letters, the family name too, or an area)."
                )
            },
            code="search_too_broad",
        )


def _canceled(error: Exception) -> bool:
    cause = error.__cause__
    if connection.vendor == "postgresql":
        return getattr(cause, "sqlstate", None) == "57014"  # query_canceled
    return "interrupted" in str(cause or error)


@contextlib.contextmanager
def time_limit(milliseconds: int | None = None) -> Iterator[None]:
    """The block's statements stop after `milliseconds` (default ``settings.SEARCH_TIMEOUT_MS``)
    and raise :class:`SearchTooBroad`: on PostgreSQL each statement (``statement_timeout`` for
    the block's transaction), on SQLite the block in all (the progress handler's deadline)."""
    limit = settings.SEARCH_TIMEOUT_MS if milliseconds is None else milliseconds
    if not limit:
        yield
        return
    if connection.vendor == "postgresql":
        nested = connection.in_atomic_block
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "SELECT current_setting('statement_timeout'), "
                    "set_config('statement_timeout', %s, true)",
                    [f"{int(limit)}ms"],
                )
                before = cursor.fetchone()[0]
                yield
                if nested:  # set_config(…, true) lasts to the end of the outer transaction
                    cursor.execute("SELECT set_config('statement_timeout', %s, true)", [before])
        except OperationalError as error:
            if _canceled(error):
                raise SearchTooBroad() from error
            raise
        return
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    raw = connection.connection
    deadline = time.monotonic() + limit / 1000
    raw.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, 2_000)
    try:
        yield
    except OperationalError as error:
        if _canceled(error):
            raise SearchTooBroad() from error
        raise
    finally:
        raw.set_progress_handler(None, 0)

"""Search pages read off ordered streams instead of sorting every match (issue #20, ADR 0028).

`concenter.common.search` asks these first and falls back to its trigram path when they cannot
prove their page (None):

* **A romanised query's exact and prefix names** (ranks 0–1, `latin_head`). Exact: a key of
  ``name_latin`` equal to the query, found by the two expression indexes of migration people 0009
  (`latin_key_sql`), or ``name_search`` equal to it. Prefix: every name whose key starts with the
  query holds, as its first romanised word, a word that starts with the query or one that the
  query starts with (give or take the letters a fold changes where two words meet,
  `first_word_candidates`); each such word's people come in Thai order from the index of the
  links of people to the first word of each of their keys (`head_model`, ADR 0031), so a stream
  holds only names whose key starts with its word; the first `STREAM_ROWS` of the scope each,
  tested row by row. A common given name (`kanya`: tens of thousands of names) then costs a few
  index walks instead of a sort, and so does a word mostly held as a family name (`malai`),
  whose family-name holders are in no stream.
* **The names that start with a lone leading vowel** (`เ`, rank 1 of a one-letter query,
  `leading_vowel_prefix`): such a name's sort key starts with the consonant after the vowel, so
  they lie in one sort-key range per consonant, walked in Thai order, then the few names whose
  vowel is not followed by a consonant (their key starts with the vowel).

Each stream is exact or says it is not: tests compare every page with one plain ordered query.
"""

from __future__ import annotations

import itertools

from django.db import connection
from django.db.models import BooleanField, CharField, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat

from concenter.common import search as s

# The first rows of a word's people (within the scope) a prefix stream reads: a common word's
# names fill a page within them; a word whose people rarely start with the query does not, and
# the trigram index answers instead.
STREAM_ROWS = 500
# More names than this equal to a romanised query: the trigram path answers.
EXACT_MAX = 2_000
_MAX = "\U0010ffff"
_CONSONANTS = [chr(c) for c in range(0x0E01, 0x0E2F)]  # ก .. ฮ


def latin_key_sql(column: str) -> tuple[str, str, str]:
    """SQL of the first key of `column` (name_latin), of its second key, and the test that there
    is a second one: the very expressions of the indexes of migration people 0009."""
    if connection.vendor == "postgresql":
        return (
            f"split_part({column}, ' ', 1)",
            f"split_part({column}, ' ', 2)",
            f"strpos({column}, ' ') > 0",
        )
    return (
        f"substr({column}, 1, instr({column} || ' ', ' ') - 1)",
        f"substr({column}, instr({column}, ' ') + 1)",
        f"instr({column}, ' ') > 0",
    )


def _exact_where(target, terms) -> tuple[str, list]:
    """Rank 0 of a romanised query, as three index lookups."""
    ns, nl = s._column(target, "name_search"), s._column(target, "name_latin")
    first, second, two = latin_key_sql(nl)
    clauses, params = [f"{first} = %s", f"({second} = %s AND {two})"], [terms.latin, terms.latin]
    if terms.name:
        clauses.insert(0, f"{ns} = %s")
        params.insert(0, terms.name)
    return "(" + " OR ".join(clauses) + ")", params


def latin_rank(terms, name_search: str, name_latin: str) -> int | None:
    """The rank `search._rank_sql` gives a row, for ranks 0–1 (None: neither)."""
    keys = name_latin.split(" ")
    if (terms.name and name_search == terms.name) or terms.latin in keys:
        return s.RANK_EXACT
    if (terms.name and name_search.startswith(terms.name)) or any(
        k.startswith(terms.latin) for k in keys
    ):
        return s.RANK_PREFIX
    return None


def first_word_candidates(query: str) -> set[str]:
    """Words one of which is the first romanised word of every name whose key starts with
    `query`, besides the words that start with it.

    A key is `latin_fold` of the name's words run together, each word is folded alone: the part of
    the key a first word gives equals the word folded, except where a fold rule takes letters of
    both words (``e|e`` → ``i``, ``o|o`` → ``u``, ``or|n`` → ``on``; the doubled-letter rule only
    drops the second word's letter, or one more of the first after those). So either the word
    starts with the query, or it is a start of the query, or such a start with its last ``i``
    written ``e``, its last ``u`` written ``o``, an ``e`` or ``o`` added, or an ``r`` added after
    an ``o``."""
    found: set[str] = set()
    for end in range(1, len(query) + 1):
        start = query[:end]
        found.add(start)
        if start.endswith("i"):
            found |= {start[:-1] + "e", start + "e"}
        if start.endswith("u"):
            found |= {start[:-1] + "o", start + "o"}
        if start.endswith("o"):
            found.add(start + "r")
    return found


def latin_head(target, terms, base: QuerySet, *, limit: int, offset: int) -> list | None:
    """A romanised query's page when its exact and prefix names fill it (None otherwise, or when
    a stream cannot tell)."""
    if _stream_model(target) is None or not terms.latin or terms.short or not terms.one_word:
        return None  # a full name: few names start with it, the trigram index finds them
    exact_sql, exact_params = _exact_where(target, terms)
    is_exact = RawSQL(exact_sql, exact_params, output_field=BooleanField())
    # Read unordered and sorted here: asked in order, PostgreSQL walks the sort-key index through
    # two million names for the few (or none) equal to the query.
    exact = sorted(
        (key, pk)
        for pk, key in base.filter(is_exact)
        .select_related(None)
        .values_list("pk", "sort_key")[: EXACT_MAX + 1]
    )
    if len(exact) > EXACT_MAX:
        return None
    exact_ids = [pk for _key, pk in exact[offset : offset + limit]]
    skip = max(offset - len(exact), 0)
    wanted = skip + limit - len(exact_ids)
    prefix_ids: list[int] = []
    if wanted > skip:
        ids = _prefix_ids(target, terms, base, is_exact, wanted)
        if ids is None:
            return None
        prefix_ids = ids[skip:wanted]
        if len(prefix_ids) < wanted - skip:
            return None  # the page goes on with names containing the query: the trigram index
    records = base.in_bulk(exact_ids + prefix_ids)
    results = []
    for rank, ids in ((s.RANK_EXACT, exact_ids), (s.RANK_PREFIX, prefix_ids)):
        for pk in ids:
            record = records[pk]
            record.search_rank = rank
            results.append(record)
    return results


def _stream_model(target):
    """The links whose people a prefix stream walks: each record's first word of each key (ADR
    0031), or, for a model without them, every word of its name (a superset: right, slower)."""
    return target.head_model or target.link_model


def _prefix_ids(target, terms, base: QuerySet, is_exact, wanted: int) -> list[int] | None:
    """The first `wanted` names of rank 1 in Thai order (all of them when fewer), or None."""
    word_model = target.variant_model._meta.get_field("word").related_model
    query = terms.latin
    words = list(
        word_model.objects.filter(
            Q(text__in=sorted(first_word_candidates(query)))
            | Q(text__gte=query, text__lt=query + _MAX)
        ).values_list("pk", "text")[: s.WORD_WALKS + 1]
    )
    if len(words) > s.WORD_WALKS:
        return None
    scoped = base.select_related(None)
    field = target.link_field
    fk = field.removesuffix("_id")
    # A stream of a word the query only starts with (`sup` for `suphatra`) holds thousands of
    # names and few or none of them continue with the query: read to its limit, it would bound
    # the page before the names that do, so its rows are tested as the index is walked (only the
    # keys starting with the query). A word that starts with the query starts such keys already
    # (bar a fold across its end, which the exact test below drops): its stream is walked
    # without the test, in the index's order — with it, PostgreSQL misjudges the test as
    # selective and reads and sorts every link of a common word (`kanya`: 0.5 s national).
    padded = Concat(Value(" "), f"{fk}__name_latin", output_field=CharField())
    # Each stream is read up to a point (its last row, when it may go on): every name of rank 1
    # up to the nearest such point is known, and the page is right when it ends before it.
    found: set[tuple[str, int]] = set()
    bound: tuple[str, int] | None = None
    # A first look at a few rows of each stream (a common word's names fill the page within
    # them), then, when that cannot tell, `STREAM_ROWS`; every stream in one statement.
    for rows_read in sorted({min(STREAM_ROWS, max(4 * wanted, 40)), STREAM_ROWS}):
        found, bound = set(), None
        marker = -987_654_321  # the word's place among the compiled statement's parameters
        links = _stream_model(target).objects.filter(word_id=marker)
        tested = links.annotate(padded_latin=padded).filter(padded_latin__contains=" " + query)
        compiled = {
            starts: (
                walk.filter(Exists(scoped.filter(pk=OuterRef(field))))
                .order_by("sort_key", field)
                .values_list(field, "sort_key", f"{fk}__name_search", f"{fk}__name_latin")[
                    :rows_read
                ]
                .query.sql_with_params()
            )
            for starts, walk in ((True, links), (False, tested))
        }
        parts, params = [], []
        for word, text in sorted(words):
            sql, template = compiled[text.startswith(query)]
            parts.append(
                f"SELECT {word} AS word, walk{len(parts)}.* FROM ({sql}) AS walk{len(parts)}"
            )
            params += [word if value == marker else value for value in template]
        by_word: dict[int, list] = {}
        if parts:
            with connection.cursor() as cursor:
                cursor.execute(" UNION ALL ".join(parts), params)
                for word, *row in cursor.fetchall():
                    by_word.setdefault(word, []).append(row)
        for rows in by_word.values():
            rows.sort(key=lambda row: (row[1], row[0]))
            found |= {
                (key, pk) for pk, key, ns, nl in rows if latin_rank(terms, ns, nl) == s.RANK_PREFIX
            }
            if len(rows) >= rows_read:
                bound = min(bound or (rows[-1][1], rows[-1][0]), (rows[-1][1], rows[-1][0]))
        if bound is None or sum(row <= bound for row in found) >= wanted:
            break
    if terms.name:  # a name written in Latin letters in the Thai name fields
        where, params = s._prefix_where(target, terms.name)
        rows = list(
            scoped.filter(RawSQL(where, params, output_field=BooleanField()))
            .exclude(is_exact)
            .order_by("sort_key", "pk")
            .values_list("sort_key", "pk")[:wanted]
        )
        found |= set(rows)
        if len(rows) >= wanted:
            bound = min(bound or rows[-1], rows[-1])
    known = sorted(row for row in found if bound is None or row <= bound)
    if bound is not None and len(known) < wanted:
        return None  # the page may hold names past a stream's last row read
    return [pk for _key, pk in known[:wanted]]


def leading_vowel_prefix(target, term: str, base: QuerySet, *, start: int, stop: int):
    """Rows `start`–`stop` (in Thai order) of the names starting with `term`, a lone leading vowel,
    other than `term` itself; None when it cannot be asked this way."""
    if len(term) != 1 or term not in s._LEADING_VOWELS:
        return None
    # A name starting with the vowel has a sort key starting with the consonant after it and the
    # vowel (the vowel moved behind it), or, when no consonant follows it at once, with the vowel.
    ranges = sorted([(s._sort_key_start(term + c), term + c) for c in _CONSONANTS] + [(term, term)])
    if any(not key for key, _prefix in ranges) or any(
        b[0].startswith(a[0]) for a, b in itertools.pairwise(ranges)
    ):
        return None  # the ranges are not disjoint and ordered: never with the sort key of today
    ns = s._column(target, "name_search")
    scoped = base.select_related(None).exclude(name_search=term)
    # One walk compiled once, its range's values put in per range (compiling 45 querysets costs
    # more than running them).
    key_column = s._column(target, "sort_key")
    slots = ["\x00prefix", "\x00prefix_end", "\x00key", "\x00key_end"]
    if connection.vendor == "postgresql":
        # Tested per row while the sort-key index is walked (as `search._short_results`).
        where, where_params = f"({ns} || '') LIKE %s", [slots[0]]
    else:
        where, where_params = f"({ns} >= %s AND {ns} < %s)", slots[:2]
    walk = (
        scoped.filter(RawSQL(where, where_params, output_field=BooleanField()))
        .filter(RawSQL(f"{key_column} >= %s AND {key_column} < %s", slots[2:], BooleanField()))
        .order_by("sort_key", "pk")
        .values_list("sort_key", "pk")[:stop]
    )
    sql, template = walk.query.sql_with_params()
    found: list[tuple[str, int]] = []
    batches = (ranges[:2], ranges[2:10], ranges[10:])  # a page is mostly within the first ranges
    for batch in batches:
        if len(found) >= stop or not batch:
            break
        parts, params = [], []
        for key, prefix in batch:
            values = {
                slots[0]: s._like_escape(prefix) + "%",
                slots[1]: prefix + _MAX,
                slots[2]: key,
                slots[3]: key + _MAX,
            }
            if connection.vendor != "postgresql":
                values[slots[0]] = prefix
            parts.append(f"SELECT * FROM ({sql}) AS walk{len(parts)}")
            params += [values.get(value, value) for value in template]
        with connection.cursor() as cursor:  # one statement for the batch: each range walked
            cursor.execute(" UNION ALL ".join(parts), params)
            found += [tuple(row) for row in cursor.fetchall()]
    ids = [pk for _key, pk in sorted(found)][start:stop]
    records = base.in_bulk(ids)
    page = []
    for pk in ids:
        record = records[pk]
        record.search_rank = s.RANK_PREFIX
        page.append(record)
    return page

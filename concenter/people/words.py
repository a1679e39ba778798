"""The words of people's names (`NameWord`, `PersonWord`): what a misspelt name is matched against.

A person's words are those of each name part: the given and family name each give their
``name_search`` form (spaces removed, lower case) and the folded romanisation of each of their
words; the English given and family names give their folded words. One function gives them
(`name_words`), and every writer goes through `words_write` (a person's words from their stored
names) or `words_rebuild` (every person's, set-based: the migration, the synthetic network).
Beside them, each person's head words (`PersonHeadWord`, `head_words`): the first word of each
romanised key of ``name_latin``, which the romanised prefix search walks
(docs/adr/0031-romanised-key-head-words.md); the same two writers keep them.
Kept in step by the people services (create, change, anonymise) and by the romanisation after an
import (`concenter.exchange.romanize.fill`). docs/adr/0025-name-word-table.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from django.db import connection, transaction

from concenter.common.search import word_variants
from concenter.common.thai import latin_fold, normalize_text, romanize_name

WORD_MAX_LENGTH = 100
_CHUNK = 500

# Which name columns give which words: a Thai part gives its name_search form and its romanised
# words, an English part its folded words.
THAI_PARTS = ("given_name", "family_name")
ENGLISH_PARTS = ("given_name_en", "family_name_en")


def _clip(words: Iterable[str]) -> set[str]:
    return {w[:WORD_MAX_LENGTH] for w in words if w}


@lru_cache(maxsize=1 << 16)
def thai_part_words(value: str) -> frozenset[str]:
    """The words of a given or family name."""
    text = normalize_text(value or "")
    if not text:
        return frozenset()
    words = {text.replace(" ", "").lower()}
    words |= {latin_fold(w) for w in romanize_name(text).split()}
    return frozenset(_clip(words))


@lru_cache(maxsize=1 << 16)
def english_part_words(value: str) -> frozenset[str]:
    """The words of an English given or family name."""
    return frozenset(_clip(latin_fold(w) for w in normalize_text(value or "").split()))


@lru_cache(maxsize=1 << 16)
def thai_part_head(value: str) -> str:
    """The first romanised word of a given or family name ("" when it romanises to nothing)."""
    folded = (latin_fold(w) for w in romanize_name(normalize_text(value or "")).split())
    return next((w[:WORD_MAX_LENGTH] for w in folded if w), "")


@lru_cache(maxsize=1 << 16)
def english_part_head(value: str) -> str:
    """The first folded word of an English given or family name ("" when it has none)."""
    folded = (latin_fold(w) for w in normalize_text(value or "").split())
    return next((w[:WORD_MAX_LENGTH] for w in folded if w), "")


def head_words(*, given_name="", family_name="", given_name_en="", family_name_en="") -> set[str]:
    """The first word of each romanised key of a name (`people.services.latin_key`): the key of
    the Thai name starts with the given name's first romanised word, or the family name's when
    the given name has none; the key of the English name likewise. Each is one of `name_words`."""
    heads = {
        thai_part_head(given_name) or thai_part_head(family_name),
        english_part_head(given_name_en) or english_part_head(family_name_en),
    }
    return heads - {""}


def name_words(*, given_name="", family_name="", given_name_en="", family_name_en="") -> set[str]:
    """Every word of a name."""
    return set(
        thai_part_words(given_name)
        | thai_part_words(family_name)
        | english_part_words(given_name_en)
        | english_part_words(family_name_en)
    )


def _tables() -> tuple[str, str, str]:
    from concenter.people.models import NameWord, Person, PersonWord

    qn = connection.ops.quote_name
    return (
        qn(Person._meta.db_table),
        qn(NameWord._meta.db_table),
        qn(PersonWord._meta.db_table),
    )


def _head_table() -> str:
    from concenter.people.models import PersonHeadWord

    return connection.ops.quote_name(PersonHeadWord._meta.db_table)


def _variant_table() -> str:
    from concenter.people.models import NameWordVariant

    return connection.ops.quote_name(NameWordVariant._meta.db_table)


def _insert_variants(cursor, word_ids: dict[str, int], *, new: bool = False) -> None:
    """The deletion variants of these words (`search.word_variants`); `new`: none is there yet."""
    rows = sorted((v, pk) for text, pk in word_ids.items() for v in word_variants(text))
    conflict = "" if new else " ON CONFLICT (variant, word_id) DO NOTHING"
    table = _variant_table()
    for start in range(0, len(rows), _CHUNK):
        part = rows[start : start + _CHUNK]
        marks = ", ".join(["(%s, %s)"] * len(part))
        cursor.execute(
            f"INSERT INTO {table} (variant, word_id) VALUES {marks}{conflict}",  # noqa: S608
            [value for row in part for value in row],
        )


def _insert_words(cursor, table: str, words: Iterable[str]) -> None:
    rows = sorted(set(words))
    for start in range(0, len(rows), _CHUNK):
        part = rows[start : start + _CHUNK]
        marks = ", ".join(["(%s)"] * len(part))
        cursor.execute(
            f"INSERT INTO {table} (text) VALUES {marks} ON CONFLICT (text) DO NOTHING",  # noqa: S608
            part,
        )


def _drop_orphans(cursor, word_ids: Sequence[int]) -> None:
    """Remove the words no person holds any more among `word_ids`."""
    _person, word, link = _tables()
    variant = _variant_table()
    ids = sorted(set(word_ids))
    for start in range(0, len(ids), _CHUNK):
        part = ids[start : start + _CHUNK]
        marks = ", ".join(["%s"] * len(part))
        cursor.execute(
            f"SELECT id FROM {word} WHERE id IN ({marks}) AND NOT EXISTS "  # noqa: S608
            f"(SELECT 1 FROM {link} l WHERE l.word_id = {word}.id)",
            part,
        )
        orphans = [row[0] for row in cursor.fetchall()]
        if not orphans:
            continue
        marks = ", ".join(["%s"] * len(orphans))
        cursor.execute(f"DELETE FROM {variant} WHERE word_id IN ({marks})", orphans)  # noqa: S608
        cursor.execute(f"DELETE FROM {word} WHERE id IN ({marks})", orphans)  # noqa: S608


def words_write(person_ids: Iterable[int]) -> None:
    """Make the words of these people what their stored names give (deleted people: none). In
    the caller's transaction, or one of its own; a few statements per 500 people."""
    ids = sorted(set(person_ids))
    if not ids:
        return
    person, word, link = _tables()
    head = _head_table()
    columns = ", ".join(connection.ops.quote_name(c) for c in (*THAI_PARTS, *ENGLISH_PARTS))
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(ids), _CHUNK):
            part = ids[start : start + _CHUNK]
            marks = ", ".join(["%s"] * len(part))
            cursor.execute(
                f"SELECT id, sort_key, {columns} FROM {person} WHERE id IN ({marks})",  # noqa: S608
                part,
            )
            wanted: dict[int, tuple[str, set[str]]] = {}
            heads: dict[int, set[str]] = {}
            for pk, sort_key, given, family, given_en, family_en in cursor.fetchall():
                names = {
                    "given_name": given,
                    "family_name": family,
                    "given_name_en": given_en,
                    "family_name_en": family_en,
                }
                wanted[pk] = (sort_key, name_words(**names))
                heads[pk] = head_words(**names)
            cursor.execute(
                f"SELECT word_id FROM {link} WHERE person_id IN ({marks})",  # noqa: S608
                part,
            )
            old_words = [row[0] for row in cursor.fetchall()]
            cursor.execute(f"DELETE FROM {link} WHERE person_id IN ({marks})", part)  # noqa: S608
            cursor.execute(f"DELETE FROM {head} WHERE person_id IN ({marks})", part)  # noqa: S608
            every = {w for _key, words in wanted.values() for w in words}
            _insert_words(cursor, word, every)
            if every:
                texts = sorted(every)
                word_marks = ", ".join(["%s"] * len(texts))
                cursor.execute(
                    f"SELECT text, id FROM {word} WHERE text IN ({word_marks})",  # noqa: S608
                    texts,
                )
                word_id = dict(cursor.fetchall())
                _insert_variants(cursor, word_id)
                rows = [
                    (pk, word_id[w], sort_key)
                    for pk, (sort_key, words) in wanted.items()
                    for w in sorted(words)
                ]
                cursor.executemany(
                    f"INSERT INTO {link} (person_id, word_id, sort_key) VALUES (%s, %s, %s)",  # noqa: S608
                    rows,
                )
                cursor.executemany(
                    f"INSERT INTO {head} (person_id, word_id, sort_key) VALUES (%s, %s, %s)",  # noqa: S608
                    [
                        (pk, word_id[w], wanted[pk][0])
                        for pk, words in heads.items()
                        for w in sorted(words)
                    ],
                )
            _drop_orphans(cursor, old_words)


def _part_words(cursor, progress=None) -> int:
    """A temporary table `people_part_word` (kind: 0 Thai, 1 English; value; word; head: 1 when
    the word is the part's first romanised word) of every distinct name part stored, each
    romanised once. Returns how many parts."""
    person = _tables()[0]
    qn = connection.ops.quote_name
    cursor.execute(
        "CREATE TEMPORARY TABLE people_part_word (kind integer, value varchar(100), "
        "word varchar(100), head integer)"
    )
    parts = 0
    for kind, columns, words_of, head_of in (
        (0, THAI_PARTS, thai_part_words, thai_part_head),
        (1, ENGLISH_PARTS, english_part_words, english_part_head),
    ):
        union = " UNION ".join(
            f"SELECT {qn(c)} FROM {person} WHERE {qn(c)} <> ''"  # noqa: S608
            for c in columns
        )
        cursor.execute(union)
        values = [row[0] for row in cursor.fetchall()]
        parts += len(values)
        rows = [(kind, v, w, int(w == head_of(v))) for v in values for w in sorted(words_of(v))]
        cursor.executemany(
            "INSERT INTO people_part_word (kind, value, word, head) VALUES (%s, %s, %s, %s)", rows
        )
        if progress is not None:
            progress(f"{len(values)} distinct {'Thai' if kind == 0 else 'English'} parts")
    cursor.execute("CREATE INDEX people_part_word_value ON people_part_word (value, kind)")
    return parts


def _insert_heads(cursor) -> None:
    """Every person's head words (`head_words`) from `people_part_word`: the first part's head,
    or the second's when the first has none."""
    person, word, _link = _tables()
    qn = connection.ops.quote_name
    joins = []
    for kind, (first, second) in ((0, THAI_PARTS), (1, ENGLISH_PARTS)):
        on = "JOIN people_part_word t ON t.value = p.{} AND t.kind = {} AND t.head = 1"
        joins.append(
            f"SELECT p.id AS person_id, t.word AS word, p.sort_key AS sort_key "  # noqa: S608
            f"FROM {person} p {on.format(qn(first), kind)}"
        )
        joins.append(
            f"SELECT p.id AS person_id, t.word AS word, p.sort_key AS sort_key "  # noqa: S608
            f"FROM {person} p {on.format(qn(second), kind)} WHERE NOT EXISTS ("
            f"SELECT 1 FROM people_part_word g WHERE g.value = p.{qn(first)} "
            f"AND g.kind = {kind} AND g.head = 1)"
        )
    cursor.execute(
        f"INSERT INTO {_head_table()} (person_id, word_id, sort_key) "  # noqa: S608
        f"SELECT j.person_id, w.id, j.sort_key FROM ({' UNION '.join(joins)}) j "
        f"JOIN {word} w ON w.text = j.word"
    )


def heads_rebuild() -> int:
    """Every person's head words again (the migration that adds them; the words are there).
    Returns how many links."""
    head = _head_table()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {head}")  # noqa: S608
        try:
            _part_words(cursor)
            _insert_heads(cursor)
        finally:
            cursor.execute("DROP TABLE people_part_word")
        cursor.execute(f"SELECT count(*) FROM {head}")  # noqa: S608
        return cursor.fetchone()[0]


def words_rebuild(*, progress=None, heads: bool = True) -> dict:
    """Every person's words again, set-based: the distinct name parts are read and romanised once
    each, then the links are written by joins (the migration's backfill, the synthetic network).
    `heads=False`: not the head words (migration people 0006 runs before their table exists).
    Returns counts."""
    person, word, link = _tables()
    qn = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {link}")  # noqa: S608
        if heads:
            cursor.execute(f"DELETE FROM {_head_table()}")  # noqa: S608
        cursor.execute(f"DELETE FROM {_variant_table()}")  # noqa: S608
        cursor.execute(f"DELETE FROM {word}")  # noqa: S608
        try:
            parts = _part_words(cursor, progress)
            cursor.execute(
                f"INSERT INTO {word} (text) SELECT DISTINCT word FROM people_part_word"  # noqa: S608
            )
            cursor.execute(f"SELECT text, id FROM {word}")  # noqa: S608
            _insert_variants(cursor, dict(cursor.fetchall()), new=True)
            joins = " UNION ".join(
                f"SELECT p.id AS person_id, t.word AS word, p.sort_key AS sort_key "  # noqa: S608
                f"FROM {person} p JOIN people_part_word t ON t.value = p.{qn(c)} AND t.kind = {kind}"
                for kind, columns in ((0, THAI_PARTS), (1, ENGLISH_PARTS))
                for c in columns
            )
            cursor.execute(
                f"INSERT INTO {link} (person_id, word_id, sort_key) "  # noqa: S608
                f"SELECT j.person_id, w.id, j.sort_key FROM ({joins}) j "
                f"JOIN {word} w ON w.text = j.word"
            )
            if heads:
                _insert_heads(cursor)
        finally:
            cursor.execute("DROP TABLE people_part_word")
        cursor.execute(f"SELECT count(*) FROM {word}")  # noqa: S608
        words = cursor.fetchone()[0]
        cursor.execute(f"SELECT count(*) FROM {link}")  # noqa: S608
        links = cursor.fetchone()[0]
    return {"parts": parts, "words": words, "links": links}

"""Many rows into one table at once: PostgreSQL's COPY, `executemany` elsewhere.

The bulk writers (imports, the synthetic network, audit entries in bulk) hand their rows here as
tuples of database-ready values (what `Field.get_db_prep_save` gives). COPY sends the rows as one
stream instead of a statement each: on PostgreSQL it is several times faster than a pipeline of
INSERTs. It runs inside the caller's transaction, like the INSERTs it replaces, and fires the
table's triggers and constraints the same way."""

from collections.abc import Sequence

from django.db import connection

EXECUTEMANY_ROWS = 1000


def insert_rows(table: str, columns: Sequence[str], rows: Sequence[Sequence]) -> None:
    if not rows:
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # cursor.cursor: psycopg's own cursor under Django's wrapper (COPY has no wrapper).
            with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})"  # noqa: S608
        for start in range(0, len(rows), EXECUTEMANY_ROWS):
            cursor.executemany(sql, rows[start : start + EXECUTEMANY_ROWS])

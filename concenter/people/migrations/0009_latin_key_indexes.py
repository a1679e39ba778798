"""Indexes on each romanised key of a person (issue #20, ADR 0028).

`Person.name_latin` holds one or two folded keys separated by a space (the royin romanisation of
the Thai name and the English name). A romanised query's exact names (rank 0) are those with a key
equal to the query: these two expression indexes (the first key; the second, of the names that have
one) answer it with two B-tree lookups instead of the trigram index's tens of thousands of rows for
a common given name (`kanya`). The expressions are written in `search_streams.latin_key_sql`, which
the search uses; they must stay the same text.
"""

from django.db import migrations

INDEXES = {
    "postgresql": (
        "CREATE INDEX IF NOT EXISTS person_latin_key1 ON people_person "
        "((split_part(name_latin, ' ', 1)))",
        "CREATE INDEX IF NOT EXISTS person_latin_key2 ON people_person "
        "((split_part(name_latin, ' ', 2))) WHERE strpos(name_latin, ' ') > 0",
        "ANALYZE people_person",
    ),
    "sqlite": (
        "CREATE INDEX IF NOT EXISTS person_latin_key1 ON people_person "
        "(substr(name_latin, 1, instr(name_latin || ' ', ' ') - 1))",
        "CREATE INDEX IF NOT EXISTS person_latin_key2 ON people_person "
        "(substr(name_latin, instr(name_latin, ' ') + 1)) WHERE instr(name_latin, ' ') > 0",
    ),
}


def forwards(apps, schema_editor):
    for sql in INDEXES.get(schema_editor.connection.vendor, ()):
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor in INDEXES:
        schema_editor.execute("DROP INDEX IF EXISTS person_latin_key1")
        schema_editor.execute("DROP INDEX IF EXISTS person_latin_key2")


class Migration(migrations.Migration):
    dependencies = [("people", "0008_merge_list_indexes_and_name_words")]

    operations = [migrations.RunPython(forwards, backwards)]

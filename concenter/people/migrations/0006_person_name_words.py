"""The words of people's names (docs/adr/0023-issue-20-name-word-table.md), filled from the people
stored, and the indexes a scoped search walks.

The link table is filled before its indexes are built (one sorted build, not millions of index
inserts). The word table gets a trigram index: pg_trgm GIN on PostgreSQL, an FTS5 trigram table
kept in step by triggers on SQLite (words are inserted and deleted, never updated).
"""

import django.db.models.deletion
from django.db import migrations, models

import concenter.common.models

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS people_nameword_fts USING fts5(text, "
    "content='people_nameword', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS people_nameword_fts_ai AFTER INSERT ON people_nameword BEGIN "
    "INSERT INTO people_nameword_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS people_nameword_fts_ad AFTER DELETE ON people_nameword BEGIN "
    "INSERT INTO people_nameword_fts(people_nameword_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER IF NOT EXISTS people_nameword_fts_au AFTER UPDATE ON people_nameword BEGIN "
    "INSERT INTO people_nameword_fts(people_nameword_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); "
    "INSERT INTO people_nameword_fts(rowid, text) VALUES (new.id, new.text); END",
    "INSERT INTO people_nameword_fts(people_nameword_fts) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS people_nameword_fts_au",
    "DROP TRIGGER IF EXISTS people_nameword_fts_ad",
    "DROP TRIGGER IF EXISTS people_nameword_fts_ai",
    "DROP TABLE IF EXISTS people_nameword_fts",
]
POSTGRESQL_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS nameword_text_trgm ON people_nameword USING gin (text gin_trgm_ops)",
]
POSTGRESQL_REVERSE = ["DROP INDEX IF EXISTS nameword_text_trgm"]


def _run(schema_editor, statements_by_vendor):
    for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, params=None)


def index_forwards(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD})


def index_backwards(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE})


def backfill(apps, schema_editor):
    from concenter.people.words import words_rebuild

    words_rebuild()


class Migration(migrations.Migration):
    dependencies = [
        ("geography", "0001_initial"),
        ("people", "0005_person_import_pending"),
    ]

    operations = [
        migrations.CreateModel(
            name="NameWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.CharField(max_length=100, unique=True)),
            ],
            options={"verbose_name": "name word", "verbose_name_plural": "name words"},
        ),
        migrations.CreateModel(
            name="PersonWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "sort_key",
                    concenter.common.models.SortKeyField(
                        default="", editable=False, max_length=600
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="people.person",
                    ),
                ),
                (
                    "word",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="people.nameword",
                    ),
                ),
            ],
            options={
                "verbose_name": "name word of a person",
                "verbose_name_plural": "name words of people",
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="personword",
            index=models.Index(fields=["word", "sort_key", "person"], name="personword_word_sort"),
        ),
        migrations.AddConstraint(
            model_name="personword",
            constraint=models.UniqueConstraint(
                fields=("person", "word"), name="personword_person_word"
            ),
        ),
        migrations.RunPython(index_forwards, index_backwards),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["province_code", "sort_key"], name="person_province_sort"),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["district_code", "sort_key"], name="person_district_sort"),
        ),
    ]

"""The words of people's names (docs/adr/0025-name-word-table.md), filled from the people
stored.

The link and variant tables are filled before their indexes are built (one sorted build, not
millions of index inserts). A misspelt query finds its words through their deletion variants
(a B-tree index, the same on SQLite and PostgreSQL).
"""

import django.db.models.deletion
from django.db import migrations, models

import concenter.common.models

def backfill(apps, schema_editor):
    from concenter.people.words import words_rebuild

    words_rebuild(heads=False)  # their table comes in migration 0010


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
        migrations.CreateModel(
            name="NameWordVariant",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("variant", models.CharField(max_length=100)),
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
                "verbose_name": "name word variant",
                "verbose_name_plural": "name word variants",
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="namewordvariant",
            constraint=models.UniqueConstraint(
                fields=("variant", "word"), name="namewordvariant_variant_word"
            ),
        ),
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
    ]

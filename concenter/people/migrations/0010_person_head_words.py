"""The first romanised word of each key of a person's name (issue #20, ADR 0031).

`people_personheadword` links each person to the first word of each romanised key of their
`name_latin` (the Thai name's, the English name's), with their sort key: a romanised prefix
search walks the people of the words a key may start with, in Thai order, reading only those
whose key starts with the word (`search_streams`). Filled from the people stored before its
indexes are built (one sorted build, not millions of index inserts); `people.words` keeps it in
step from then on.
"""

import django.db.models.deletion
from django.db import migrations, models

import concenter.common.models


def backfill(apps, schema_editor):
    from concenter.people.words import heads_rebuild

    heads_rebuild()
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ANALYZE people_personheadword")


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0009_latin_key_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="PersonHeadWord",
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
                "verbose_name": "first romanised word of a person's name",
                "verbose_name_plural": "first romanised words of people's names",
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="personheadword",
            index=models.Index(
                fields=["word", "sort_key", "person"], name="personheadword_word_sort"
            ),
        ),
        migrations.AddConstraint(
            model_name="personheadword",
            constraint=models.UniqueConstraint(
                fields=("person", "word"), name="personheadword_person_word"
            ),
        ),
    ]

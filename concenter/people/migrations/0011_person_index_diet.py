"""People without the indexes another index already covers (issue #17, ADR 0034).

Dropped: the single-column indexes of `province_code`, `district_code`, `subdistrict_code`
(each leads its `person_*_list` index) and `person_sort` (leads `person_all_list`); the
profession link's own index (`person_profession` is the same); on PostgreSQL the `LIKE`
(`varchar_pattern_ops`) twins Django adds beside indexed or unique text columns. The area link's
index becomes `person_area`, and the national ID hash is unique by a constraint of the name it
already has, so neither is built again.

The database side is written out rather than left to `AlterField`: on SQLite `AlterField`
rebuilds the whole table, once per field, where dropping an index is one statement. The indexes
are found by their columns (`_constraint_names`), so a database whose generated names differ is
handled too. The reverse step builds them again under Django's names.
"""

import django.db.models.deletion
from django.db import migrations, models

# The columns whose single-column plain indexes go; the named indexes that stay.
DROPPED = ("province_code", "district_code", "subdistrict_code", "sort_key", "profession_id")
KEPT = {"person_profession", "person_area", "person_import_pending"}
UNIQUE_NAME = "people_person_national_id_hash_key"


def plain_indexes(schema_editor, model, column):
    return schema_editor._constraint_names(
        model, [column], index=True, unique=False, primary_key=False, exclude=KEPT
    )


def drop_redundant_indexes(apps, schema_editor):
    person = apps.get_model("people", "Person")
    postgresql = schema_editor.connection.vendor == "postgresql"
    for column in (*DROPPED, "national_id_hash"):
        for name in plain_indexes(schema_editor, person, column):
            schema_editor.execute(schema_editor._delete_index_sql(person, name))
    # The area link's own index stays, as `person_area`: renamed where the database can.
    area = sorted(
        plain_indexes(schema_editor, person, "area_id"), key=lambda n: n.endswith("_like")
    )
    if postgresql and area and not area[0].endswith("_like"):
        schema_editor.execute(f'ALTER INDEX "{area.pop(0)}" RENAME TO "person_area"')
        for name in area:
            schema_editor.execute(schema_editor._delete_index_sql(person, name))
    else:
        for name in area:
            schema_editor.execute(schema_editor._delete_index_sql(person, name))
        schema_editor.add_index(person, models.Index(fields=["area"], name="person_area"))
    if postgresql:  # the unique constraint keeps its name, whatever an older database called it
        names = schema_editor._constraint_names(person, ["national_id_hash"], unique=True)
        if names and UNIQUE_NAME not in names:
            schema_editor.execute(
                f'ALTER TABLE people_person RENAME CONSTRAINT "{names[0]}" TO "{UNIQUE_NAME}"'
            )


def build_indexes_again(apps, schema_editor):
    person = apps.get_model("people", "Person")
    postgresql = schema_editor.connection.vendor == "postgresql"
    schema_editor.execute(schema_editor._delete_index_sql(person, "person_area"))
    for name in ("province_code", "district_code", "subdistrict_code", "profession", "area"):
        field = person._meta.get_field(name)
        schema_editor.execute(schema_editor._create_index_sql(person, fields=[field]))
        if postgresql:
            schema_editor.execute(like_index(schema_editor, person, field))
    if postgresql:
        field = person._meta.get_field("national_id_hash")
        schema_editor.execute(like_index(schema_editor, person, field))
    schema_editor.add_index(person, models.Index(fields=["sort_key"], name="person_sort"))


def like_index(schema_editor, model, field):
    return schema_editor._create_index_sql(
        model, fields=[field], suffix="_like", opclasses=["varchar_pattern_ops"]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("geography", "0001_initial"),
        ("people", "0010_person_head_words"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop_redundant_indexes, build_indexes_again)],
            state_operations=[
                migrations.RemoveIndex(model_name="person", name="person_sort"),
                migrations.AlterField(
                    model_name="person",
                    name="area",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="geography.area",
                        verbose_name="area",
                    ),
                ),
                migrations.AlterField(
                    model_name="person",
                    name="province_code",
                    field=models.CharField(editable=False, max_length=2),
                ),
                migrations.AlterField(
                    model_name="person",
                    name="district_code",
                    field=models.CharField(blank=True, editable=False, max_length=4),
                ),
                migrations.AlterField(
                    model_name="person",
                    name="subdistrict_code",
                    field=models.CharField(blank=True, editable=False, max_length=6),
                ),
                migrations.AlterField(
                    model_name="person",
                    name="profession",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="people.profession",
                        verbose_name="profession",
                    ),
                ),
                migrations.AlterField(
                    model_name="person",
                    name="national_id_hash",
                    field=models.CharField(blank=True, editable=False, max_length=64, null=True),
                ),
                migrations.AddIndex(
                    model_name="person",
                    index=models.Index(fields=["area"], name="person_area"),
                ),
                migrations.AddConstraint(
                    model_name="person",
                    constraint=models.UniqueConstraint(
                        fields=("national_id_hash",), name=UNIQUE_NAME
                    ),
                ),
            ],
        ),
    ]

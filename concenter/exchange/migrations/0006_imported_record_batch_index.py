"""Imported records without the batch link's own index: `imported_record_batch` (batch, kind)
leads with the same column (issue #17, ADR 0034). Written out as in people 0011: on SQLite an
`AlterField` would rebuild the table."""

import django.db.models.deletion
from django.db import migrations, models


def drop_batch_index(apps, schema_editor):
    record = apps.get_model("exchange", "ImportedRecord")
    for name in schema_editor._constraint_names(
        record, ["batch_id"], index=True, unique=False, primary_key=False
    ):
        schema_editor.execute(schema_editor._delete_index_sql(record, name))


def build_batch_index_again(apps, schema_editor):
    record = apps.get_model("exchange", "ImportedRecord")
    field = record._meta.get_field("batch")
    schema_editor.execute(schema_editor._create_index_sql(record, fields=[field]))


class Migration(migrations.Migration):
    dependencies = [
        ("exchange", "0005_staged_person"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop_batch_index, build_batch_index_again)],
            state_operations=[
                migrations.AlterField(
                    model_name="importedrecord",
                    name="batch",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="records",
                        to="exchange.importbatch",
                    ),
                ),
            ],
        ),
    ]

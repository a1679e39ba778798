"""Finer statistics on the sort key of people and organisations (PostgreSQL).

A search for the names starting with one or two letters walks the sort-key index within the range
every such name's key starts with (`search._short_results`). With the default statistics (100
histogram buckets, ≈ 20,000 people each at national scale) PostgreSQL estimated 1,503 names in the
range of วั where there were 21,729, read them all through a bitmap and sorted them (0.35 s); with
2,000 buckets it walks the index in order and stops at the page (11 ms). Issue #20.
"""

from django.db import migrations

TABLES = ("people_person", "network_organization")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN sort_key SET STATISTICS 2000")
        schema_editor.execute(f"ANALYZE {table}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN sort_key SET STATISTICS -1")


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0006_person_name_words"),
        ("network", "0007_public_name_objection"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

"""Joins two branches of issue #20 built side by side: the list-order indexes (0006_list_indexes)
and the name words with their sort-key statistics (0006_person_name_words, 0007)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0006_list_indexes"),
        ("people", "0007_sort_key_statistics"),
    ]

    operations = []

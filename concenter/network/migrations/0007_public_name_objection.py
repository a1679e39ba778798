"""A committee member's objection (PDPA s.32) to being named on public pages."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0006_organization_sort_index"),
        ("people", "0004_privacy_notice"),  # any people migration that has Person
    ]

    operations = [
        migrations.CreateModel(
            name="PublicNameObjection",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                ("note", models.CharField(blank=True, max_length=250, verbose_name="note")),
                (
                    "person",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="public_name_objection",
                        to="people.person",
                        verbose_name="person",
                    ),
                ),
            ],
            options={
                "verbose_name": "objection to being named publicly",
                "verbose_name_plural": "objections to being named publicly",
            },
        ),
    ]

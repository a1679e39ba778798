from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("exchange", "0003_staged_change"),
    ]

    operations = [
        migrations.CreateModel(
            name="CheckedChunk",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("batch_id", models.BigIntegerField(db_index=True)),
                ("number", models.PositiveIntegerField()),
                ("rows", models.PositiveIntegerField()),
                ("payload", models.BinaryField()),
            ],
        ),
        migrations.AlterField(
            model_name="importbatch",
            name="job",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "Nothing"),
                    ("check", "Check the file"),
                    ("commit", "Import"),
                    ("undo", "Undo"),
                    ("romanize", "Romanise the names"),
                ],
                default="",
                max_length=10,
            ),
        ),
    ]

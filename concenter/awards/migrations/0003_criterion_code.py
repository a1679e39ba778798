from django.db import migrations, models


def number_the_criteria(apps, schema_editor):
    """Existing criteria get c1, c2 … in their order within each programme."""
    Criterion = apps.get_model("awards", "Criterion")
    counters: dict[int, int] = {}
    for criterion in Criterion.objects.order_by("programme_id", "position", "pk"):
        counters[criterion.programme_id] = counters.get(criterion.programme_id, 0) + 1
        criterion.code = f"c{counters[criterion.programme_id]}"
        criterion.save(update_fields=["code"])


class Migration(migrations.Migration):
    dependencies = [("awards", "0002_scorecard_weighted_score")]

    operations = [
        migrations.AddField(
            model_name="criterion",
            name="code",
            field=models.SlugField(default="", max_length=40, verbose_name="code"),
            preserve_default=False,
        ),
        migrations.RunPython(number_the_criteria, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="criterion",
            constraint=models.UniqueConstraint(
                fields=("programme", "code"), name="criterion_code_unique"
            ),
        ),
    ]

"""Each submitted scorecard keeps its weighted 0-100 score as an exact fraction (numerator and
denominator), so that a programme's results need not read every score (issue #20)."""

from fractions import Fraction

from django.db import migrations, models

_INT64 = 2**63 - 1
_BATCH = 2_000


def fill_weighted_scores(apps, schema_editor):
    """The weighted score of every submitted, complete card, by the formula
    100 x sum_c w_c x (s_c / max_c) / sum_c w_c (as `awards.results.Weigher` computes it)."""
    Programme = apps.get_model("awards", "Programme")
    Criterion = apps.get_model("awards", "Criterion")
    Scorecard = apps.get_model("awards", "Scorecard")
    Score = apps.get_model("awards", "Score")
    for programme_id in Programme.objects.values_list("pk", flat=True).order_by("pk"):
        criteria = list(Criterion.objects.filter(programme_id=programme_id).order_by("pk"))
        total_weight = sum(Fraction(c.weight) for c in criteria)
        if not criteria or not total_weight:
            continue
        factors = {c.pk: Fraction(c.weight) / Fraction(c.max_score) for c in criteria}
        card_ids = list(
            Scorecard.objects.filter(
                nomination__programme_id=programme_id, submitted_at__isnull=False
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for start in range(0, len(card_ids), _BATCH):
            batch = card_ids[start : start + _BATCH]
            scores: dict[int, dict[int, Fraction]] = {}
            for card_id, criterion_id, value in Score.objects.filter(
                scorecard_id__in=batch
            ).values_list("scorecard_id", "criterion_id", "value"):
                scores.setdefault(card_id, {})[criterion_id] = Fraction(value)
            changed = []
            for card_id in batch:
                card_scores = scores.get(card_id, {})
                if any(pk not in card_scores for pk in factors):
                    continue
                exact = 100 * sum(f * card_scores[pk] for pk, f in factors.items()) / total_weight
                if abs(exact.numerator) > _INT64 or exact.denominator > _INT64:
                    continue
                changed.append(
                    Scorecard(
                        pk=card_id,
                        weighted_numerator=exact.numerator,
                        weighted_denominator=exact.denominator,
                    )
                )
            Scorecard.objects.bulk_update(
                changed, ["weighted_numerator", "weighted_denominator"], batch_size=500
            )


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="scorecard",
            name="weighted_numerator",
            field=models.BigIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="scorecard",
            name="weighted_denominator",
            field=models.BigIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill_weighted_scores, migrations.RunPython.noop),
    ]

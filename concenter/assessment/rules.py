"""The named rules of the strength assessment."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

LEVEL_MIN = 1
LEVEL_MAX = 5
# Four thresholds give levels 2–5 of a number indicator (below the first: level 1).
BAND_COUNT = 4
# A reason is needed to return or reopen an assessment; shorter is no reason.
REASON_MIN_LENGTH = 5
# A round's due date is at most this many days after it opens.
ROUND_LONGEST_DAYS = 366
# Evidence files one answer keeps (each checked like an activity's: 10 MB, PDF or image).
ANSWER_FILES_MAX = 10
# Weights of dimensions and indicators.
WEIGHT_MAX = 100


class Band(models.TextChoices):
    """Where a total score (out of 100) stands. The top band's floor is the template's."""

    TOP = "top", _("Strong (top band)")
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    DEVELOP = "develop", _("Needs development")


GOOD_FROM = Decimal(60)
FAIR_FROM = Decimal(40)


def band_of(score: Decimal | None, *, top_from: Decimal) -> Band | None:
    if score is None:
        return None
    if score >= top_from:
        return Band.TOP
    if score >= GOOD_FROM:
        return Band.GOOD
    if score >= FAIR_FROM:
        return Band.FAIR
    return Band.DEVELOP

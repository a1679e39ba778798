"""Field blocks the models repeat, written once.

A function, not an abstract model: the fields it gives carry different names in each model
(`created_by`, `screened_by`, `registered_by`, `performer_center` …), and an abstract model's
fields must share one name. The field each call returns deconstructs exactly as the block it
replaces did, so the migrations stay as they are (`makemigrations --check` finds nothing).
"""

from django.conf import settings
from django.db import models


def optional_link(
    verbose_name,
    *,
    to=settings.AUTH_USER_MODEL,
    on_delete=models.SET_NULL,
    related_name: str = "+",
    db_index: bool = True,
) -> models.ForeignKey:
    """A link that may be empty: by default to the user who did something (kept empty if the
    account is deleted), not listed on the other side unless `related_name` names the list."""
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        on_delete=on_delete,
        null=True,
        blank=True,
        related_name=related_name,
        db_index=db_index,
    )

"""Errors that services raise and that pages and the API turn into answers for people."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class NotFoundOrOutOfScope(Exception):
    """The record does not exist, or the user may not see it: both answer 404, never 403."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or str(_("Not found.")))


class StaleVersion(Exception):
    """Someone else changed the record after this user opened it."""

    def __init__(self, *, current_version: int) -> None:
        self.current_version = current_version
        super().__init__(
            str(
                _(
                    "Someone else changed this record after you opened it. "
                    "Reload the page to see their change, then edit again."
                )
            )
        )


__all__ = ["NotFoundOrOutOfScope", "StaleVersion", "ValidationError"]


def parse_error_message(exc) -> str:
    """A ThaiParseError's message in the language of the current request."""
    from django.utils.translation import get_language

    language = get_language() or "th"
    return exc.message_th if language.startswith("th") else exc.message_en

"""The apps' retention purges (PDPA; docs/privacy.md), gathered for `concenter retention`.

An app that keeps personal data for a limited time registers its purge from its
AppConfig.ready(); the command runs them in their `order`, so it needs to import none of the
apps above it (docs/architecture.md).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RetentionPurge:
    order: int  # where it runs among the purges (they are reported in this order)
    what: str  # what is purged, for the command's report ("event registrations")
    purge: Callable[..., int]  # purge(for_real=bool) -> how many were (would be) purged


_PURGES: dict[str, RetentionPurge] = {}


def retention_purge_register(key: str, *, order: int, what: str, purge: Callable[..., int]):
    """Register (or, with the same key, replace) one app's purge."""
    _PURGES[key] = RetentionPurge(order=order, what=what, purge=purge)


def retention_purges() -> list[RetentionPurge]:
    return sorted(_PURGES.values(), key=lambda purge: purge.order)

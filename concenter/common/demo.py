"""The Kanchanaburi demo of the seed document, assembled from each app's part.

Each app that has a part of the demo registers its loading function from its
AppConfig.ready() (`demo_part_register`), with the place it takes among the parts: the parts
build on each other (areas, then accounts, villages, the network, ...). This module names no
app above it (docs/architecture.md). Every part is idempotent: running the demo twice changes
nothing.
"""

import os
import random
import secrets
from collections.abc import Callable, Collection
from dataclasses import dataclass, field


@dataclass
class DemoContext:
    password: str
    password_was_generated: bool
    # Under production settings (`demo --allow-production`) the demo users get no password at
    # all: nobody may sign in with a password the demo chose, least of all the administrator.
    production: bool = False
    rng: random.Random = field(default_factory=lambda: random.Random(2563))  # noqa: S311
    logins: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def demo_context() -> DemoContext:
    from django.conf import settings

    if getattr(settings, "PRODUCTION", False):
        return DemoContext(password="", password_was_generated=False, production=True)
    password = os.environ.get("CONCENTER_DEMO_PASSWORD")
    if password:
        return DemoContext(password=password, password_was_generated=False)
    return DemoContext(password=secrets.token_urlsafe(9), password_was_generated=True)


@dataclass(frozen=True)
class DemoPart:
    key: str  # "network", "awards" ...
    order: int  # where it loads among the parts (smaller first)
    load: Callable[[DemoContext], None]
    minimal: bool = False  # part of `demo --minimal` (areas and accounts only)


_PARTS: dict[str, DemoPart] = {}


def demo_part_register(
    key: str, *, order: int, load: Callable[[DemoContext], None], minimal: bool = False
) -> None:
    """Register (or, with the same key, replace) one app's part of the demo."""
    _PARTS[key] = DemoPart(key=key, order=order, load=load, minimal=minimal)


def demo_parts(*, minimal: bool = False) -> list[DemoPart]:
    parts = sorted(_PARTS.values(), key=lambda part: part.order)
    return [part for part in parts if part.minimal] if minimal else parts


def demo_load(
    context: DemoContext, *, minimal: bool = False, skip: Collection[str] = ()
) -> DemoContext:
    """Load the parts in their order (only the minimal ones with `minimal`; none named in
    `skip`, for a test that loads one part itself)."""
    for part in demo_parts(minimal=minimal):
        if part.key not in skip:
            part.load(context)
    return context

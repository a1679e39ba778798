"""The Kanchanaburi demo of the seed document, assembled from each app's part.

Each app that has a part of the demo lists its loading functions here, in the order the
parts build on each other. Every part is idempotent: running the demo twice changes nothing.
"""

import os
import random
import secrets
from dataclasses import dataclass, field
from importlib import import_module

DEMO_PARTS = [
    "concenter.geography.demo:load_areas",
    "concenter.accounts.demo:load",
    "concenter.geography.demo:load_villages",
    "concenter.network.demo:load",
    "concenter.exchange.demo:load",
    "concenter.activities.demo:load",
    "concenter.awards.demo:load",
    "concenter.events.demo:load",
    "concenter.assessment.demo:load",
]


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


MINIMAL_PARTS = DEMO_PARTS[:3]


def demo_load(context: DemoContext, *, minimal: bool = False) -> DemoContext:
    for part in MINIMAL_PARTS if minimal else DEMO_PARTS:
        module_name, function_name = part.split(":")
        getattr(import_module(module_name), function_name)(context)
    return context

"""{% load layout %}: parts of the page layout that every page repeats.

The main menu is the same on every page for a language and for signed-in or anonymous
readers, yet it costs a dozen URL reversals and translations each time. It is rendered once per
process for each such combination: what it holds comes from the code (the URL patterns, the
template, the translations), never from the data, so two app servers always agree.
"""

from functools import lru_cache
from types import SimpleNamespace

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

MENU_TEMPLATE = "common/_nav.html"


@register.simple_tag(takes_context=True)
def main_menu(context) -> SafeString:
    user = context.get("user")
    signed_in = bool(getattr(user, "is_authenticated", False))
    if settings.DEBUG:  # a developer edits the template: show the change at once
        return _render_menu(signed_in)
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _menu(get_language(), signed_in, get_script_prefix(), str(urlconf))


@lru_cache(maxsize=64)
def _menu(language: str, signed_in: bool, script_prefix: str, urlconf: str) -> SafeString:
    # The arguments are the key: the menu is rendered in the request's active language and URL
    # configuration, which they name.
    return _render_menu(signed_in)


def _render_menu(signed_in: bool) -> SafeString:
    reader = SimpleNamespace(is_authenticated=signed_in)
    return mark_safe(render_to_string(MENU_TEMPLATE, {"user": reader}))  # noqa: S308

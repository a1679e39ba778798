"""{% load layout %}: parts of the page layout that every page repeats.

The main menu depends only on the language and on what kind of reader is signed in (a visitor,
someone who holds an area, a judge), yet it costs a dozen URL reversals and translations each
time. It is rendered once per process for each such combination: what it holds comes from the
code (the URL patterns, the template, the translations) and the reader's kind, never from the
data, so two app servers always agree.

{% error_summary %} lists the errors of every form on the page at the top of the content, where
a person who has just pressed "save" on a phone sees them (ADR 0015).
"""

from functools import lru_cache
from types import SimpleNamespace

from django import forms, template
from django.conf import settings
from django.forms.formsets import BaseFormSet
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from concenter.accounts.models import Role
from concenter.accounts.scope import Access, has_role, user_scope

register = template.Library()

MENU_TEMPLATE = "common/_nav.html"
ERROR_SUMMARY_TEMPLATE = "common/_error_summary.html"


def reader_kind(user) -> tuple[bool, bool, bool]:
    """(signed in, holds an area, judges): what decides which menu entries a reader sees."""
    if not getattr(user, "is_authenticated", False):
        return (False, False, False)
    holds_area = not user_scope(user, Access.READ).nothing
    return (True, holds_area, has_role(user, Role.JUDGE))


@register.simple_tag(takes_context=True)
def main_menu(context) -> SafeString:
    kind = reader_kind(context.get("user"))
    if settings.DEBUG:  # a developer edits the template: show the change at once
        return _render_menu(kind)
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _menu(get_language(), kind, get_script_prefix(), str(urlconf))


@lru_cache(maxsize=64)
def _menu(
    language: str, kind: tuple[bool, bool, bool], script_prefix: str, urlconf: str
) -> SafeString:
    # The arguments are the key: the menu is rendered in the request's active language and URL
    # configuration, which they name.
    return _render_menu(kind)


def _render_menu(kind: tuple[bool, bool, bool]) -> SafeString:
    signed_in, holds_area, judge = kind
    reader = SimpleNamespace(is_authenticated=signed_in)
    context = {"user": reader, "holds_area": holds_area, "judge": judge}
    return mark_safe(render_to_string(MENU_TEMPLATE, context))  # noqa: S308


def _forms_in(context) -> list[forms.BaseForm]:
    found: list[forms.BaseForm] = []
    seen: set[int] = set()
    for value in context.flatten().values():
        candidates = []
        if isinstance(value, forms.BaseForm):
            candidates = [value]
        elif isinstance(value, BaseFormSet):
            candidates = [*value.forms]
        for form in candidates:
            if id(form) not in seen and form.is_bound and form.errors:
                seen.add(id(form))
                found.append(form)
    return found


@register.simple_tag(takes_context=True)
def error_summary(context) -> SafeString:
    """The errors of the page's bound forms, each linking to its field; "" when there are none."""
    entries: list[dict] = []
    for form in _forms_in(context):
        for message in form.non_field_errors():
            entries.append({"message": message, "anchor": ""})
        for name, errors in form.errors.items():
            if name == forms.forms.NON_FIELD_ERRORS or name not in form.fields:
                continue
            bound = form[name]
            if bound.is_hidden:
                for message in errors:
                    entries.append({"message": message, "anchor": ""})
                continue
            anchor = bound.id_for_label or bound.auto_id
            for message in errors:
                entries.append({"label": bound.label, "message": message, "anchor": anchor})
    if not entries:
        return mark_safe("")
    return mark_safe(render_to_string(ERROR_SUMMARY_TEMPLATE, {"entries": entries}))  # noqa: S308

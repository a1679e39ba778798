"""Rendered parts of pages kept in the shared cache, under a digest of everything they show.

    {% load fragments %}
    {% fragment "center" center committee organizations can_change %} … {% endfragment %}

Rendering a table of many rows is most of a page's time. The view still reads its records on
every request; the part of the page drawn from them is then looked up under a digest of those
records (every loaded field of every object named in the tag), so a changed record gives
another key: a cached part is never out of date and nothing has to be invalidated. The key also
holds the language, the reader's choice of Thai digits, the URL prefix and the code of this
release (`code_version`), so a new release never serves markup rendered by the old one.

What the part shows must come from the values named in the tag (and constants): never from the
reader (except the digits), the session or the request. A `{% csrf_token %}` in the tag's own
text is refused (an included template is the author's to check).
`when EXPR` caches only when EXPR is true (a list caches its plain pages, not every search).

The cache is the project's shared cache (the database table, or Redis), never memory of one
process: every app server sees what another rendered. The HTML is stored compressed. With
DEBUG on nothing is cached, so a template edit shows at once.
"""

import hashlib
import pickle
import zlib
from collections.abc import Callable
from dataclasses import is_dataclass
from datetime import date, datetime, time
from decimal import Decimal
from functools import cache
from pathlib import Path

from django import template
from django.conf import settings
from django.core.cache import cache as shared_cache
from django.core.paginator import Page
from django.db.models import Model, QuerySet
from django.template.defaulttags import CsrfTokenNode
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

# Keys are digests of the content, so an entry never goes stale; the timeout only lets parts
# nobody asks for any more (another day, another sort) leave the cache.
FRAGMENT_SECONDS = 30 * 60

_PACKAGE = Path(__file__).resolve().parents[2]  # concenter/
_CODE_SUFFIXES = (".py", ".html", ".mo", ".json")


@cache
def code_version() -> str:
    """A digest of the code, templates and translations of this release (the same on every app
    server running it; computed once per process, in about 10 ms)."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in _CODE_SUFFIXES and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(_PACKAGE)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


_PLAIN_TYPES = (str, bytes, int, float, bool, Decimal, date, datetime, time, type(None))
_PLAIN = frozenset(_PLAIN_TYPES)


def _plain(value, seen: set[int]):
    """What a value stands for in a key, as plain values (pickled in C, unlike the objects):
    a record is its class, its loaded fields, the related records loaded with it (select_related,
    prefetch_related); a query or a page is its rows; a dataclass its attributes. A record met
    again (a seat's term holding its seats, a seat in two lists) is named by its primary key: it
    is the same object, described in full where the walk first met it."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is list or kind is tuple:
        return tuple([item if type(item) in _PLAIN else _plain(item, seen) for item in value])
    if kind is dict:
        return tuple([(k, v if type(v) in _PLAIN else _plain(v, seen)) for k, v in value.items()])
    if isinstance(value, Model):
        if id(value) in seen:
            return (kind.__name__, value.pk)
        seen.add(id(value))
        attributes = value.__dict__
        related = value._state.fields_cache
        prefetched = attributes.get("_prefetched_objects_cache")
        return (
            kind.__name__,
            tuple(attributes),  # the names of the loaded fields (and of attributes set on it)
            # their values, left to pickle: a record's fields hold plain values
            tuple([v for k, v in attributes.items() if k[0] != "_"]),
            tuple([(k, _plain(v, seen)) for k, v in related.items()]) if related else (),
            tuple([(k, _plain(v, seen)) for k, v in prefetched.items()]) if prefetched else (),
        )
    if isinstance(value, QuerySet):
        return tuple([_plain(item, seen) for item in value])
    if isinstance(value, Page):
        return tuple([_plain(item, seen) for item in value.object_list]), value.number
    if is_dataclass(value) and not isinstance(value, type):
        return kind.__qualname__, _plain(vars(value), seen)
    if isinstance(value, list | tuple):
        return tuple([_plain(item, seen) for item in value])
    if isinstance(value, dict):
        return tuple([(_plain(k, seen), _plain(v, seen)) for k, v in value.items()])
    return value  # anything else (a str or int subclass, a date …) is pickled as it is


def fragment_key(name: str, *parts) -> str:
    """The cache key of fragment `name` for `parts` (records, figures, the options of the
    page), the language, the URL prefix and the code version."""
    plain = _plain(parts, set())
    digest = hashlib.sha256(
        pickle.dumps(
            (plain, get_language(), get_script_prefix(), code_version()),
            protocol=pickle.HIGHEST_PROTOCOL,
        )
    ).hexdigest()
    return f"fragment:{name}:{digest[:40]}"


def cached_fragment(key: str, render: Callable[[], str]) -> SafeString:
    """The HTML stored under `key`, or `render()` stored there for the next reader (with DEBUG
    on, always `render()`)."""
    if settings.DEBUG:
        return mark_safe(render())  # noqa: S308 - rendered by our templates, escaped there
    stored = shared_cache.get(key)
    if stored is not None:
        return mark_safe(zlib.decompress(stored).decode())  # noqa: S308 - our own rendering
    html = render()
    shared_cache.set(key, zlib.compress(html.encode(), 1), FRAGMENT_SECONDS)
    return mark_safe(html)  # noqa: S308 - rendered by our templates, escaped there


def thai_digits_of(user) -> bool:
    return bool(getattr(user, "thai_digits", False))


class FragmentNode(template.Node):
    def __init__(self, name, parts, when, nodelist):
        self.name = name
        self.parts = parts
        self.when = when
        self.nodelist = nodelist

    def render(self, context) -> str:
        if self.when is not None and not self.when.resolve(context):
            return self.nodelist.render(context)
        name = self.name.resolve(context)
        parts = [part.resolve(context) for part in self.parts]
        key = fragment_key(name, *parts, thai_digits_of(context.get("user")))
        return cached_fragment(key, lambda: self.nodelist.render(context))


@register.tag
def fragment(parser, token):
    """{% fragment NAME [VALUE …] [when EXPR] %} … {% endfragment %}"""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name.")
    when = None
    if len(bits) > 3 and bits[-2] == "when":
        when = parser.compile_filter(bits[-1])
        bits = bits[:-2]
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(CsrfTokenNode):
        raise template.TemplateSyntaxError(
            "{% fragment %} is shared by every reader: a {% csrf_token %} cannot be inside it."
        )
    return FragmentNode(
        parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]], when, nodelist
    )

"""Reads of areas. Areas are public data: every function here works for anonymous users too."""

import re

import geothai
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from concenter.accounts.scope import Access, user_scope
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.common.prepared import Prepared
from concenter.geography.models import Area, Level

SEARCH_QUERY_MAX_LENGTH = 100
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200d\ufeff]")
# Level words that English writers put around a name; geothai already drops the Thai ones.
_ENGLISH_LEVEL_WORDS = re.compile(
    r"\b(?:province|changwat|district|amphoe|amphur|khet|subdistrict|sub-district|tambon|khwaeng)\b",
    re.IGNORECASE,
)
_LEVEL_ORDER = Case(
    When(level=Level.PROVINCE, then=Value(0)),
    When(level=Level.DISTRICT, then=Value(1)),
    When(level=Level.SUBDISTRICT, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


def search_key(text: str) -> str:
    """The form in which names and queries are compared: lower case, no spaces, dots or level
    words (จังหวัด/จ., อำเภอ/อ./เขต, ตำบล/ต./แขวง, Province, Amphoe …)."""
    text = _CONTROL.sub("", text or "")[:SEARCH_QUERY_MAX_LENGTH]
    text = _ENGLISH_LEVEL_WORDS.sub(" ", text)
    return geothai.normalize(text.strip())


def area_get(*, code: str) -> Area:
    """The area `code` with every area above it (`area.parent`, `area.parent.parent` … read
    without another query), in one query: see `_areas_linked`. (Joining the area table to
    itself three times, `select_related("parent__parent__parent")`, cost ≈ 1 ms of CPU in query
    building alone on every dashboard; this ≈ 0.35 ms.)"""
    if not code or len(code) > 8:
        raise NotFoundOrOutOfScope()
    area = _areas_linked(_code_prefixes(code)).get(code)
    if area is None:
        raise NotFoundOrOutOfScope()
    return area


def _areas_linked(codes: list[str]) -> dict[str, Area]:
    """The areas `codes`, each linked to its parent among them as `select_related` links them.

    An area's code starts with its parent's (DOPA codes, ADR 0002), so an area and its ancestors
    are the areas whose codes are the code's prefixes. A parent not among them is read when asked
    for, as before."""
    chain = {a.code: a for a in Area.objects.filter(code__in=codes)}
    for node in chain.values():
        _link(node, chain)
    return chain


def _link(node: Area, chain: dict[str, Area]) -> None:
    parent_field = Area._meta.get_field("parent")
    if node.parent_id is None:
        parent_field.set_cached_value(node, None)
    elif node.parent_id in chain:
        parent_field.set_cached_value(node, chain[node.parent_id])


def _code_prefixes(code: str) -> list[str]:
    return [code[:length] for length in (2, 4, 6, 8) if length < len(code)] + [code]


def area_ancestors(area: Area) -> list[Area]:
    """Province first, down to the area's parent (uses the parents already selected)."""
    chain = []
    node = area.parent
    while node is not None:
        chain.append(node)
        node = node.parent
    return list(reversed(chain))


def area_children(*, parent_code: str | None, include_inactive: bool = False) -> QuerySet[Area]:
    qs = (
        Area.objects.filter(parent_id=parent_code)
        if parent_code
        else Area.objects.filter(level=Level.PROVINCE)
    )
    if not include_inactive:
        qs = qs.filter(active=True)
    return qs.order_by("village_number", "sort_key", "code")


# A dashboard's rows: the active areas below one, only `fields` loaded (a shape), compiled
# once per process (ADR 0032).
_provinces = Prepared(lambda fields: area_children(parent_code=None).only(*fields))
_children_of = Prepared(
    lambda fields, parent_code: area_children(parent_code=parent_code).only(*fields), str
)


def area_child_list(*, parent_code: str | None, fields: tuple[str, ...]) -> list[Area]:
    """`area_children` (active ones), only `fields` loaded."""
    if parent_code:
        return _children_of(fields, parent_code)
    return _provinces(fields)


def area_search(
    *, query: str, levels: list[str] | None = None, within: str | None = None, limit: int = 20
) -> list[Area]:
    """Areas whose Thai or English name matches `query`, best first.

    Ranked: exact name, then names that start with the query, then names that contain it; within
    a rank provinces before districts before subdistricts before villages, then Thai order. A
    query that is all digits is read as a code prefix. The one function used by pages and the API.
    """
    raw = _CONTROL.sub("", query or "").strip()[:SEARCH_QUERY_MAX_LENGTH]
    if raw.isdigit() and len(raw) <= 8:
        qs = Area.objects.filter(active=True, code__startswith=raw)
        if levels:
            qs = qs.filter(level__in=levels)
        return list(qs.select_related("parent", "parent__parent").order_by("code")[:limit])
    key = search_key(raw)
    if not key:
        return []
    qs = Area.objects.filter(active=True).filter(
        Q(search_th__contains=key) | Q(search_en__contains=key)
    )
    if levels:
        qs = qs.filter(level__in=levels)
    if within:
        qs = qs.filter(code__startswith=within)
    rank = Case(
        When(Q(search_th=key) | Q(search_en=key), then=Value(0)),
        When(Q(search_th__startswith=key) | Q(search_en__startswith=key), then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    qs = qs.annotate(rank=rank, level_order=_LEVEL_ORDER).order_by(
        "rank", "level_order", "sort_key", "code"
    )
    return list(qs.select_related("parent", "parent__parent")[:limit])


AREA_PICK_LIMIT = 10


def area_pick(*, user, query: str, levels: list[str] | None = None) -> list[Area]:
    """The area picker of the forms: areas matching `query` by name (or code) within the areas
    the user may change, best first; the form keeps the chosen area's code."""
    scope = user_scope(user, Access.CHANGE)
    if scope.everything:
        return area_search(query=query, levels=levels, limit=AREA_PICK_LIMIT)
    found: dict[str, Area] = {}
    for prefix in (*scope.prefixes, *scope.exact_codes):
        for area in area_search(query=query, levels=levels, within=prefix, limit=AREA_PICK_LIMIT):
            if area.code.startswith(prefix):
                found.setdefault(area.code, area)
    return list(found.values())[:AREA_PICK_LIMIT]


def area_pick_label(area: Area) -> str:
    """The area with the areas above it, as an officer reads it: ต.ท่ามะขาม อ.เมือง จ.กาญจนบุรี."""
    names = [area.display_name]
    parent = area.parent  # the search loads two levels above
    if parent is not None:
        names.append(parent.display_name)
        if parent.parent_id:
            names.append(parent.parent.display_name)
    return " ".join(names)

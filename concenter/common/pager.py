"""Keyset pages for the long lists (people, organisations): page 5,000 costs what page 2 costs.

A page of rows ordered by ``(sort_key, pk)`` is asked as "the first `size` rows after this
(sort_key, pk)" (or before it, going back), which walks the sort-key index from that point and
stops at the page, where ``OFFSET`` reads and throws away every row before the page (≈ 1 s at
page 5,000 of two million people). The links of a page carry its last (or first) row's key as an
opaque cursor (``after`` / ``before``) and the page number, which is only shown.

A page number without a cursor (a typed or old link, ``?page=5000``) is found by reading only
the keys of the rows before it (the sort-key index alone, no row), then asked as above.

`keyset_page` answers a :class:`KeysetPage`, which the template ``common/_keyset_pagination.html``
shows; the API (`concenter.api.base.KeysetPagination`) uses the same cursors.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

__all__ = ["MAX_PAGE_NUMBER", "KeysetPage", "decode_cursor", "encode_cursor", "keyset_page"]

MAX_PAGE_NUMBER = 1_000_000  # a larger ?page= is the last page there can be, not an error
COUNT_CAP = 10_000  # a longer list shows "Page N", not "Page N of M"
_CURSOR_MAX_LENGTH = 2_000


def encode_cursor(key: str, pk: int) -> str:
    """The opaque text of a row's place in the order (URL-safe)."""
    raw = json.dumps([key, pk], ensure_ascii=False, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(text: str | None) -> tuple[str, int] | None:
    """The (sort key, pk) of a cursor, or None for anything that is not one (never raises)."""
    if not text or len(text) > _CURSOR_MAX_LENGTH:
        return None
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        key, pk = json.loads(raw.decode())
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        return None
    if not isinstance(key, str) or type(pk) is not int or "\x00" in key:
        return None
    if any("\ud800" <= ch <= "\udfff" for ch in key) or not -(2**63) < pk < 2**63:
        return None
    return key, pk


@dataclass
class KeysetPage:
    """One page of a keyset-paged list, with what its links need."""

    object_list: list
    number: int
    size: int
    count: int | None  # rows in the whole list (None when not counted)
    next_cursor: str = ""
    previous_cursor: str = ""
    extra: dict = field(default_factory=dict)

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def __bool__(self) -> bool:  # a page is shown even when empty ("Nobody found.")
        return True

    @property
    def has_next(self) -> bool:
        return bool(self.next_cursor)

    @property
    def has_previous(self) -> bool:
        return bool(self.previous_cursor) or self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return max(self.number - 1, 1)

    @property
    def num_pages(self) -> int | None:
        if self.count is None:
            return None
        return max((self.count + self.size - 1) // self.size, 1)


def _after(key_field: str, key: str, pk: int) -> Q:
    # The ``>=`` on the key alone lets the database start its index walk at the cursor.
    return Q(**{f"{key_field}__gte": key}) & (
        Q(**{f"{key_field}__gt": key}) | Q(**{key_field: key, "pk__gt": pk})
    )


def _before(key_field: str, key: str, pk: int) -> Q:
    return Q(**{f"{key_field}__lte": key}) & (
        Q(**{f"{key_field}__lt": key}) | Q(**{key_field: key, "pk__lt": pk})
    )


def _page_number(raw) -> int:
    try:
        number = int(str(raw)[:12])
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE_NUMBER)


def keyset_window(
    queryset: QuerySet,
    *,
    size: int,
    after: str | None = None,
    before: str | None = None,
    offset: int = 0,
    key_field: str = "sort_key",
) -> KeysetPage:
    """`size` rows of `queryset` in ``key_field, pk`` order: after cursor `after`, else before
    cursor `before`, else from row `offset` (0 = the first; the rows before it are found from
    the index alone). A bad cursor counts as none. Not counted; `number` is 1."""
    ordered = queryset.order_by(key_field, "pk")
    start = decode_cursor(after)
    end = decode_cursor(before) if start is None else None
    if start is None and end is None and offset > 0:
        # The key of the row before the window, from the index alone (no row is read).
        found = list(ordered.values_list(key_field, "pk")[offset - 1 : offset])
        if not found:
            return KeysetPage(object_list=[], number=1, size=size, count=None)
        start = found[0]
    if start is not None:
        rows = list(ordered.filter(_after(key_field, *start))[: size + 1])
        more_after, more_before = len(rows) > size, True
        rows = rows[:size]
    elif end is not None:
        rows = list(
            ordered.filter(_before(key_field, *end)).order_by(f"-{key_field}", "-pk")[: size + 1]
        )
        more_before, more_after = len(rows) > size, True
        rows = rows[:size][::-1]
    else:
        rows = list(ordered[: size + 1])
        more_after, more_before = len(rows) > size, False
        rows = rows[:size]
    page = KeysetPage(object_list=rows, number=1, size=size, count=None)
    if rows and more_after:
        page.next_cursor = encode_cursor(getattr(rows[-1], key_field), rows[-1].pk)
    if rows and more_before:
        page.previous_cursor = encode_cursor(getattr(rows[0], key_field), rows[0].pk)
    return page


def keyset_page(
    queryset: QuerySet,
    *,
    size: int,
    after: str | None = None,
    before: str | None = None,
    page: str | int | None = None,
    key_field: str = "sort_key",
    count_cap: int | None = COUNT_CAP,
) -> KeysetPage:
    """The page of `queryset` (any filters; its order is replaced by ``key_field, pk``) after
    cursor `after`, before cursor `before`, or numbered `page` (1 = the first), for a list
    page: `page` is only the number shown when a cursor is given. A bad cursor or number gives
    the first page; a number past the end gives the last page (the first when the list holds
    more than `count_cap` rows, which are not counted: ``count`` is then None)."""
    number = _page_number(page)
    if count_cap is None:
        total = queryset.count()
    else:  # counting two million rows takes a second on PostgreSQL: count up to the cap only
        total = queryset.order_by()[: count_cap + 1].count()
        if total > count_cap:
            total = None
    if total is not None:
        number = min(number, max((total + size - 1) // size, 1))
    start, end = decode_cursor(after), decode_cursor(before)
    if start is None and end is None:
        window = keyset_window(queryset, size=size, offset=(number - 1) * size, key_field=key_field)
        if number > 1 and not window.object_list:  # the list shrank: the first page
            number = 1
            window = keyset_window(queryset, size=size, key_field=key_field)
    else:
        window = keyset_window(queryset, size=size, after=after, before=before, key_field=key_field)
        if start is not None:
            number = max(number, 2)
        elif not window.previous_cursor:
            number = 1
    window.number = number
    window.count = total
    if number == 1 and start is None and end is None:
        window.previous_cursor = ""
    return window

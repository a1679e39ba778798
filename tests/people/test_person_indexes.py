"""The indexes of the people table, as the database that runs the tests holds them: none that
another index already covers (ADR 0034). Every index costs each insert of an import and each
row its publish rewrites."""

import re

import pytest
from django.db import connection

TABLES = ["people_person", "exchange_importedrecord"]


def index_definitions(table: str) -> dict[str, str]:
    """Each index's own SQL (for its `WHERE` and operator classes, which introspection omits)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table]
            )
        else:
            cursor.execute(
                "SELECT name, coalesce(sql, '') FROM sqlite_master "
                "WHERE type = 'index' AND tbl_name = %s",
                [table],
            )
        return dict(cursor.fetchall())


def btree_indexes(table: str) -> dict[str, dict]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    definitions = index_definitions(table)
    found = {}
    for name, info in constraints.items():
        if not (info["index"] or info["unique"] or info["primary_key"]):
            continue
        if info.get("type", "idx") != "idx" or not info["columns"] or None in info["columns"]:
            continue  # GIN, or on expressions: not comparable by columns
        definition = definitions.get(name, "")
        found[name] = {
            "columns": tuple(info["columns"]),
            "plain": not (info["unique"] or info["primary_key"])
            and not re.search(r"\bWHERE\b|_pattern_ops", definition, re.IGNORECASE),
            "partial": bool(re.search(r"\bWHERE\b", definition, re.IGNORECASE)),
        }
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("table", TABLES)
def test_no_plain_index_is_the_start_of_another(table):
    indexes = btree_indexes(table)
    covered = [
        (name, other)
        for name, index in indexes.items()
        if index["plain"]
        for other, wider in indexes.items()
        if other != name
        and not wider["partial"]
        and wider["columns"][: len(index["columns"])] == index["columns"]
    ]
    assert covered == []


@pytest.mark.django_db
@pytest.mark.parametrize("table", TABLES)
def test_no_like_twin_on_postgresql(table):
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL has varchar_pattern_ops indexes")
    twins = [
        name
        for name, definition in index_definitions(table).items()
        if "pattern_ops" in definition or name.endswith("_like")
    ]
    assert twins == []


@pytest.mark.django_db
def test_the_list_and_area_indexes_are_still_there():
    names = set(index_definitions("people_person"))
    assert {
        "person_all_list",
        "person_province_list",
        "person_district_list",
        "person_subdistrict_list",
        "person_area",
        "person_profession",
        "person_name_search",
        "person_import_pending",
    } <= names

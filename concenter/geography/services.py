"""Writes of areas: the geography load from geothai, and villages created by users."""

from dataclasses import dataclass

import geothai
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from concenter.accounts.scope import Access, require
from concenter.common import audit
from concenter.common.thai import normalize_text, thai_sort_key
from concenter.geography.models import VILLAGE_NUMBER_MAX, VILLAGE_NUMBER_MIN, Area, Level
from concenter.geography.selectors import search_key

_SYNCED_FIELDS = ("name_th", "name_en", "parent_id", "active", "level")


@dataclass(frozen=True)
class GeographyLoadReport:
    created: int
    updated: int
    deactivated: int
    unchanged: int


def _official_areas() -> list[Area]:
    """Every current province, district and subdistrict, parents before children."""
    areas: list[Area] = []
    for province in geothai.provinces():
        areas.append(
            Area(
                code=province.code,
                level=Level.PROVINCE,
                parent_id=None,
                province_code=province.code,
                name_th=province.name_th,
                name_en=province.name_en,
            )
        )
        for district in geothai.districts(province.code):
            areas.append(
                Area(
                    code=district.code,
                    level=Level.DISTRICT,
                    parent_id=province.code,
                    province_code=province.code,
                    district_code=district.code,
                    name_th=district.name_th,
                    name_en=district.name_en,
                )
            )
            for subdistrict in geothai.subdistricts(district.code):
                areas.append(
                    Area(
                        code=subdistrict.code,
                        level=Level.SUBDISTRICT,
                        parent_id=district.code,
                        province_code=province.code,
                        district_code=district.code,
                        subdistrict_code=subdistrict.code,
                        name_th=subdistrict.name_th,
                        name_en=subdistrict.name_en,
                    )
                )
    return areas


def _fill_derived(area: Area) -> None:
    area.search_th = search_key(area.name_th)
    area.search_en = search_key(area.name_en)
    area.sort_key = thai_sort_key(area.name_th)


@transaction.atomic
def geography_load() -> GeographyLoadReport:
    """Load geothai's provinces, districts and subdistricts (DOPA data, CC-BY-4.0).

    Idempotent: a second run changes nothing. A renamed area is updated in place; an area that
    is no longer in the data is marked inactive, never deleted, so records pointing to it survive.
    Villages are the users' and are left alone.
    """
    official = _official_areas()
    existing = {
        area.code: area for area in Area.objects.exclude(level=Level.VILLAGE).order_by("code")
    }
    to_create: list[Area] = []
    to_update: list[Area] = []
    befores: list[dict] = []
    for area in official:
        _fill_derived(area)
        current = existing.pop(area.code, None)
        if current is None:
            to_create.append(area)
            continue
        if any(getattr(current, f) != getattr(area, f) for f in _SYNCED_FIELDS):
            befores.append(audit.field_values(current))
            for field in ("name_th", "name_en", "parent_id", "level", "search_th", "search_en"):
                setattr(current, field, getattr(area, field))
            current.sort_key = area.sort_key
            current.active = True
            current.version += 1
            to_update.append(current)
    to_deactivate = [area for area in existing.values() if area.active]
    for area in to_deactivate:
        befores.append(audit.field_values(area))
        area.active = False
        area.version += 1
    Area.objects.bulk_create(to_create, batch_size=2000)
    changed = to_update + to_deactivate
    Area.objects.bulk_update(
        changed,
        [
            "name_th",
            "name_en",
            "parent",
            "level",
            "search_th",
            "search_en",
            "sort_key",
            "active",
            "version",
        ],
        batch_size=1000,
    )
    audit.audit_bulk(to_create, action=LogEntry.Action.CREATE)
    audit.audit_bulk(changed, action=LogEntry.Action.UPDATE, before=befores)
    return GeographyLoadReport(
        created=len(to_create),
        updated=len(to_update),
        deactivated=len(to_deactivate),
        unchanged=len(official) - len(to_create) - len(to_update),
    )


def village_code(subdistrict_code: str, number: int) -> str:
    return f"{subdistrict_code}{number:02d}"


@transaction.atomic
def village_create(
    *, actor, subdistrict_code: str, number: int, name_th: str, name_en: str = ""
) -> Area:
    """Create village หมู่ `number` of a subdistrict. Never a duplicate: the code is the key."""
    subdistrict = Area.objects.filter(code=subdistrict_code, level=Level.SUBDISTRICT).first()
    if subdistrict is None or not subdistrict.active:
        raise ValidationError({"subdistrict_code": _("Unknown or inactive subdistrict code.")})
    require(actor, Access.CHANGE, subdistrict.code)
    errors = {}
    if not isinstance(number, int) or not VILLAGE_NUMBER_MIN <= number <= VILLAGE_NUMBER_MAX:
        errors["number"] = _("The village number must be between 1 and 99.")
    name_th = normalize_text(name_th or "")
    if not name_th:
        errors["name_th"] = _("Enter the village's Thai name.")
    elif len(name_th) > 200:
        errors["name_th"] = _("The name is too long (200 characters at most).")
    if errors:
        raise ValidationError(errors)
    code = village_code(subdistrict.code, number)
    if Area.objects.filter(code=code).exists():
        raise ValidationError(
            {
                "number": _("Village number %(number)s already exists in this subdistrict.")
                % {"number": number}
            }
        )
    village = Area(
        code=code,
        level=Level.VILLAGE,
        parent=subdistrict,
        province_code=subdistrict.province_code,
        district_code=subdistrict.district_code,
        subdistrict_code=subdistrict.code,
        village_number=number,
        name_th=name_th,
        name_en=normalize_text(name_en or "")[:200],
    )
    _fill_derived(village)
    village.save(force_insert=True)
    return village


@transaction.atomic
def village_update(
    *,
    actor,
    code: str,
    expected_version: int | None,
    name_th: str,
    name_en: str = "",
    active: bool = True,
) -> Area:
    """Rename a village or mark it inactive (villages are never deleted: records point to them)."""
    from concenter.common.versioning import lock_for_update

    if not Area.objects.filter(code=code, level=Level.VILLAGE).exists():
        raise ValidationError({"code": _("Unknown village code.")})
    require(actor, Access.CHANGE, code)
    name_th = normalize_text(name_th or "")
    if not name_th:
        raise ValidationError({"name_th": _("Enter the village's Thai name.")})
    village = lock_for_update(Area.objects.filter(code=code), expected_version=expected_version)
    village.name_th = name_th[:200]
    village.name_en = normalize_text(name_en or "")[:200]
    village.active = active
    _fill_derived(village)
    village.save()
    return village

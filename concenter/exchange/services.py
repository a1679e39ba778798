"""Imports of people and organisations from a sheet, row by row, through the same forms and
services as the pages: what a form would refuse is never stored.

A dry run runs every row inside a transaction that is rolled back. "all" commits every row or
none; "partial" commits the valid rows and keeps the rejected ones (with their errors) for a
sheet to fix and upload again. A row whose person or organisation is already registered updates
it instead of adding a second one.
"""

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone, translation

from concenter.accounts.scope import Access, can
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.common.thai import normalize_text, to_arabic_digits
from concenter.exchange.columns import COLUMNS, ImportFileError, column_label, map_headers
from concenter.exchange.messages import msg
from concenter.exchange.models import (
    Action,
    ImportBatch,
    ImportedRecord,
    Kind,
    Mode,
    Status,
)
from concenter.exchange.readers import read_rows
from concenter.geography.models import Area

REJECTED = "rejected"


@dataclass
class RowResult:
    row: int
    cells: list
    action: str = REJECTED
    object_id: int | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column label, message)

    @property
    def ok(self) -> bool:
        return self.action != REJECTED

    def error_text(self) -> str:
        return "; ".join(f"{col}: {text}" if col else text for col, text in self.errors)


@dataclass
class ImportResult:
    kind: str
    headers: list
    rows: list[RowResult] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def rejected(self) -> list[RowResult]:
        return [r for r in self.rows if not r.ok]


class RowRejected(Exception):
    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        super().__init__(errors)


# Cells ------------------------------------------------------------------------------------------

_AREA_PART = re.compile(r"(ต\.|ตำบล|แขวง|อ\.|อำเภอ|เขต|จ\.|จังหวัด)\s*")


def resolve_area(value) -> str:
    """An area code as typed (Thai digits too), or Thai names "ต.… อ.… จ.…" through geothai."""
    import geothai

    text = normalize_text(to_arabic_digits(str(value or ""))).strip()
    digits = text.replace(" ", "").replace("-", "")
    if digits.isdigit():
        return digits
    parts: dict[str, str] = {}
    pieces = _AREA_PART.split(text)
    current = "subdistrict"
    leading = pieces[0].strip()
    if leading:
        parts["subdistrict"] = leading
    for marker, rest in zip(pieces[1::2], pieces[2::2], strict=False):
        current = {
            "ต.": "subdistrict",
            "ตำบล": "subdistrict",
            "แขวง": "subdistrict",
            "อ.": "district",
            "อำเภอ": "district",
            "เขต": "district",
        }.get(marker.strip(), "province")
        parts[current] = rest.strip()
    if not parts.get("subdistrict"):
        raise ValidationError(msg("Unknown area: write its code or its names (ต. อ. จ.)."))
    found = geothai.match(
        parts["subdistrict"], district=parts.get("district"), province=parts.get("province")
    )
    if not found:
        raise ValidationError(msg("Unknown area: write its code or its names (ต. อ. จ.)."))
    if len(found) > 1:
        raise ValidationError(
            msg("More than one area has this name: add the district and province.")
        )
    return found[0].subdistrict.code


def _text(value) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return normalize_text(str(value or "")).strip()


def _number(value) -> str:
    return to_arabic_digits(_text(value)).replace(",", "").replace(" ", "")


def _choice(value, choices: list[tuple[str, str]], message: str) -> str:
    """A choice by its value, English label or Thai label (case and spaces ignored)."""
    text = _text(value).replace(" ", "").lower()
    if not text:
        return ""
    for code, label in choices:
        with translation.override("th"):
            thai = str(label)
        with translation.override("en"):
            english = str(label)
        if text in {code.lower(), thai.replace(" ", "").lower(), english.replace(" ", "").lower()}:
            return code
    raise ValidationError(msg(message))


def _lookup(model, value, message: str) -> str:
    text = _text(value)
    if not text:
        return ""
    found = (
        model.objects.filter(active=True)
        .filter(models.Q(code=text) | models.Q(name_th=text) | models.Q(name_en__iexact=text))
        .values_list("code", flat=True)
        .first()
    )
    if found is None:
        raise ValidationError(msg(message))
    return found


# Rows -------------------------------------------------------------------------------------------


class _Row:
    """The cells of one row by column key, with the errors found while reading them."""

    def __init__(self, kind: str, mapping: dict[str, int], cells: list) -> None:
        self.kind = kind
        self.mapping = mapping
        self.cells = cells
        self.errors: list[tuple[str, str]] = []

    def has(self, key: str) -> bool:
        return key in self.mapping

    def get(self, key: str):
        index = self.mapping.get(key)
        if index is None or index >= len(self.cells):
            return ""
        return self.cells[index]

    def convert(self, key: str, convert):
        try:
            return convert(self.get(key))
        except ValidationError as exc:
            self.add(key, exc)
            return ""

    def add(self, key: str | None, exc_or_text) -> None:
        texts = exc_or_text.messages if isinstance(exc_or_text, ValidationError) else [exc_or_text]
        label = column_label(self.kind, key)
        self.errors.extend((label, str(t)) for t in texts)

    def add_validation_error(self, exc: ValidationError, fields: dict[str, str]) -> None:
        if hasattr(exc, "error_dict"):
            for name, texts in exc.message_dict.items():
                for text in texts:
                    self.errors.append((column_label(self.kind, fields.get(name, name)), text))
        else:
            for text in exc.messages:
                self.errors.append(("", text))

    def form_errors(self, form, fields: dict[str, str]) -> None:
        for name, texts in form.errors.items():
            for text in texts:
                self.errors.append((column_label(self.kind, fields.get(name, name)), text))

    def reject_if_errors(self) -> None:
        if self.errors:
            raise RowRejected(self.errors)


def _area(row: _Row, actor) -> str:
    code = row.convert("area_code", resolve_area)
    if code and not can(actor, Access.CHANGE, code):
        row.add("area_code", msg("Out of your area."))
    return code


PERSON_FIELDS = {
    "title": "title",
    "given_name": "given_name",
    "family_name": "family_name",
    "gender": "gender",
    "birth_year": "birth_year",
    "profession": "profession",
    "area_code": "area_code",
    "national_id": "national_id",
    "phone": "phone",
    "area": "area_code",
}


def _person_row(actor, row: _Row) -> tuple[str, int]:
    from concenter.people.forms import PersonForm
    from concenter.people.identity import national_id_fingerprint
    from concenter.people.models import Gender, Person, Profession
    from concenter.people.selectors import people_with_similar_name
    from concenter.people.services import PersonData, person_create, person_update

    area_code = _area(row, actor)
    gender = row.convert("gender", lambda v: _choice(v, Gender.choices, "Unknown gender."))
    profession = row.convert("profession", lambda v: _lookup(Profession, v, "Unknown profession."))
    data = {
        "title": _text(row.get("title")),
        "given_name": _text(row.get("given_name")),
        "family_name": _text(row.get("family_name")),
        "gender": gender or Gender.UNSPECIFIED,
        "birth_year": _number(row.get("birth_year")),
        "profession": profession,
        "phone": _text(row.get("phone")),
        "area_code": area_code,
        "national_id": _number(row.get("national_id")),
        "confirm_new": True,
    }
    row.reject_if_errors()
    existing = None
    if data["national_id"]:
        try:
            fingerprint = national_id_fingerprint(data["national_id"])
        except Exception:  # the form and the service name the problem below
            fingerprint = None
        if fingerprint:
            existing = Person.objects.filter(national_id_hash=fingerprint[0]).first()
    area = Area.objects.filter(code=area_code).first()
    if existing is None and area is not None and area.subdistrict_code:
        same_name = [
            p
            for p in people_with_similar_name(
                given_name=data["given_name"],
                family_name=data["family_name"],
                subdistrict_code=area.subdistrict_code,
            )
            if not (data["national_id"] and p.national_id_hash)
        ]
        if len(same_name) > 1:
            row.add(
                "given_name",
                msg(
                    "More than one person of this name lives in this subdistrict: add the ID number."
                ),
            )
        elif same_name:
            existing = same_name[0]
    if existing is not None:  # columns the sheet does not have keep their values
        for key, attribute in (
            ("title", "title"),
            ("family_name", "family_name"),
            ("gender", "gender"),
            ("birth_year", "birth_year"),
            ("profession", "profession_id"),
            ("phone", "phone"),
        ):
            if not row.has(key):
                data[key] = getattr(existing, attribute) or ""
        data["given_name_en"] = existing.given_name_en
        data["family_name_en"] = existing.family_name_en
        data["email"] = existing.email
    form = PersonForm(data)
    if not form.is_valid():
        row.form_errors(form, PERSON_FIELDS)
    row.reject_if_errors()
    cleaned = form.cleaned_data
    person_data = PersonData(
        title=cleaned["title"],
        given_name=cleaned["given_name"],
        family_name=cleaned["family_name"],
        given_name_en=cleaned.get("given_name_en") or "",
        family_name_en=cleaned.get("family_name_en") or "",
        gender=cleaned["gender"],
        birth_year=cleaned["birth_year"],
        profession=cleaned["profession"].code if cleaned["profession"] else None,
        phone=cleaned["phone"],
        email=cleaned.get("email") or "",
    )
    try:
        if existing is not None:
            person = person_update(
                actor=actor,
                person_id=existing.pk,
                expected_version=None,
                data=person_data,
                area_code=cleaned["area_code"],
                national_id=cleaned["national_id"] or None,
            )
            return Action.UPDATED, person.pk
        person = person_create(
            actor=actor,
            data=person_data,
            area_code=cleaned["area_code"],
            national_id=cleaned["national_id"] or None,
            confirm_new=True,
        )
        return Action.CREATED, person.pk
    except NotFoundOrOutOfScope:
        row.add("area_code", msg("Out of your area."))
    except ValidationError as exc:
        row.add_validation_error(exc, PERSON_FIELDS)
    raise RowRejected(row.errors)


ORGANIZATION_FIELDS = {
    "type": "type_code",
    "type_code": "type_code",
    "name": "name",
    "area_code": "area_code",
    "registration_number": "registration_number",
    "founded_on": "founded_on",
    "member_count": "member_count",
    "funds": "funds",
    "activities": "activities",
    "status": "status",
}


def _organization_row(actor, row: _Row) -> tuple[str, int]:
    from concenter.network.forms import OrganizationForm
    from concenter.network.models import Organization, OrganizationStatus, OrganizationType
    from concenter.network.services import organization_create, organization_update

    area_code = _area(row, actor)
    type_code = row.convert(
        "type_code", lambda v: _lookup(OrganizationType, v, "Unknown organization type.")
    )
    status = row.convert(
        "status", lambda v: _choice(v, OrganizationStatus.choices, "Unknown status.")
    )
    founded = row.get("founded_on")
    data = {
        "type_code": type_code,
        "name": _text(row.get("name")),
        "area_code": area_code,
        "registration_number": _text(row.get("registration_number")),
        "founded_on": founded if isinstance(founded, datetime.date) else _text(founded),
        "member_count": _number(row.get("member_count")) or "0",
        "funds": to_arabic_digits(_text(row.get("funds"))),
        "activities": _text(row.get("activities")),
        "status": status or OrganizationStatus.ACTIVE,
    }
    row.reject_if_errors()
    existing = None
    if data["registration_number"]:
        existing = Organization.objects.filter(
            type_id=type_code, registration_number=data["registration_number"]
        ).first()
    if existing is None:
        existing = Organization.objects.filter(
            type_id=type_code, name=normalize_text(data["name"]), area_id=area_code
        ).first()
    if existing is not None:
        for key in ("registration_number", "founded_on", "member_count", "funds", "activities"):
            if not row.has(key):
                value = getattr(existing, key)
                data[key] = "" if value is None else value
        if not row.has("status"):
            data["status"] = existing.status
    form = OrganizationForm(data)
    if not form.is_valid():
        row.form_errors(form, ORGANIZATION_FIELDS)
    row.reject_if_errors()
    cleaned = dict(form.cleaned_data)
    cleaned.pop("version", None)
    cleaned["type_code"] = cleaned["type_code"].code
    cleaned["funds"] = cleaned["funds"] or "0"
    try:
        if existing is not None:
            organization = organization_update(
                actor=actor, organization_id=existing.pk, expected_version=None, **cleaned
            )
            return Action.UPDATED, organization.pk
        organization = organization_create(actor=actor, **cleaned)
        return Action.CREATED, organization.pk
    except NotFoundOrOutOfScope:
        row.add("area_code", msg("Out of your area."))
    except ValidationError as exc:
        row.add_validation_error(exc, ORGANIZATION_FIELDS)
    raise RowRejected(row.errors)


ROW_HANDLERS = {Kind.PEOPLE: _person_row, Kind.ORGANIZATIONS: _organization_row}


# The run ----------------------------------------------------------------------------------------


def _run_rows(actor, kind: str, path: Path, file_name: str) -> ImportResult:
    rows = read_rows(path, file_name)
    try:
        _number, headers = next(rows)
    except StopIteration:
        raise ImportFileError(msg("The file is empty.")) from None
    mapping = map_headers(headers, kind)
    result = ImportResult(kind=kind, headers=[str(h) for h in headers])
    handler = ROW_HANDLERS[kind]
    for number, cells in rows:
        if not any(str(c).strip() for c in cells):
            continue
        outcome = RowResult(row=number, cells=[_text(c) for c in cells])
        try:
            with transaction.atomic():  # a savepoint: a refused row leaves nothing behind
                outcome.action, outcome.object_id = handler(actor, _Row(kind, mapping, cells))
        except RowRejected as exc:
            outcome.errors = exc.errors
        result.rows.append(outcome)
    return result


def run_import(
    *,
    actor,
    path: Path | str,
    file_name: str,
    kind: str,
    mode: str = Mode.ALL,
    dry_run: bool = False,
    batch: ImportBatch | None = None,
) -> tuple[ImportResult, ImportBatch | None]:
    """Check (dry run) or import a file. Raises ImportFileError when the file itself is refused.

    Returns the rows' outcome and the batch (None for a dry run without one)."""
    if kind not in Kind.values or mode not in Mode.values:
        raise ValueError(kind, mode)
    with translation.override("th"), transaction.atomic():
        result = _run_rows(actor, kind, Path(path), file_name)
        refused = mode == Mode.ALL and bool(result.rejected)
        if dry_run or refused:
            transaction.set_rollback(True)
    if refused:  # nothing stored: the rows "would be" created are not
        for outcome in result.rows:
            if outcome.ok:
                outcome.object_id = None
    if dry_run:
        if batch is not None:
            _fill(batch, result, dry_run=True)
            batch.save()
        return result, batch
    with transaction.atomic():
        if batch is None:
            batch = ImportBatch(user=actor, file_name=file_name[:255], kind=kind, mode=mode)
        batch.mode = mode
        _fill(batch, result, dry_run=False)
        batch.status = Status.REFUSED if refused else Status.DONE
        batch.committed_at = timezone.now()
        batch.content = None
        batch.save()
        if not refused:
            ImportedRecord.objects.bulk_create(
                ImportedRecord(
                    batch=batch, kind=kind, object_id=r.object_id, action=r.action, row=r.row
                )
                for r in result.rows
                if r.ok
            )
    return result, batch


def _fill(batch: ImportBatch, result: ImportResult, *, dry_run: bool) -> None:
    batch.headers = result.headers
    batch.created_count = result.count(Action.CREATED)
    batch.updated_count = result.count(Action.UPDATED)
    batch.rejected_count = len(result.rejected)
    batch.report = [
        {"row": r.row, "action": r.action, "errors": [list(e) for e in r.errors]}
        for r in result.rows
    ]
    batch.rejected_rows = [
        {"row": r.row, "cells": r.cells, "errors": r.error_text()} for r in result.rejected
    ]
    if dry_run:
        batch.status = Status.CHECKED


def check_upload(*, actor, content: bytes, file_name: str, kind: str, mode: str) -> ImportBatch:
    """Keep an upload and its dry run's report; `commit_batch` imports it later."""
    from concenter.exchange.readers import temporary_copy

    batch = ImportBatch(user=actor, file_name=file_name[:255], kind=kind, mode=mode)
    batch.content = content
    try:
        with temporary_copy(content, file_name) as path:
            run_import(
                actor=actor,
                path=path,
                file_name=file_name,
                kind=kind,
                mode=mode,
                dry_run=True,
                batch=batch,
            )
    except ImportFileError as exc:
        batch.error = str(exc)
        batch.status = Status.REFUSED
        batch.content = None
        batch.save()
    return batch


def commit_batch(*, actor, batch: ImportBatch) -> ImportBatch:
    from concenter.exchange.readers import temporary_copy

    if batch.status != Status.CHECKED or batch.content is None:
        raise ValidationError(msg("The file could not be read."))
    with temporary_copy(bytes(batch.content), batch.file_name) as path:
        run_import(
            actor=actor,
            path=path,
            file_name=batch.file_name,
            kind=batch.kind,
            mode=batch.mode,
            batch=batch,
        )
    return batch


# Undo -------------------------------------------------------------------------------------------


@dataclass
class UndoResult:
    deleted: int = 0
    kept_referenced: int = 0
    kept_updated: int = 0


def _model(kind: str):
    if kind == Kind.PEOPLE:
        from concenter.people.models import Person

        return Person
    from concenter.network.models import Organization

    return Organization


def _referenced(instance) -> bool:
    for relation in instance._meta.related_objects:
        if relation.related_model._meta.app_label in ("auditlog", "exchange"):
            continue
        accessor = relation.get_accessor_name()
        if relation.one_to_one:
            if getattr(instance, accessor, None) is not None:
                return True
            continue
        manager = getattr(instance, accessor, None)
        if manager is not None and manager.exists():
            return True
    return False


@transaction.atomic
def undo_batch(*, actor, batch: ImportBatch) -> UndoResult:
    """Delete what the batch created, if nothing else refers to it; updated rows are left."""
    from concenter.network import rollups

    if batch.status != Status.DONE:
        raise ValidationError(msg("The file could not be read."))
    model = _model(batch.kind)
    result = UndoResult()
    contributions = (
        rollups.person_contributions
        if batch.kind == Kind.PEOPLE
        else rollups.organization_contributions
    )
    for record in batch.records.all():
        if record.action == Action.UPDATED:
            result.kept_updated += 1
            continue
        instance = model.objects.filter(pk=record.object_id).first()
        if instance is None:
            continue
        if not can(actor, Access.CHANGE, instance.area_id) or _referenced(instance):
            result.kept_referenced += 1
            continue
        rollups.rollup_change(contributions(instance), [])
        instance.delete()
        result.deleted += 1
    batch.status = Status.UNDONE
    batch.save(update_fields=["status"])
    return result


def columns_of(kind: str):
    return COLUMNS[kind]

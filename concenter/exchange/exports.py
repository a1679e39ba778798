"""Exports of the lists a user can see, as CSV (UTF-8 with BOM, so Excel shows Thai) or XLSX.

Every export reads through the same scoped selector as its list page, with the same filters,
so it holds exactly what the user may read. Safe to open:

* a text cell that starts with = + - @ tab or carriage return is written with a leading
  apostrophe, so no spreadsheet runs it as a formula (OWASP "CSV injection");
* in XLSX every text is written as text (never parsed as a number or a formula);
* a national ID is never exported: only its last four digits, as the pages show it;
* a person's phone and e-mail follow the person page: their columns are left out for a user
  who may change no area (a viewer), and left blank on the rows of people whose area the user
  may not change; an export that gave any of them is recorded as one *access* entry in the
  audit trail (who, when, how many people, which fields, which filters), not one per person
  (`concenter.people.privacy.log_contact_export`).

Thai first: years are Buddhist Era (a birth year 2510, as the forms take it), and dates are
28/02/2563 in CSV; in XLSX a date is a real date cell shown in the Buddhist Era (dd/mm/bbbb), so
a spreadsheet sorts and filters it. ISO dates (2020-02-28) when asked for (`dates=iso`).
"""

import csv
import datetime
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import get_language

from concenter.accounts.scope import Access, filter_queryset
from concenter.common import clock
from concenter.common.thai import BE_OFFSET
from concenter.people.privacy import ContactTally

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MAX_ROWS = 1_048_575


def neutralise(value: str) -> str:
    """A text that a spreadsheet would read as a formula, made plain text."""
    if value and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class ExportColumn:
    th: str
    en: str
    value: Callable
    # A person's contact field ("phone", "email"): given only where the user may change the
    # person (concenter.people.privacy.may_see_contact), and its export logged.
    contact: str = ""


@dataclass(frozen=True)
class Export:
    key: str
    title_th: str
    title_en: str
    columns: tuple[ExportColumn, ...]
    rows: Callable[..., QuerySet | list]  # rows(user=..., params=...) through the selectors
    filters: tuple[str, ...] = ()  # the parameters `rows` reads, recorded with a contact export


def _be_year(year: int | None) -> int | None:
    return year + BE_OFFSET if year else None


def _choice(model_field_display: str):
    return lambda obj: str(getattr(obj, model_field_display)())


def _area_name(obj) -> str:
    return obj.area.display_name if getattr(obj, "area", None) else ""


# The lists --------------------------------------------------------------------------------------


def _people(*, user, params) -> QuerySet | list:
    from concenter.people.selectors import person_list

    query = (params.get("q") or "")[:100]
    if query.strip():
        from concenter.common.search import MAX_LIMIT, person_search

        return person_search(user=user, query=query, limit=MAX_LIMIT)
    return person_list(
        user=user,
        subdistrict_code=params.get("subdistrict") or None,
        profession=params.get("profession") or None,
    )


PEOPLE = Export(
    "people",
    "บุคคล",
    "People",
    (
        ExportColumn("คำนำหน้า", "Title", lambda p: p.title),
        ExportColumn("ชื่อ", "Given name", lambda p: p.given_name),
        ExportColumn("นามสกุล", "Family name", lambda p: p.family_name),
        ExportColumn("ชื่อ (อังกฤษ)", "Given name (English)", lambda p: p.given_name_en),
        ExportColumn("นามสกุล (อังกฤษ)", "Family name (English)", lambda p: p.family_name_en),
        ExportColumn("เพศ", "Gender", _choice("get_gender_display")),
        ExportColumn("ปีเกิด", "Birth year (BE)", lambda p: _be_year(p.birth_year)),
        ExportColumn("อาชีพ", "Profession", lambda p: p.profession.name_th if p.profession else ""),
        ExportColumn("รหัสพื้นที่", "Area code", lambda p: p.area_id),
        ExportColumn("พื้นที่", "Area", _area_name),
        ExportColumn(
            "เลขประจำตัวประชาชน (4 ตัวท้าย)",
            "National ID (last 4 digits)",
            lambda p: p.national_id_last4,
        ),
        ExportColumn("โทรศัพท์", "Phone", lambda p: p.phone, contact="phone"),
        ExportColumn("อีเมล", "Email", lambda p: p.email, contact="email"),
    ),
    _people,
    filters=("q", "subdistrict", "profession"),
)


_COLUMN_OF_PREFIX = {2: "province_code", 4: "district_code", 6: "subdistrict_code", 8: "area_id"}


def _within(qs: QuerySet, params) -> QuerySet:
    """Records inside the area named by the list's `area` filter (by their ancestor columns;
    the selectors' own `area_code` filter is not used: a prefix lookup on a foreign key)."""
    area = (params.get("area") or "").strip()[:8]
    if area.isdigit() and len(area) in _COLUMN_OF_PREFIX:
        return qs.filter(**{_COLUMN_OF_PREFIX[len(area)]: area})
    return qs


def _organizations(*, user, params) -> QuerySet | list:
    from concenter.network.selectors import organization_list

    query = (params.get("q") or "")[:100]
    if query.strip():
        from concenter.common.search import MAX_LIMIT, organization_search

        return organization_search(user=user, query=query, limit=MAX_LIMIT)
    qs = organization_list(
        user=user, type_code=params.get("type") or None, status=params.get("status") or None
    )
    return _within(qs, params)


def _leader(organization) -> str:
    leader = organization.leader
    return leader.full_name if leader is not None else ""


ORGANIZATIONS = Export(
    "organizations",
    "องค์กรชุมชน",
    "Community organizations",
    (
        ExportColumn("ประเภท", "Type", lambda o: o.type.name_th),
        ExportColumn("ชื่อองค์กร", "Name", lambda o: o.name),
        ExportColumn("รหัสพื้นที่", "Area code", lambda o: o.area_id),
        ExportColumn("พื้นที่", "Area", _area_name),
        ExportColumn("เลขทะเบียน", "Registration number", lambda o: o.registration_number),
        ExportColumn("วันที่ก่อตั้ง", "Founded on", lambda o: o.founded_on),
        ExportColumn("จำนวนสมาชิก", "Members", lambda o: o.member_count),
        ExportColumn("เงินทุน", "Funds (baht)", lambda o: o.funds),
        ExportColumn("กิจกรรม", "Activities", lambda o: o.activities),
        ExportColumn("สถานะ", "Status", _choice("get_status_display")),
        ExportColumn("ผู้นำ", "Leader", _leader),
    ),
    _organizations,
)


def _centers(*, user, params) -> QuerySet:
    from concenter.network.models import CenterLevel, CenterStatus
    from concenter.network.selectors import center_list

    level = params.get("level") if params.get("level") in CenterLevel.values else None
    status = params.get("status") if params.get("status") in CenterStatus.values else None
    return _within(center_list(user=user, level=level, status=status), params)


CENTERS = Export(
    "centers",
    "ศูนย์ประสานงานองค์การชุมชน",
    "Centers",
    (
        ExportColumn("รหัสศูนย์", "Code", lambda c: c.area_id),
        ExportColumn("ชื่อศูนย์", "Name", lambda c: c.name),
        ExportColumn("ระดับ", "Level", _choice("get_level_display")),
        ExportColumn("พื้นที่", "Area", _area_name),
        ExportColumn("วันที่ก่อตั้ง", "Founded on", lambda c: c.founded_on),
        ExportColumn("ที่ตั้งสำนักงาน", "Office address", lambda c: c.address),
        ExportColumn("โทรศัพท์", "Phone", lambda c: c.phone),
        ExportColumn("อีเมล", "Email", lambda c: c.email),
        ExportColumn("สถานะ", "Status", _choice("get_status_display")),
    ),
    _centers,
)


def _seats(*, user, params) -> QuerySet:
    from concenter.network.models import Seat, TermStatus

    qs = filter_queryset(
        Seat.objects.all(), user, Access.READ, area_path="term__center__area"
    ).select_related("term", "term__center", "person", "organization")
    area = (params.get("area") or "")[:8]
    if area.isdigit():
        qs = qs.filter(term__center_id__startswith=area)
    status = params.get("status")
    if status in TermStatus.values:
        qs = qs.filter(term__status=status)
    return qs.order_by("term__center_id", "-term__starts_on", "position", "pk")


COMMITTEES = Export(
    "committees",
    "คณะกรรมการ",
    "Committees",
    (
        ExportColumn("รหัสศูนย์", "Center code", lambda s: s.term.center_id),
        ExportColumn("ชื่อศูนย์", "Center", lambda s: s.term.center.name),
        ExportColumn("วันเริ่มวาระ", "Term starts", lambda s: s.term.starts_on),
        ExportColumn("วันสิ้นสุดวาระ", "Term ends", lambda s: s.term.ends_on),
        ExportColumn("สถานะวาระ", "Term status", lambda s: s.term.get_status_display()),
        ExportColumn("ตำแหน่ง", "Position", _choice("get_position_display")),
        ExportColumn("คำนำหน้า", "Title", lambda s: s.person.title),
        ExportColumn("ชื่อ", "Given name", lambda s: s.person.given_name),
        ExportColumn("นามสกุล", "Family name", lambda s: s.person.family_name),
        ExportColumn(
            "องค์กรที่เป็นผู้แทน",
            "Represents",
            lambda s: s.organization.name if s.organization else "",
        ),
        ExportColumn("สิ้นสุดเมื่อ", "Ended on", lambda s: s.ends_on),
    ),
    _seats,
)


def _partners(*, user, params) -> QuerySet:
    from concenter.network.selectors import partner_list

    return partner_list(user=user, kind=params.get("kind") or None)


PARTNERS = Export(
    "partners",
    "ภาคีเครือข่าย",
    "Partners",
    (
        ExportColumn("ประเภทภาคี", "Kind", _choice("get_kind_display")),
        ExportColumn("ชื่อภาคี", "Name", lambda p: p.name),
        ExportColumn("รหัสพื้นที่", "Area code", lambda p: p.area_id),
        ExportColumn("พื้นที่", "Area", _area_name),
        ExportColumn("ผู้ติดต่อ", "Contact person", lambda p: p.contact_name),
        ExportColumn("โทรศัพท์", "Phone", lambda p: p.phone),
        ExportColumn("อีเมล", "Email", lambda p: p.email),
        ExportColumn("เว็บไซต์", "Website", lambda p: p.website),
    ),
    _partners,
)

EXPORTS = {e.key: e for e in (PEOPLE, ORGANIZATIONS, CENTERS, COMMITTEES, PARTNERS)}


# Writing ------------------------------------------------------------------------------------------


def cell_value(value, *, be_dates: bool, keep_dates: bool = False):
    """A value as a cell: text neutralised, numbers as numbers, dates ISO or Buddhist Era (or
    kept as dates, for a spreadsheet's date cells)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float, Decimal)):
        return value
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        if keep_dates:
            return value
        if be_dates:
            return f"{value.day:02d}/{value.month:02d}/{value.year + 543}"
        return value.isoformat()
    return neutralise(str(value))


class ExportRun:
    """One export as one user gets it: the columns they may see and, while the rows are
    written, the tally of the contact data given, logged once when the last row is written
    (or when a download stops halfway: the rows sent so far)."""

    def __init__(
        self,
        export: Export,
        *,
        user,
        params: Mapping,
        channel: str,
        be_dates: bool = False,
        keep_dates: bool = False,
    ) -> None:
        self.export = export
        self.user = user
        self.params = params
        self.channel = channel
        self.be_dates = be_dates
        self.keep_dates = keep_dates
        contact_fields = [c.contact for c in export.columns if c.contact]
        self.tally = ContactTally(user, contact_fields) if contact_fields else None
        self.columns = tuple(c for c in export.columns if not c.contact or self.tally.allows_any)
        self.rows_written = 0

    def headers(self, language: str) -> list[str]:
        return [c.th if language.startswith("th") else c.en for c in self.columns]

    def rows(self) -> Iterator[list]:
        found = self.export.rows(user=self.user, params=self.params)
        iterator = found.iterator(chunk_size=2000) if isinstance(found, QuerySet) else iter(found)
        tally, be_dates, keep_dates = self.tally, self.be_dates, self.keep_dates
        try:
            for obj in iterator:
                contact_shown = tally.add(obj) if tally is not None else True
                self.rows_written += 1
                yield [
                    cell_value(
                        column.value(obj) if contact_shown or not column.contact else "",
                        be_dates=be_dates,
                        keep_dates=keep_dates,
                    )
                    for column in self.columns
                ]
        finally:
            if tally is not None:
                tally.log(
                    channel=self.channel,
                    filters={key: self.params.get(key) for key in self.export.filters},
                )


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_stream(
    export: Export, *, user, params, be_dates: bool, language: str, via: str = "web"
) -> Iterator[bytes]:
    """The export as CSV, UTF-8 with BOM, a line at a time (for a streaming response)."""
    run = ExportRun(export, user=user, params=params, channel=f"{via}:csv", be_dates=be_dates)
    writer = csv.writer(_Echo())
    yield "\ufeff".encode()
    yield writer.writerow(run.headers(language)).encode("utf-8")
    for row in run.rows():
        yield writer.writerow(row).encode("utf-8")


def xlsx_file(export: Export, *, user, params, be_dates: bool, language: str, via: str = "web"):
    """The export as an XLSX in a temporary file (constant memory; a new sheet every
    1,048,575 rows). The caller streams and closes it."""
    run = ExportRun(
        export,
        user=user,
        params=params,
        channel=f"{via}:xlsx",
        be_dates=be_dates,
        keep_dates=True,
    )
    return _write_xlsx(run, language=language, be_dates=be_dates)


# Excel's "bbbb" is the year in the Buddhist Era; LibreOffice reads the same code.
XLSX_BE_DATE = "dd/mm/bbbb"
XLSX_ISO_DATE = "yyyy-mm-dd"


def _write_xlsx(run: ExportRun, *, language: str, be_dates: bool = True):
    import xlsxwriter

    export = run.export
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the response streams and closes it
    book = xlsxwriter.Workbook(
        handle,
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False},
    )
    bold = book.add_format({"bold": True})
    text = book.add_format({"num_format": "@"})
    dates = book.add_format({"num_format": XLSX_BE_DATE if be_dates else XLSX_ISO_DATE})
    title = export.title_th if language.startswith("th") else export.title_en
    headers = run.headers(language)
    sheet, row_number, sheets = None, XLSX_MAX_ROWS, 0
    for row in run.rows():
        if row_number >= XLSX_MAX_ROWS:
            sheets += 1
            sheet = book.add_worksheet(title[:28] if sheets == 1 else f"{title[:24]} {sheets}")
            sheet.write_row(0, 0, headers, bold)
            sheet.set_column(0, len(headers) - 1, 16)
            sheet.freeze_panes(1, 0)
            row_number = 0
        row_number += 1
        for column, value in enumerate(row):
            if isinstance(value, str):
                sheet.write_string(row_number, column, value, text)
            elif isinstance(value, datetime.date):
                sheet.write_datetime(row_number, column, value, dates)
            else:
                sheet.write_number(row_number, column, float(value))
    if sheet is None:
        sheet = book.add_worksheet(title[:28])
        sheet.write_row(0, 0, headers, bold)
    book.close()
    handle.seek(0)
    return handle


def export_file_name(export: Export, extension: str) -> str:
    return f"concenter-{export.key}-{clock.today().isoformat()}.{extension}"


def language_of_request() -> str:
    return get_language() or "th"


def write_export(export: Export, *, user, params, path, file_format: str, be_dates=False) -> int:
    """Write an export to a file (the `concenter export` command); returns the rows written."""
    language = language_of_request()
    run = ExportRun(
        export,
        user=user,
        params=params,
        channel=f"command:{file_format}",
        be_dates=be_dates,
        keep_dates=file_format == "xlsx",
    )
    if file_format == "csv":
        writer = csv.writer(_Echo())
        with open(path, "wb") as target:
            target.write("\ufeff".encode())
            target.write(writer.writerow(run.headers(language)).encode("utf-8"))
            for row in run.rows():
                target.write(writer.writerow(row).encode("utf-8"))
        return run.rows_written
    handle = _write_xlsx(run, language=language, be_dates=be_dates)
    with handle, open(path, "wb") as target:
        target.write(handle.read())
    return run.rows_written

"""Printed documents of an event: the programme, badges (PDF, Typst + Sarabun) and the
attendance report (PDF and XLSX).

Documents go to Thai officers and guests: in a Thai request a label whose Thai translation is
not yet in the catalogue falls back to the Thai text written in THAI here (the same text is
handed to the catalogue), so a printed programme never shows an English word by accident.
"""

import datetime
import io
from pathlib import Path

from django.utils import timezone
from django.utils.translation import get_language, gettext

from concenter.common.pdf import qr_svg, render_pdf
from concenter.common.thai import (
    THAI_MONTHS_LONG,
    format_date_en,
    format_date_th,
    to_thai_digits_deep,
)
from concenter.events import selectors, tickets
from concenter.events.models import (
    ROLE_COLOURS,
    AgendaKind,
    Event,
    Registration,
    RegistrationRole,
)

FOLDER = Path(__file__).parent
BADGE_NAME_SIZES = ((24, 16), (40, 13), (70, 11))  # (longest name, font size in points)
BADGE_SMALLEST_SIZE = 9
EVENT_LINE_MAX = 90

THAI_WEEKDAYS = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")
ENGLISH_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

THAI = {
    "Agenda": "กำหนดการ",
    "Attendance report": "รายงานผู้เข้าร่วมงาน",
    "No agenda item yet.": "ยังไม่มีรายการในกำหนดการ",
    "by %(name)s": "โดย %(name)s",
    "Performed by %(name)s": "การแสดงโดย %(name)s",
    "Exhibition of %(name)s": "นิทรรศการของ %(name)s",
    "Theme: %(theme)s": "หัวข้อ: %(theme)s",
    "Place: %(place)s": "สถานที่: %(place)s",
    "No.": "ลำดับที่",
    "Award recipient": "ผู้รับรางวัล",
    "Plaque no.": "โล่หมายเลข",
    "Printed on %(when)s": "พิมพ์เมื่อ %(when)s",
    "Capacity": "จำนวนที่นั่ง",
    "No limit": "ไม่จำกัด",
    "Registered (seats given)": "ลงทะเบียน (ได้ที่นั่ง)",
    "Attended": "มาร่วมงาน",
    "Attendance rate": "อัตราการมาร่วมงาน",
    "No-shows": "ลงทะเบียนแต่ไม่มา",
    "Walk-ins": "ลงทะเบียนหน้างาน",
    "On the waiting list": "อยู่ในรายชื่อสำรอง",
    "Cancelled": "ยกเลิก",
    "Award recipients present": "ผู้รับรางวัลที่มาร่วมงาน",
    "By district": "แยกตามอำเภอ",
    "By role": "แยกตามบทบาท",
    "By organisation": "แยกตามหน่วยงาน",
    "Check-ins by hour": "จำนวนผู้เช็คอินรายชั่วโมง",
    "District": "อำเภอ",
    "Role": "บทบาท",
    "Organisation": "หน่วยงาน",
    "Registered": "ลงทะเบียน",
    "Rate": "ร้อยละ",
    "Name": "ชื่อ",
    "Represents": "หน่วยงาน",
    "Checked in": "เวลาเช็คอิน",
    "Not present": "ไม่มา",
    "None.": "ไม่มี",
    "Award recipients": "ผู้รับรางวัล",
    "Summary": "สรุป",
    "Registrations": "รายชื่อผู้ลงทะเบียน",
    "Status": "สถานะ",
    "Source": "ที่มา",
    "Meal": "อาหาร",
    "Accessibility needs": "ความต้องการพิเศษ",
    "Ticket code": "รหัสบัตร",
    "Item": "รายการ",
    "Value": "จำนวน",
    "Not stated": "ไม่ระบุ",
    "Others": "อื่น ๆ",
    "Total": "รวม",
    # Roles (RegistrationRole) and statuses, for the badges and reports.
    "VIP": "ผู้มีเกียรติ",
    "Guest": "แขกรับเชิญ",
    "Participant": "ผู้เข้าร่วมงาน",
    "Performer": "ผู้แสดง",
    "Exhibitor": "ผู้จัดนิทรรศการ",
    "Staff": "เจ้าหน้าที่",
    "Confirmed": "ยืนยันแล้ว",
    "Standard": "ทั่วไป",
    "Vegetarian": "มังสวิรัติ",
    "Jay (Chinese vegan)": "เจ",
    "Halal": "ฮาลาล",
    "No meal": "ไม่รับอาหาร",
    "Registered by an officer": "เจ้าหน้าที่ลงทะเบียนให้",
    "From a pasted list": "จากรายชื่อที่วาง",
    "Public registration form": "ลงทะเบียนด้วยตนเอง",
    "Walk-in at the door": "ลงทะเบียนหน้างาน",
    "Award programme": "จากโครงการรางวัล",
    # Agenda kinds.
    "Registration": "ลงทะเบียน",
    "Opening ceremony": "พิธีเปิด",
    "Speech": "กล่าวปาฐกถา",
    "Performance": "การแสดง",
    "Exhibition booth": "นิทรรศการ",
    "Award presentation": "พิธีมอบรางวัล",
    "Break": "พัก",
    "Other": "อื่น ๆ",
}


def _thai() -> bool:
    return (get_language() or "th").startswith("th")


def label(msgid: str) -> str:
    """gettext, with the Thai text of THAI when the catalogue does not hold it yet."""
    translated = gettext(msgid)
    if _thai() and translated == msgid:
        return THAI.get(msgid, msgid)
    return translated


def long_date(day: datetime.date) -> str:
    """วันศุกร์ที่ 28 กุมภาพันธ์ พ.ศ. 2563 / Friday 28 February 2020."""
    if _thai():
        return (
            f"วัน{THAI_WEEKDAYS[day.weekday()]}ที่ {day.day} "
            f"{THAI_MONTHS_LONG[day.month - 1]} พ.ศ. {day.year + 543}"
        )
    return f"{ENGLISH_WEEKDAYS[day.weekday()]} {format_date_en(day, long=True)}"


def clock(value: datetime.datetime) -> str:
    local = timezone.localtime(value)
    return local.strftime("%H.%M") if _thai() else local.strftime("%H:%M")


def time_range(start: datetime.datetime, end: datetime.datetime | None) -> str:
    text = clock(start) if end is None else f"{clock(start)} – {clock(end)}"
    return f"{text} น." if _thai() else text


def date_line(event: Event) -> str:
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    if start.date() == end.date():
        return f"{long_date(start.date())} {time_range(event.starts_at, event.ends_at)}"
    return f"{long_date(start.date())} – {long_date(end.date())}"


def short_date(value: datetime.datetime) -> str:
    day = timezone.localtime(value).date()
    return format_date_th(day) if _thai() else format_date_en(day)


def venue_line(event: Event) -> str:
    parts = [event.venue_name, event.venue_address]
    if event.venue_area_id and event.venue_area.name_th not in event.venue_address:
        parts.append(event.venue_area.display_name)
    return " ".join(p for p in parts if p)


def _printed() -> str:
    now = timezone.localtime()
    return label("Printed on %(when)s") % {
        "when": f"{short_date(now)} {clock(now)}{' น.' if _thai() else ''}"
    }


def role_label(role: str) -> str:
    return label(str(RegistrationRole(role).label))


# Programme -------------------------------------------------------------------------------------


def _item_lines(item) -> list[str]:
    lines: list[str] = []
    if item.kind == AgendaKind.SPEECH:
        speaker = " ".join(p for p in (item.speaker_name, item.speaker_position) if p)
        if speaker:
            lines.append(label("by %(name)s") % {"name": speaker})
    elif item.kind == AgendaKind.PERFORMANCE and item.performer_display:
        performer = item.performer_display
        if item.performer_name and item.performer_name != performer:
            performer = f"{item.performer_name} ({performer})"
        lines.append(label("Performed by %(name)s") % {"name": performer})
    elif item.kind == AgendaKind.EXHIBITION and item.exhibitor_center_id:
        if item.title:
            lines.append(label("Exhibition of %(name)s") % {"name": item.exhibitor_center.name})
        if item.theme:
            lines.append(label("Theme: %(theme)s") % {"theme": item.theme})
        lines.extend(f"• {story.title}" for story in item.stories.all())
    if item.location:
        lines.append(label("Place: %(place)s") % {"place": item.location})
    if item.details:
        lines.extend(line for line in item.details.split("\n") if line.strip())
    return lines


def programme_data(event: Event) -> dict:
    items = []
    for item in selectors.agenda(event, public=True):
        title = item.title or label(str(AgendaKind(item.kind).label))
        if item.kind == AgendaKind.EXHIBITION and not item.title and item.exhibitor_center_id:
            title = label("Exhibition of %(name)s") % {"name": item.exhibitor_center.name}
        if item.kind == AgendaKind.AWARD and not item.title and item.award_programme_id:
            title = f"{title}: {item.award_programme}"
        winners = [
            {
                "order": str(index),
                "name": winner.display_name,
                "category": winner.category_label or "",
                "plaque": str(winner.plaque_number) if winner.plaque_number else "",
            }
            for index, winner in enumerate(item.winners, start=1)
        ]
        items.append(
            {
                "time": time_range(item.starts_at, item.ends_at),
                "title": title,
                "lines": _item_lines(item),
                "winners": winners,
            }
        )
    return {
        "organizer": event.organizer.name,
        "heading": label("Agenda"),
        "title": event.title,
        "date_line": date_line(event),
        "venue_line": venue_line(event),
        "description": "",
        "items": items,
        "empty": label("No agenda item yet."),
        "labels": {
            "order": label("No."),
            "awardee": label("Award recipient"),
            "plaque": label("Plaque no."),
        },
        "footer": f"{event.title[:80]} · {_printed()}",
    }


def programme_pdf(event: Event, *, thai_digits: bool = False) -> bytes:
    """The printed agenda; every figure in Thai digits for a reader who chose them."""
    data = {**programme_data(event), "thai_digits": thai_digits}
    return render_pdf(FOLDER / "programme.typ", to_thai_digits_deep(data) if thai_digits else data)


# Badges ----------------------------------------------------------------------------------------


def badge_name_size(name: str) -> int:
    for longest, size in BADGE_NAME_SIZES:
        if len(name) <= longest:
            return size
    return BADGE_SMALLEST_SIZE


def badges_data(event: Event, registrations: list[Registration]) -> dict:
    event_line = f"{event.title} · {short_date(event.starts_at)}"
    if len(event_line) > EVENT_LINE_MAX:
        event_line = event_line[: EVENT_LINE_MAX - 1] + "…"
    badges = []
    for registration in registrations:
        name = registration.display_name
        badges.append(
            {
                "name": name,
                "name_size": badge_name_size(name),
                "represents": registration.represents_display[:160],
                "role": role_label(registration.role),
                "role_en": str(RegistrationRole(registration.role).label) if _thai() else "",
                "colour": ROLE_COLOURS.get(registration.role, "#333333"),
                "code": registration.code_display,
                "qr": qr_svg(tickets.door_token(event.ref, registration.ticket_secret), scale=2),
            }
        )
    return {"event_line": event_line, "badges": badges}


def _english_role(role: str) -> str:
    from django.utils import translation

    with translation.override("en"):
        return str(RegistrationRole(role).label)


def badges_pdf(event: Event, registrations: list[Registration]) -> bytes:
    data = badges_data(event, registrations)
    if _thai():
        for badge, registration in zip(data["badges"], registrations, strict=True):
            badge["role_en"] = _english_role(registration.role)
    return render_pdf(FOLDER / "badges.typ", data)


# Attendance ------------------------------------------------------------------------------------


def _rate(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


def _count_rows(rows, *, total: bool = False) -> list[dict]:
    result = [
        {
            "label": label(row.label) if row.key in ("", "others") else row.label,
            "registered": f"{row.registered:,}",
            "attended": f"{row.attended:,}",
            "rate": _rate(row.attended, row.registered),
        }
        for row in rows
    ]
    if total and rows:
        registered = sum(row.registered for row in rows)
        attended = sum(row.attended for row in rows)
        result.append(
            {
                "label": label("Total"),
                "registered": f"{registered:,}",
                "attended": f"{attended:,}",
                "rate": _rate(attended, registered),
            }
        )
    return result


def attendance_data(event: Event) -> dict:
    figures = selectors.attendance(event=event)
    for row in figures.by_role:
        row.label = role_label(row.key)
    summary = [
        (
            label("Capacity"),
            label("No limit") if figures.capacity is None else f"{figures.capacity:,}",
        ),
        (label("Registered (seats given)"), f"{figures.registered:,}"),
        (label("Attended"), f"{figures.attended:,}"),
        (label("Attendance rate"), _rate(figures.attended, figures.registered)),
        (label("No-shows"), f"{figures.no_shows:,}"),
        (label("Walk-ins"), f"{figures.walk_ins:,}"),
        (label("On the waiting list"), f"{figures.waitlisted:,}"),
        (label("Cancelled"), f"{figures.cancelled:,}"),
        (
            label("Award recipients present"),
            f"{figures.awardees_present:,} / {figures.awardees:,}",
        ),
    ]
    registrations = list(selectors.registrations(event=event, status="confirmed"))
    awardees, walk_ins, no_shows = [], [], []
    for registration in registrations:
        checkin = getattr(registration, "checkin", None)
        row = {
            "name": registration.display_name,
            "represents": registration.represents_display,
            "extra": clock(checkin.checked_in_at) if checkin else label("Not present"),
        }
        if registration.role == RegistrationRole.AWARDEE:
            awardees.append(row)
        if registration.source == "walk_in" and checkin:
            walk_ins.append(row)
        if checkin is None:
            no_shows.append({**row, "extra": role_label(registration.role)})
    for rows in (awardees, walk_ins, no_shows):
        for index, row in enumerate(rows, start=1):
            row["order"] = str(index)
    head = [label("Registered"), label("Attended"), label("Rate")]
    return {
        "heading": label("Attendance report"),
        "title": event.title,
        "date_line": date_line(event),
        "venue_line": venue_line(event),
        "summary": [{"label": k, "value": v} for k, v in summary],
        "by_district": _count_rows(figures.by_district, total=True),
        "by_role": _count_rows(figures.by_role, total=True),
        "by_organization": _count_rows(figures.by_organization),
        "by_hour": [
            {
                "hour": f"{clock(hour)} – {clock(hour + datetime.timedelta(hours=1))}",
                "count": f"{n:,}",
            }
            for hour, n in selectors.checkins_by_hour(event=event)
        ],
        "awardees": awardees,
        "walk_ins": walk_ins,
        "no_shows": no_shows,
        "labels": {
            "by_district": label("By district"),
            "by_role": label("By role"),
            "by_organization": label("By organisation"),
            "by_hour": label("Check-ins by hour"),
            "head_district": [label("District"), *head],
            "head_role": [label("Role"), *head],
            "head_organization": [label("Organisation"), *head],
            "awardees": label("Award recipients"),
            "walk_ins": label("Walk-ins"),
            "no_shows": label("No-shows"),
            "head_awardees": [
                label("No."),
                label("Name"),
                label("Represents"),
                label("Checked in"),
            ],
            "head_walk_ins": [
                label("No."),
                label("Name"),
                label("Represents"),
                label("Checked in"),
            ],
            "head_no_shows": [label("No."), label("Name"), label("Represents"), label("Role")],
            "none": label("None."),
        },
        "footer": f"{event.title[:80]} · {_printed()}",
    }


def attendance_pdf(event: Event, *, thai_digits: bool = False) -> bytes:
    """The attendance report; every figure in Thai digits for a reader who chose them (the
    workbook keeps numbers as numbers)."""
    data = {**attendance_data(event), "thai_digits": thai_digits}
    return render_pdf(FOLDER / "attendance.typ", to_thai_digits_deep(data) if thai_digits else data)


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value) -> str:
    """Text for a spreadsheet cell that no spreadsheet will run: a value starting with = + - @
    (or a tab or line break) is written with a leading apostrophe (CSV/formula injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def attendance_xlsx(event: Event) -> bytes:
    """The report as a workbook: summary, by district, role and organisation, every
    registration with its check-in. Every text cell is written as text and neutralised."""
    import xlsxwriter

    data = attendance_data(event)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    )
    bold = book.add_format({"bold": True})
    title = book.add_format({"bold": True, "font_size": 14})

    def write_text(sheet, row, column, value, style=None):
        sheet.write_string(row, column, safe_cell(value), style)

    summary = book.add_worksheet(label("Summary")[:31])
    write_text(summary, 0, 0, data["title"], title)
    write_text(summary, 1, 0, data["date_line"])
    write_text(summary, 2, 0, data["venue_line"])
    write_text(summary, 4, 0, label("Item"), bold)
    write_text(summary, 4, 1, label("Value"), bold)
    for index, row in enumerate(data["summary"], start=5):
        write_text(summary, index, 0, row["label"])
        write_text(summary, index, 1, row["value"])
    summary.set_column(0, 0, 40)
    summary.set_column(1, 1, 16)

    figures = selectors.attendance(event=event)
    for row in figures.by_role:
        row.label = role_label(row.key)
    for sheet_name, heading, rows in (
        (label("By district"), label("District"), figures.by_district),
        (label("By role"), label("Role"), figures.by_role),
        (label("By organisation"), label("Organisation"), figures.by_organization),
    ):
        sheet = book.add_worksheet(sheet_name[:31])
        for column, text in enumerate([heading, label("Registered"), label("Attended")]):
            write_text(sheet, 0, column, text, bold)
        for index, row in enumerate(rows, start=1):
            name = label(row.label) if row.key in ("", "others") else row.label
            write_text(sheet, index, 0, name)
            sheet.write_number(index, 1, row.registered)
            sheet.write_number(index, 2, row.attended)
        sheet.set_column(0, 0, 45)
        sheet.set_column(1, 2, 14)

    sheet = book.add_worksheet(label("Registrations")[:31])
    headers = [
        label("Ticket code"),
        label("Name"),
        label("Role"),
        label("Represents"),
        label("District"),
        label("Status"),
        label("Source"),
        label("Meal"),
        label("Accessibility needs"),
        label("Checked in"),
    ]
    for column, text in enumerate(headers):
        write_text(sheet, 0, column, text, bold)
    districts = {row.key: row.label for row in figures.by_district}
    for index, registration in enumerate(selectors.registrations(event=event), start=1):
        checkin = getattr(registration, "checkin", None)
        values = [
            registration.code_display,
            registration.display_name,
            role_label(registration.role),
            registration.represents_display,
            districts.get(registration.district_code, registration.district_code),
            label(str(registration.get_status_display())),
            label(str(registration.get_source_display())),
            label(str(registration.get_meal_display())),
            registration.accessibility,
            (
                timezone.localtime(checkin.checked_in_at).strftime("%Y-%m-%d %H:%M")
                if checkin
                else ""
            ),
        ]
        for column, value in enumerate(values):
            write_text(sheet, index, column, value)
    sheet.set_column(0, 0, 12)
    sheet.set_column(1, 1, 32)
    sheet.set_column(2, 2, 16)
    sheet.set_column(3, 3, 36)
    sheet.set_column(4, 9, 16)
    sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()

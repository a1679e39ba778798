"""Activities of the centers, tagged with the missions they serve.

Each row goes through `activities.services.activity_create` / `activity_update` themselves, in a
savepoint (rolled back for a check): an activity brings its missions, participant counts and
roll-ups with it, and those services own them. This kind is therefore not a bulk path (a few
milliseconds a row); activities are hundreds a year per center, not millions a file.

The same activity: same center, kind, title and first day; a re-import updates it, and a row
that changes nothing leaves it (and its version) untouched.
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from concenter.activities.models import Activity, ActivityKind, Mission
from concenter.activities.services import ActivityData, activity_create, activity_update
from concenter.common import audit
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.common.thai import to_arabic_digits
from concenter.exchange import cells
from concenter.exchange.columns import Column
from concenter.exchange.kinds.base import CREATED, REJECTED, UNCHANGED, UPDATED, ImportKind, Row
from concenter.exchange.messages import msg
from concenter.exchange.models import RecordKind
from concenter.network.models import Center

COLUMNS = (
    Column("center_code", "รหัสศูนย์", "center_code", True, "710104",
           "รหัสพื้นที่ของศูนย์ (ตำบล อำเภอ หรือจังหวัด)", aliases=("ศูนย์", "center")),
    Column("kind", "ประเภทกิจกรรม", "kind", True, "การฝึกอบรม",
           "การประชุมคณะกรรมการ การประชุมใหญ่ การฝึกอบรม โครงการ การรณรงค์ การทบทวนแผนชุมชน อื่น ๆ",
           aliases=("ประเภท",)),
    Column("title", "ชื่อกิจกรรม", "title", True, "อบรมการทำบัญชีครัวเรือน", aliases=("ชื่อ",)),
    Column("starts_on", "วันเริ่ม", "starts_on", True, "15/01/2568", aliases=("วันที่", "วันที่เริ่ม")),
    Column("ends_on", "วันสิ้นสุด", "ends_on", example="16/01/2568", aliases=("วันที่สิ้นสุด",)),
    Column("missions", "ภารกิจ", "missions", True, "5, 7",
           "เลขภารกิจ 1–10 หรือชื่อภารกิจ คั่นด้วยจุลภาค", aliases=("ภารกิจที่",)),
    Column("place", "สถานที่", "place", example="ศาลาประชาคม"),
    Column("budget", "งบประมาณ", "budget", example="15,000 บาท", aliases=("งบประมาณ (บาท)",)),
    Column("spent", "ใช้จ่ายจริง", "spent", example="12,500", aliases=("ค่าใช้จ่าย",)),
    Column("participants_male", "ผู้เข้าร่วมชาย", "participants_male", example="12"),
    Column("participants_female", "ผู้เข้าร่วมหญิง", "participants_female", example="18"),
    Column("participants_other", "ผู้เข้าร่วมอื่น ๆ", "participants_other", example="0"),
    Column("outputs", "ผลผลิต", "outputs"),
    Column("outcomes", "ผลลัพธ์", "outcomes"),
)  # fmt: skip
KINDS = cells.Choices(ActivityKind.choices)
_SEPARATORS = re.compile(r"[,;/\n]+")
FIELDS = {"participants": "participants_male", "center": "center_code"}


class _Missions:
    def __init__(self) -> None:
        self.choices = cells.Choices(Mission.choices)
        self.by_number = {str(i): m for i, m in enumerate(Mission.values, start=1)}

    def __call__(self, value) -> list[str]:
        result = []
        for part in _SEPARATORS.split(cells.text(value)):
            part = part.strip().removeprefix("ภารกิจที่").removeprefix("ภารกิจ").strip()
            if not part:
                continue
            number = to_arabic_digits(part).rstrip(".")
            if number in self.by_number:
                result.append(self.by_number[number])
            else:
                message = msg("Unknown mission: use the numbers 1–10 or the mission names.")
                result.append(self.choices(part, message))
        return sorted(set(result))


class _Rollback(Exception):
    """Leaves a savepoint, undoing what it holds (a check, or a row that changed nothing)."""

    def __init__(self, value) -> None:
        self.value = value
        super().__init__()


def _participants(row: Row) -> dict:
    counts = {}
    for sex in ("male", "female", "other"):
        number = row.get(f"participants_{sex}", cells.integer)
        if number:
            counts[(sex, "unknown")] = number
    return counts


class ActivitiesKind(ImportKind):
    key = "activities"
    columns = COLUMNS

    def __init__(self, context) -> None:
        super().__init__(context)
        self.missions = _Missions()
        self.centers: dict[str, Center | None] = {}
        self.done: list[tuple[Row, Activity, str]] = []

    def _center(self, row: Row) -> Center | None:
        code = row.get("center_code", self.context.areas.code_of) or ""
        if not code:
            return None
        if code not in self.centers:
            self.centers[code] = Center.objects.filter(pk=code).first()
        center = self.centers[code]
        if center is None or not self.context.may_read(center.area_id):
            row.error("center_code", msg("Unknown center: give the code of its area."))
            return None
        if not self.context.may_change(center.area_id):
            row.error("center_code", msg("Out of your area."))
            return None
        return center

    def _data(self, row: Row) -> ActivityData:
        return ActivityData(
            kind=row.get("kind", KINDS, message=_("Unknown kind of activity.")) or "",
            title=row.get("title", cells.text, max_length=250) or "",
            starts_on=row.get("starts_on", cells.date),
            ends_on=row.get("ends_on", cells.date),
            missions=row.get("missions", self.missions) or [],
            place=row.get("place", cells.text, max_length=250) or "",
            budget=row.get("budget", cells.money) or 0,
            spent=row.get("spent", cells.money) or 0,
            participants=_participants(row),
            outputs=row.get("outputs", cells.text) or "",
            outcomes=row.get("outcomes", cells.text) or "",
        )

    def _apply(self, row: Row, center: Center, data: ActivityData) -> tuple[str, Activity] | None:
        existing = (
            Activity.objects.filter(
                center=center, kind=data.kind, title=data.title, starts_on=data.starts_on
            )
            .order_by("pk")
            .first()
        )
        keep = self.context.writer is not None
        try:
            with transaction.atomic():
                if existing is None:
                    activity = activity_create(actor=self.context.actor, center_code=center.pk,
                                               data=data)  # fmt: skip
                    action = CREATED
                else:
                    before = audit.field_values(existing)
                    missions = sorted(existing.missions.values_list("mission", flat=True))
                    activity = activity_update(actor=self.context.actor, activity_id=existing.pk,
                                               expected_version=None, data=data)  # fmt: skip
                    after = audit.field_values(activity)
                    same = all(
                        after[k] == before.get(k)
                        for k in after
                        if k not in ("version", "updated_at", "created_at")
                    )
                    if same and missions == sorted(data.missions):
                        raise _Rollback((UNCHANGED, existing))
                    action = UPDATED
                if not keep:
                    raise _Rollback((action, activity))
                return action, activity
        except _Rollback as rollback:
            return rollback.value
        except NotFoundOrOutOfScope:
            row.error("center_code", msg("Out of your area."))
        except ValidationError as exc:
            row.validation_error(exc, FIELDS)
        return None

    def check(self, rows: list[Row]) -> None:
        self.done = []
        for row in rows:
            center = self._center(row)
            data = self._data(row)
            if not row.ok or center is None:
                row.action = REJECTED
                continue
            key = (center.pk, data.kind, data.title, data.starts_on)
            if not self.first_time(row, key):
                row.action = REJECTED
                continue
            outcome = self._apply(row, center, data)
            if outcome is None:
                row.action = REJECTED
                continue
            row.action, activity = outcome
            if row.action != UNCHANGED:
                self.done.append((row, activity, row.action))

    def write(self, rows: list[Row]) -> None:
        """The rows were written by the services while checked; note them on the batch."""
        writer = self.context.writer
        for action in (CREATED, UPDATED):
            done = [(r, a) for r, a, act in self.done if act == action and r.ok]
            writer._remember([a for _r, a in done], RecordKind.ACTIVITY, action,
                             [r.number for r, _a in done])  # fmt: skip

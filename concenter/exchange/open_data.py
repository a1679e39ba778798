"""Open data: the public figures and records of the network, as CSV and JSON, for anyone.

Nothing here is personal beyond what the public portal already shows (a committee member's name
and position); no contact, no ID, no member of an organisation. Records carry DOPA area codes so
they join with other government data. The schema is versioned (SCHEMA_VERSION; docs/open-data.md
describes every field); a change that removes or renames a field raises the major version.

Other apps add datasets by defining `DATASETS` (a list of Dataset) in `concenter/<app>/open_data.py`
(award winners, events): they are found when the app is installed.
"""

import csv
import datetime
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from importlib import import_module
from pathlib import Path

from django.apps import apps

from concenter.common import clock
from concenter.exchange.exports import neutralise

SCHEMA = "concenter.open-data"
SCHEMA_VERSION = "1.0"
LICENCE = "CC-BY-4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION_TH = (
    "ข้อมูลจากระบบสารสนเทศศูนย์ประสานงานองค์การชุมชน (concenter) เผยแพร่ภายใต้สัญญาอนุญาต "
    "ครีเอทีฟคอมมอนส์ แสดงที่มา 4.0 (CC BY 4.0); ชื่อและรหัสพื้นที่จาก GeoThai (กรมการปกครอง) CC BY 4.0"
)
ATTRIBUTION_EN = (
    "Data from concenter, the information system of the Community Organization Network Centers, "
    "licensed CC BY 4.0; area names and codes from GeoThai (Department of Provincial "
    "Administration), CC BY 4.0."
)


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # string, integer, number, date
    description_th: str
    description_en: str


@dataclass(frozen=True)
class Dataset:
    key: str
    title_th: str
    title_en: str
    fields: tuple[Field, ...]
    records: Callable[[str | None], Iterator[dict]]  # records(province_code or None)


def _area_names() -> dict[str, str]:
    from concenter.geography.models import Area, Level

    return dict(Area.objects.exclude(level=Level.VILLAGE).values_list("code", "name_th"))


# The network's datasets -------------------------------------------------------------------------


def _centers(province: str | None) -> Iterator[dict]:
    from concenter.network.models import Center

    names = _area_names()
    qs = Center.objects.order_by("area_id")
    if province:
        qs = qs.filter(province_code=province)
    for center in qs.iterator(chunk_size=2000):
        yield {
            "code": center.area_id,
            "level": center.level,
            "name": center.name,
            "province_code": center.province_code,
            "province_name": names.get(center.province_code, ""),
            "district_code": center.district_code,
            "district_name": names.get(center.district_code, ""),
            "subdistrict_code": center.subdistrict_code,
            "subdistrict_name": names.get(center.subdistrict_code, ""),
            "founded_on": center.founded_on,
            "status": center.status,
        }


def _committees(province: str | None) -> Iterator[dict]:
    from concenter.network.models import Seat, TermStatus

    today = clock.today()
    qs = (
        Seat.objects.filter(
            ends_on__isnull=True,
            term__status=TermStatus.ACTIVE,
            term__starts_on__lte=today,
            term__ends_on__gte=today,
        )
        .select_related("term", "term__center", "person")
        .only(
            "position",
            "term__starts_on",
            "term__ends_on",
            "term__center__name",
            "person__title",
            "person__given_name",
            "person__family_name",
            "person__anonymized_at",
        )
        .order_by("term__center_id", "position", "pk")
    )
    if province:
        qs = qs.filter(term__center__province_code=province)
    from concenter.network.public_names import with_name_withheld

    qs = with_name_withheld(qs)  # a member who objected (PDPA s.32): the position only
    for seat in qs.iterator(chunk_size=2000):
        person = seat.person
        yield {
            "center_code": seat.term.center_id,
            "center_name": seat.term.center.name,
            "term_starts_on": seat.term.starts_on,
            "term_ends_on": seat.term.ends_on,
            "position": seat.position,
            "name": "" if person.anonymized_at or seat.name_withheld else person.full_name,
        }


def _organizations(province: str | None) -> Iterator[dict]:
    from concenter.network.models import Organization

    qs = (
        Organization.objects.select_related("type")
        .only(
            "type__code",
            "type__name_th",
            "name",
            "area_id",
            "province_code",
            "district_code",
            "subdistrict_code",
            "founded_on",
            "member_count",
            "status",
        )
        .order_by("subdistrict_code", "sort_key", "pk")
    )
    if province:
        qs = qs.filter(province_code=province)
    for organization in qs.iterator(chunk_size=2000):
        yield {
            "type_code": organization.type.code,
            "type_name": organization.type.name_th,
            "name": organization.name,
            "area_code": organization.area_id,
            "subdistrict_code": organization.subdistrict_code,
            "district_code": organization.district_code,
            "province_code": organization.province_code,
            "founded_on": organization.founded_on,
            "member_count": organization.member_count,
            "status": organization.status,
        }


# Figures that are counts of the network (not of individual people's private attributes).
PUBLIC_METRICS = (
    "centers",
    "committee",
    "seats",
    "organizations",
    "members",
    "funds_satang",
    "partners",
    "cooperations",
    "activities",
)


def _figures(province: str | None) -> Iterator[dict]:
    from concenter.network.models import Rollup

    names = _area_names()
    qs = Rollup.objects.filter(metric__in=PUBLIC_METRICS).exclude(value=0)
    if province:
        qs = qs.filter(area_code__startswith=province)
    for area_code, metric, key, value in qs.order_by("area_code", "metric", "key").values_list(
        "area_code", "metric", "key", "value"
    ):
        yield {
            "area_code": area_code,
            "area_name": "ประเทศไทย" if area_code == "TH" else names.get(area_code, ""),
            "metric": metric,
            "key": key,
            "value": value,
        }


def _field(name, kind, th, en) -> Field:
    return Field(name, kind, th, en)


NETWORK_DATASETS = [
    Dataset(
        "centers",
        "ศูนย์ประสานงานองค์การชุมชน",
        "Community Organization Network Centers",
        (
            _field("code", "string", "รหัสพื้นที่ของศูนย์ (DOPA)", "DOPA code of the center's area"),
            _field("level", "string", "ระดับ: province district subdistrict", "province, district or subdistrict"),
            _field("name", "string", "ชื่อศูนย์", "name"),
            _field("province_code", "string", "รหัสจังหวัด", "province code"),
            _field("province_name", "string", "ชื่อจังหวัด", "province name (Thai)"),
            _field("district_code", "string", "รหัสอำเภอ", "district code"),
            _field("district_name", "string", "ชื่ออำเภอ", "district name (Thai)"),
            _field("subdistrict_code", "string", "รหัสตำบล", "subdistrict code"),
            _field("subdistrict_name", "string", "ชื่อตำบล", "subdistrict name (Thai)"),
            _field("founded_on", "date", "วันที่ก่อตั้ง (ค.ศ. YYYY-MM-DD)", "founding date (ISO)"),
            _field("status", "string", "สถานะ: active dormant dissolved", "active, dormant or dissolved"),
        ),
        _centers,
    ),
    Dataset(
        "committees",
        "คณะกรรมการศูนย์ที่อยู่ในวาระ",
        "Current center committees",
        (
            _field("center_code", "string", "รหัสศูนย์", "center code"),
            _field("center_name", "string", "ชื่อศูนย์", "center name"),
            _field("term_starts_on", "date", "วันเริ่มวาระ", "term start (ISO)"),
            _field("term_ends_on", "date", "วันสิ้นสุดวาระ", "term end (ISO)"),
            _field("position", "string", "ตำแหน่ง (chair vice_chair secretary … member advisor)", "position code"),
            _field("name", "string", "ชื่อ-นามสกุล (ว่างเมื่อเจ้าของข้อมูลขอลบหรือคัดค้านการเปิดเผย)", "full name (empty when erased, or when the member objected to being named)"),
        ),
        _committees,
    ),
    Dataset(
        "organizations",
        "องค์กรชุมชน",
        "Community organizations",
        (
            _field("type_code", "string", "รหัสประเภทองค์กร", "organisation type code"),
            _field("type_name", "string", "ประเภทองค์กร", "organisation type (Thai)"),
            _field("name", "string", "ชื่อองค์กร", "name"),
            _field("area_code", "string", "รหัสหมู่บ้านหรือตำบล", "village or subdistrict code"),
            _field("subdistrict_code", "string", "รหัสตำบล", "subdistrict code"),
            _field("district_code", "string", "รหัสอำเภอ", "district code"),
            _field("province_code", "string", "รหัสจังหวัด", "province code"),
            _field("founded_on", "date", "วันที่ก่อตั้ง", "founding date (ISO)"),
            _field("member_count", "integer", "จำนวนสมาชิก", "number of members"),
            _field("status", "string", "สถานะ: active inactive dissolved", "active, inactive or dissolved"),
        ),
        _organizations,
    ),
    Dataset(
        "figures",
        "ตัวเลขสรุปของแต่ละพื้นที่",
        "Figures of every area",
        (
            _field("area_code", "string", "รหัสพื้นที่ (TH = ทั้งประเทศ)", "area code (TH: the nation)"),
            _field("area_name", "string", "ชื่อพื้นที่", "area name (Thai)"),
            _field("metric", "string", "ตัวชี้วัด (ดู docs/open-data.md)", "metric (see docs/open-data.md)"),
            _field("key", "string", "กลุ่มย่อยของตัวชี้วัด", "breakdown key of the metric"),
            _field("value", "integer", "ค่า (เงินเป็นสตางค์)", "value (money in satang)"),
        ),
        _figures,
    ),
]  # fmt: skip


def datasets() -> dict[str, Dataset]:
    """The network's datasets and those other installed apps publish (award winners, events)."""
    found = {d.key: d for d in NETWORK_DATASETS}
    for config in apps.get_app_configs():
        if not config.name.startswith("concenter.") or config.name == "concenter.exchange":
            continue
        try:
            module = import_module(f"{config.name}.open_data")
        except ModuleNotFoundError as exc:
            if exc.name == f"{config.name}.open_data":
                continue
            raise
        for dataset in getattr(module, "DATASETS", []):
            found.setdefault(dataset.key, dataset)
    return found


# Writing ------------------------------------------------------------------------------------------


def _plain(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(dataset: Dataset, province: str | None = None) -> Iterator[bytes]:
    writer = csv.writer(_Echo())
    names = [f.name for f in dataset.fields]
    yield "\ufeff".encode()
    yield writer.writerow(names).encode("utf-8")
    for record in dataset.records(province):
        row = []
        for name in names:
            value = _plain(record.get(name))
            row.append(neutralise(value) if isinstance(value, str) else value)
        yield writer.writerow(row).encode("utf-8")


def metadata(dataset: Dataset) -> dict:
    return {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "dataset": dataset.key,
        "title": {"th": dataset.title_th, "en": dataset.title_en},
        "generated_at": clock.now().isoformat(timespec="seconds"),
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "attribution": {"th": ATTRIBUTION_TH, "en": ATTRIBUTION_EN},
        "fields": [
            {
                "name": f.name,
                "type": f.type,
                "description": {"th": f.description_th, "en": f.description_en},
            }
            for f in dataset.fields
        ],
    }


def json_chunks(dataset: Dataset, province: str | None = None) -> Iterator[bytes]:
    """{"schema": …, "fields": […], "records": [...]}, streamed record by record."""
    head = json.dumps(metadata(dataset), ensure_ascii=False)
    yield (head[:-1] + ', "records": [').encode("utf-8")
    names = [f.name for f in dataset.fields]
    first = True
    for record in dataset.records(province):
        item = {name: _plain(record.get(name)) for name in names}
        yield (("" if first else ",") + json.dumps(item, ensure_ascii=False)).encode("utf-8")
        first = False
    yield b"]}"


def write_open_data(directory: Path, *, province: str | None = None) -> list[Path]:
    """Every dataset as CSV and JSON in `directory`, with index.json (`concenter export
    --open-data DIR`)."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    index = {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "attribution": {"th": ATTRIBUTION_TH, "en": ATTRIBUTION_EN},
        "generated_at": clock.now().isoformat(timespec="seconds"),
        "datasets": [],
    }
    for dataset in datasets().values():
        for extension, chunks in (("csv", csv_lines), ("json", json_chunks)):
            path = directory / f"{dataset.key}.{extension}"
            with path.open("wb") as target:
                for chunk in chunks(dataset, province):
                    target.write(chunk)
            written.append(path)
        index["datasets"].append(
            {"key": dataset.key, "files": [f"{dataset.key}.csv", f"{dataset.key}.json"]}
        )
    index_path = directory / "index.json"
    index_path.write_text(json.dumps(index, ensure_ascii=False, indent=2), encoding="utf-8")
    written.append(index_path)
    return written

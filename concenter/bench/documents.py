"""Documents: 20 honour plaques (one PDF each) and 1,000 certificates in one PDF, through
concenter.common.pdf (Typst with Sarabun). The templates are the benchmark's own simple ones
(concenter/bench/templates/) until the awards app ships its own."""

import random
import time
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent / "templates"
PROGRAMME = "ผู้นำชุมชนดีเด่น จังหวัดกาญจนบุรี ประจำปี 2563"
ISSUER = "สำนักงานพัฒนาชุมชนจังหวัดกาญจนบุรี"
DATE = "28 กุมภาพันธ์ 2563"
CATEGORIES = ["เกษตรกร", "ครู", "ข้าราชการ", "อาสาสมัครสาธารณสุข", "ผู้ประกอบการ", "ผู้สูงอายุ"]


def _names(count: int, seed: int) -> list[str]:
    from concenter.people.demo_names import name_pools

    pools = name_pools()
    rng = random.Random(seed)  # noqa: S311 - not secrets
    return [
        f"{rng.choice(('นาย', 'นาง', 'นางสาว'))}{rng.choice(pools['female'] + pools['male'])} "
        f"{rng.choice(pools['family'])}"
        for _ in range(count)
    ]


def measure(*, plaques: int = 20, certificates: int = 1000, seed: int = 1) -> dict:
    from concenter.common.pdf import pdf_page_count, render_pdf

    plaque_template = TEMPLATES / "plaque.typ"
    started = time.perf_counter()
    plaque_bytes = 0
    for index, name in enumerate(_names(plaques, seed)):
        pdf = render_pdf(
            plaque_template,
            {
                "name": name,
                "category": CATEGORIES[index % len(CATEGORIES)],
                "programme": PROGRAMME,
                "issuer": ISSUER,
                "date": DATE,
            },
        )
        plaque_bytes += len(pdf)
    plaque_seconds = time.perf_counter() - started
    people = [
        {"name": name, "place": f"ตำบลท่ามะขาม อำเภอเมืองกาญจนบุรี (ลำดับที่ {i + 1})"}
        for i, name in enumerate(_names(certificates, seed + 1))
    ]
    started = time.perf_counter()
    pdf = render_pdf(
        TEMPLATES / "certificate.typ",
        {"people": people, "programme": PROGRAMME, "issuer": ISSUER, "date": DATE},
    )
    certificate_seconds = time.perf_counter() - started
    try:
        pages = pdf_page_count(pdf)
    except ImportError:  # pypdf is a development dependency
        pages = None
    return {
        "plaques": {
            "count": plaques,
            "seconds": round(plaque_seconds, 3),
            "per_plaque_ms": round(plaque_seconds / plaques * 1000, 1) if plaques else None,
            "bytes": plaque_bytes,
        },
        "certificates": {
            "count": certificates,
            "seconds": round(certificate_seconds, 3),
            "pages": pages,
            "bytes": len(pdf),
        },
    }

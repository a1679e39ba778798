import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from concenter.activities import services
from concenter.activities.models import AgeBand, Mission, Sex
from concenter.activities.rollups import METRICS
from concenter.network.models import Rollup
from tests.pdfs import MINIMAL_PDF


def activity_data(**overrides) -> services.ActivityData:
    values = {
        "kind": "training",
        "title": "อบรมบัญชีครัวเรือน",
        "starts_on": datetime.date(2025, 3, 1),
        "ends_on": datetime.date(2025, 3, 2),
        "missions": [Mission.SUFFICIENCY],
        "budget": Decimal("10000"),
        "spent": Decimal("9500.50"),
        "participants": {
            (Sex.MALE, AgeBand.WORKING): 10,
            (Sex.FEMALE, AgeBand.WORKING): 15,
            (Sex.FEMALE, AgeBand.ELDER): 5,
        },
    }
    values.update(overrides)
    return services.ActivityData(**values)


def rollup_snapshot() -> dict:
    return {
        (r.area_code, r.metric, r.key): r.value
        for r in Rollup.objects.filter(metric__in=METRICS)
        if r.value
    }


def jpeg(size=(2400, 1600), *, gps: bool = True, colour="green") -> bytes:
    image = Image.new("RGB", size, colour)
    buffer = io.BytesIO()
    if gps:
        exif = Image.Exif()
        exif[0x8825] = {1: "N", 2: (14.0, 1.0, 0.0)}  # GPSInfo: the place the photo was taken
        exif[0x010F] = "PhoneMaker"
        image.save(buffer, format="JPEG", exif=exif)
    else:
        image.save(buffer, format="JPEG")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


PDF = MINIMAL_PDF

"""Access rules of the exchange pages and API (imports, exports, open data).

Imports: any signed-in user uploads (each row's area is checked against the uploader's change
scope); a batch is its uploader's (or a national administrator's): the batch built for each place
by the district officer of 7101 is read by that officer and the national administrator only.
Exports: any signed-in user, with what their scope lets them read (tests/exchange/test_exports.py
checks the content). Open data: public.
"""

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.security.rules import CREATED, Rule

OWNER_ROLES = ("national_admin", "district_officer")


def build_place(*, admin, place, users) -> None:
    """A checked batch of the district officer, and an imported one to undo."""
    from concenter.exchange import jobs, services

    owner = users["district_officer"]
    content = f"ชื่อ,รหัสพื้นที่\nทดสอบนำเข้า{place.code},{place.code}\n".encode()
    checked = services.import_upload(
        actor=owner,
        upload=SimpleUploadedFile("people.csv", content),
        kind="people",
        language="th",
    )
    jobs.run(checked.pk)
    place.extras["checked_batch"] = checked.pk
    content = f"ชื่อ,รหัสพื้นที่\nนำเข้าแล้ว{place.code},{place.code}\n".encode()
    imported = services.import_upload(
        actor=admin,
        upload=SimpleUploadedFile("people.csv", content),
        kind="people",
        language="th",
    )
    jobs.run(imported.pk)
    services.import_commit_request(actor=admin, batch=imported)
    jobs.run(imported.pk)
    place.extras["admin_batch"] = imported.pk
    for batch in (checked, imported):  # the reports stay; the test files need not
        batch.refresh_from_db()
        default_storage.delete(batch.stored_file)


def _owned(role, place) -> bool:
    return role in OWNER_ROLES


def _admin_only(role, place) -> bool:
    return role == "national_admin"


def _checked(place) -> dict:
    return {"batch_id": place.extras["checked_batch"]}


PAGE_RULES: dict[str, Rule] = {
    "exchange:list": Rule("login"),
    "exchange:new": Rule("login"),
    "exchange:template": Rule("login", kwargs=lambda p: {"kind": "people"}),
    "exchange:detail": Rule("custom", kwargs=_checked, allow=_owned),
    "exchange:rejected": Rule("custom", kwargs=_checked, allow=_owned),
    # Only the uploader imports a batch; the others (a national administrator too) get 404.
    "exchange:commit": Rule(
        "custom",
        method="post",
        kwargs=lambda p: {"batch_id": 999999},
        allow=lambda role, place: False,
    ),
    "exchange:retry": Rule(
        "custom", method="post", kwargs=_checked, allow=lambda role, place: False
    ),
    # Undo of the national administrator's batch: theirs alone.
    "exchange:undo": Rule(
        "custom",
        method="post",
        kwargs=lambda p: {"batch_id": p.extras["admin_batch"]},
        allow=_admin_only,
        ok=frozenset({302}),
    ),
    "exchange:export": Rule("login", kwargs=lambda p: {"kind": "people", "file_format": "csv"}),
    "exchange:open_data": Rule("public", anonymous=200),
    "exchange:open_data_file": Rule(
        "public", anonymous=200, kwargs=lambda p: {"dataset": "centers", "file_format": "csv"}
    ),
}


def _api_attached() -> bool:
    """The imports router is listed in the OpenAPI document once config/api.py adds it."""
    from concenter.api.base import api

    return any(path.startswith("/api/v1/imports") for path in api.get_openapi_schema()["paths"])


API_RULES: dict = {}
if _api_attached():
    API_RULES = {
        ("GET", "/api/v1/imports"): Rule("login", anonymous=401),
        ("POST", "/api/v1/imports"): Rule(
            "login", anonymous=401, method="post", ok=frozenset({422}), ok_signed_in=None
        ),
        ("GET", "/api/v1/imports/{batch_id}"): Rule(
            "custom", anonymous=401, kwargs=_checked, allow=_owned
        ),
        ("POST", "/api/v1/imports/{batch_id}/commit"): Rule(
            "custom",
            anonymous=401,
            method="post",
            kwargs=lambda p: {"batch_id": 999999},
            allow=lambda role, place: False,
        ),
        ("POST", "/api/v1/imports/{batch_id}/undo"): Rule(
            "custom",
            anonymous=401,
            method="post",
            kwargs=lambda p: {"batch_id": p.extras["admin_batch"]},
            allow=_admin_only,
        ),
    }

__all__ = ["API_RULES", "CREATED", "PAGE_RULES", "build_place"]

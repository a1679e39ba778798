"""What every signed-in page reads before its own work: the session, the user, the device that
verified the session and the user's roles — one statement each, with the same answers as
Django's and django-otp's own reads (issue #20, pages under load)."""

import datetime
import re

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from concenter.accounts.models import Role
from concenter.common.sessions import SessionStore
from tests.conftest import make_user

EXPIRED = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def required_for_admins(settings):
    settings.OTP_REQUIRED_FOR_NATIONAL_ADMINS = True


def signed_in(user, device=None, *, persistent_id: str | None = None) -> Client:
    """A client whose session is signed in (and verified by `device`), as a login leaves it."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if device is not None or persistent_id is not None:
        session[DEVICE_ID_SESSION_KEY] = persistent_id or device.persistent_id
    session.create()
    client = Client()
    client.cookies["sessionid"] = session.session_key
    return client


def enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def verified(response) -> bool:
    return response.status_code == 200


def test_a_verified_page_reads_session_user_device_and_roles_once_each(db):
    officer = make_user("kan.province", Role.PROVINCE_OFFICER, "71")
    client = signed_in(officer, enrolled(officer))
    client.get(reverse("network:center_list"))  # the first page may save the session
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("network:center_list")).status_code == 200
    tables = [q["sql"] for q in queries.captured_queries[:4]]
    assert "django_session" in tables[0]
    assert "accounts_user" in tables[1]
    assert "otp_totp_totpdevice" in tables[2]
    assert "accounts_roleassignment" in tables[3]
    # The list itself: its count, which finds no center, so no rows to read.
    assert len(queries.captured_queries) == 5


@pytest.mark.parametrize("page", ["people:person_list", "network:organization_list"])
def test_list_pages_run_six_statements(db, page, django_assert_num_queries):
    officer = make_user("kan.province", Role.PROVINCE_OFFICER, "71")
    client = signed_in(officer, enrolled(officer))
    client.get(reverse(page))
    with django_assert_num_queries(6):
        assert client.get(reverse(page)).status_code == 200


def test_the_roles_read_as_the_orm_reads_them(db):
    from concenter.accounts.scope import Access, _read_roles, user_scope

    officer = make_user("kan.viewer", Role.VIEWER, "71")
    from concenter.accounts.services import role_assign

    role_assign(user=officer, role=Role.DISTRICT_OFFICER, area_code="7101")
    expected = sorted(officer.roles.values_list("role", "area_id", "center_code"))
    assert sorted(_read_roles(officer.pk)) == expected
    assert user_scope(officer, Access.CHANGE).prefixes == ("7101",)
    assert user_scope(officer, Access.READ).prefixes == ("71", "7101")


def test_an_unknown_or_malformed_session_key_is_a_signed_out_visitor(db):
    for key in ("x" * 32, "short", ""):
        client = Client()
        client.cookies["sessionid"] = key
        response = client.get(reverse("accounts:profile"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_an_expired_session_row_is_not_read(db):
    officer = make_user("kan.province", Role.PROVINCE_OFFICER, "71")
    client = signed_in(officer)
    assert client.get(reverse("accounts:profile")).status_code == 200
    key = client.cookies["sessionid"].value
    # A moment long past, whatever the clock says (no read of today's date).
    Session.objects.filter(session_key=key).update(expire_date=EXPIRED)
    store = SessionStore(key)
    assert store.load() == {}
    assert store.session_key is None  # as Django's store: a new key on the next save
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_a_session_saved_by_the_store_is_read_back(db):
    store = SessionStore()
    store["answer"] = 42
    store.create()
    assert SessionStore(store.session_key).load() == {"answer": 42}


def test_the_device_that_verified_the_session_lets_the_pages_in(db):
    officer = make_user("kan.province", Role.PROVINCE_OFFICER, "71")
    device = enrolled(officer)
    assert verified(signed_in(officer, device).get(reverse("network:center_list")))
    static = StaticDevice.objects.create(user=officer, name="backup", confirmed=True)
    assert verified(signed_in(officer, static).get(reverse("network:center_list")))


@pytest.mark.parametrize(
    "case", ["another user's", "unconfirmed", "deleted", "not a device", "malformed", "no number"]
)
def test_a_session_without_its_own_confirmed_device_is_asked_for_the_code(db, case):
    officer = make_user("kan.province", Role.PROVINCE_OFFICER, "71")
    own = enrolled(officer)
    other = make_user("kan.mueang", Role.DISTRICT_OFFICER, "7101")
    persistent_id = {
        "another user's": TOTPDevice.objects.create(user=other, confirmed=True).persistent_id,
        "unconfirmed": TOTPDevice.objects.create(user=officer, confirmed=False).persistent_id,
        "deleted": f"otp_totp.totpdevice/{own.pk + 1000}",
        "not a device": f"accounts.user/{officer.pk}",
        "malformed": "otp_totp/1",
        "no number": "otp_totp.totpdevice/one",
    }[case]
    client = signed_in(officer, persistent_id=persistent_id)
    response = client.get(reverse("network:center_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))
    # django-otp drops the device from the session, as before.
    assert DEVICE_ID_SESSION_KEY not in client.session


def role_form(html: str) -> str:
    """The "add a local role" form without its CSRF token (masked anew on every page)."""
    start = html.index('action="/people/')
    form = html[start : html.index("</form>", start)]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", form)


def test_a_person_page_reads_the_area_chain_once_and_keeps_the_role_form_true(
    db, django_assert_num_queries
):
    """The person's area comes with every area above it (no lazy read for the breadcrumbs),
    and the "add a local role" form, kept rendered under a digest of the person's area, shows
    that area's name as it is now."""
    from concenter.geography.models import Area
    from tests.network.helpers import person

    Area.objects.create(code="71010401", level="village", parent_id="710104", province_code="71",
                        district_code="7101", subdistrict_code="710104", village_number=1,
                        name_th="บ้านหนึ่ง")  # fmt: skip
    officer = make_user("kan.mueang", Role.DISTRICT_OFFICER, "7101")
    someone = person(officer, area_code="71010401")
    client = signed_in(officer, enrolled(officer))
    first = client.get(f"/people/{someone.pk}/").content.decode()
    village = Area.objects.get(pk="71010401")
    assert f'data-area-label="{village.display_name}' in first
    # Seen again: session, user, device, roles; the person with areas and profession, local
    # roles, seats, organisations led, memberships, privacy notices, objection, events.
    with django_assert_num_queries(12):
        again = client.get(f"/people/{someone.pk}/").content.decode()
    assert role_form(again) == role_form(first)
    Area.objects.filter(pk="71010401").update(name_th="บ้านใหม่ทดสอบ")
    renamed = client.get(f"/people/{someone.pk}/").content.decode()
    label = Area.objects.get(pk="71010401").display_name
    assert "บ้านใหม่ทดสอบ" in label and f'data-area-label="{label}' in renamed

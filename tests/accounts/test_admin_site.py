import pytest

from concenter.accounts.models import Role
from tests.conftest import client_for, make_user

pytestmark = pytest.mark.django_db


def test_the_admin_site_is_for_national_admins_only(national_admin, province_officer):
    national_admin.is_staff = True
    national_admin.save(update_fields=["is_staff"])
    assert client_for(national_admin).get("/admin/").status_code == 200

    province_officer.is_staff = True
    province_officer.save(update_fields=["is_staff"])
    response = client_for(province_officer).get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]

    by_role = make_user("role.admin")
    from concenter.accounts.services import role_assign

    role_assign(user=by_role, role=Role.NATIONAL_ADMIN)
    assert client_for(by_role).get("/admin/").status_code == 302  # not staff
    by_role.is_staff = True
    by_role.save(update_fields=["is_staff"])
    assert client_for(by_role).get("/admin/").status_code == 200

    national_admin.is_active = False
    national_admin.save(update_fields=["is_active"])
    assert client_for(national_admin).get("/admin/").status_code == 302

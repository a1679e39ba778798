import pytest
from django.test import Client

from concenter.accounts.models import Role, User
from concenter.accounts.services import role_assign, user_create
from concenter.geography.services import geography_load


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database holds Thailand's areas: loaded once, kept by each test's rollback."""
    with django_db_blocker.unblock():
        geography_load()


@pytest.fixture
def areas_after_flush(transactional_db):
    """For tests that commit for real (django_db(transaction=True)): Django empties every table
    after each such test, so the areas are loaded again when an earlier one took them away.
    (pytest-django runs these tests after all the others.)"""
    from concenter.geography.models import Area

    if not Area.objects.exists():
        geography_load()


def make_user(
    username: str, role: Role | None = None, area_code: str | None = None, center_code: str = ""
) -> User:
    user = user_create(username=username, password="correct horse battery", display_name=username)
    if role == Role.NATIONAL_ADMIN:
        user.is_superuser = True
        user.save(update_fields=["is_superuser"])
    if role is not None:
        role_assign(user=user, role=role, area_code=area_code, center_code=center_code)
    return user


@pytest.fixture
def national_admin(db) -> User:
    return make_user("admin", Role.NATIONAL_ADMIN)


@pytest.fixture
def province_officer(db) -> User:
    return make_user("kan.province", Role.PROVINCE_OFFICER, "71")


@pytest.fixture
def district_officer(db) -> User:
    return make_user("kan.mueang", Role.DISTRICT_OFFICER, "7101")


@pytest.fixture
def other_district_officer(db) -> User:
    return make_user("kan.saiyok", Role.DISTRICT_OFFICER, "7102")


@pytest.fixture
def viewer(db) -> User:
    return make_user("kan.viewer", Role.VIEWER, "71")


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def anonymous_client() -> Client:
    return Client()

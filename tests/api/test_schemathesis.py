"""Property-based tests of the whole API from its OpenAPI document (schemathesis).

Every operation gets generated requests — valid and invalid bodies, odd path parameters, strings
in Thai and in scripts nobody expects — sent in-process through the WSGI application as a
national administrator and, separately, as a district officer whose scope is one district. The
only property checked is the one that matters for robustness: no answer is a server error (5xx).
Bounded (a few examples per operation) so it finishes in a few minutes in CI.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from concenter.accounts.models import Role
from concenter.accounts.services import api_token_create
from concenter.network import services as network
from tests.conftest import make_user

# Each request commits on its own, as in production (a database error in one request must not
# spoil the next, which a test-wide transaction would do on PostgreSQL).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

EXAMPLES_PER_OPERATION = 12


@pytest.fixture
def tokens(areas_after_flush):
    admin = make_user("fuzz.admin", Role.NATIONAL_ADMIN)
    officer = make_user("fuzz.district", Role.DISTRICT_OFFICER, "7101")
    # A little data, so generated ids and codes sometimes hit a real record.
    network.center_create(actor=admin, area_code="710104")
    network.center_create(actor=admin, area_code="7101")
    return {
        "admin": api_token_create(user=admin, name="fuzz")[1],
        "officer": api_token_create(user=officer, name="fuzz")[1],
    }


# Fetching the document touches no database: it is loaded once, when the module is collected.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


def _call(case, token: str) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"}, checks=[not_a_server_error]
    )


@schema.parametrize()
@FUZZ_SETTINGS
def test_no_operation_answers_a_national_admin_with_a_server_error(case, tokens):
    _call(case, tokens["admin"])


@schema.parametrize()
@FUZZ_SETTINGS
def test_no_operation_answers_a_district_officer_with_a_server_error(case, tokens):
    _call(case, tokens["officer"])

"""Network data made through the services (so the roll-ups are kept the way production keeps them)."""

import datetime
import itertools

from django.utils import timezone

from concenter.network import services
from concenter.people.services import PersonData, local_role_add, person_create
from tests.network.helpers import draft_committee

_counter = itertools.count(1)


def full_center(
    actor,
    code: str,
    *,
    committee: bool = True,
    ends_in_days: int = 1000,
    organizations: int = 1,
    cooperation: bool = True,
):
    """A subdistrict center with (optionally) a valid committee, organisations, a person with a
    profession and a local role, a partner and a cooperation record."""
    center = services.center_create(actor=actor, area_code=code)
    today = timezone.localdate()
    if committee:
        term, _seats = draft_committee(
            actor,
            center_code=code,
            starts_on=today - datetime.timedelta(days=365),
            ends_on=today + datetime.timedelta(days=ends_in_days),
        )
        services.committee_term_activate(actor=actor, term_id=term.pk)
    for index in range(organizations):
        services.organization_create(
            actor=actor,
            area_code=code,
            type_code="savings_group" if index % 2 == 0 else "womens_group",
            name=f"กลุ่ม {code} {index}",
            member_count=10 + index,
            funds="1234.50",
        )
    number = next(_counter)
    someone = person_create(
        actor=actor,
        data=PersonData(given_name=f"ผู้นำ{number}", family_name="ชุมชน", profession="farmer"),
        area_code=code,
        confirm_new=True,
    )
    local_role_add(actor=actor, person=someone, role="headman", area_code=code)
    partner = services.partner_create(
        actor=actor, area_code=code, kind="local_government", name=f"อบต. {code}"
    )
    if cooperation:
        services.cooperation_create(
            actor=actor,
            partner_id=partner.pk,
            center_code=code,
            kind="mou",
            title=f"MOU {code}",
            amount="100",
        )
    return center

"""Network data made through the services (so the roll-ups are kept the way production keeps
them): one full center, or a randomly generated network of a province."""

import datetime
import itertools
import random
from decimal import Decimal

from django.utils import timezone

from concenter.activities import services as activities
from concenter.activities.models import ActivityKind, Mission
from concenter.geography.models import Area, Level
from concenter.network import services
from concenter.network.models import (
    CenterStatus,
    CooperationKind,
    OrganizationStatus,
    OrganizationType,
    PartnerKind,
)
from concenter.people.models import LocalRole, Profession
from concenter.people.services import PersonData, local_role_add, person_create
from tests.network.helpers import draft_committee

_counter = itertools.count(1)


def activity(
    actor,
    code: str,
    *,
    starts_on: datetime.date,
    kind: str = ActivityKind.PROJECT,
    missions: tuple[str, ...] = (Mission.SUFFICIENCY,),
    spent: str = "0",
):
    return activities.activity_create(
        actor=actor,
        center_code=code,
        data=activities.ActivityData(
            kind=kind,
            title=f"กิจกรรม {next(_counter)}",
            starts_on=starts_on,
            ends_on=starts_on,
            missions=list(missions),
            budget=spent,
            spent=spent,
        ),
    )


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


def random_network(actor, *, seed: int, province: str = "71", subdistricts: int = 8) -> dict:
    """A random network of `province`, every record through its service: centers at every
    level (some dormant or dissolved), committees with terms that ended, run now, end soon or
    start later, organisations of random types and statuses, people with random professions
    and local roles, partners at every level, cooperations, and activities over several fiscal
    years serving random missions. Returns counts, for the tests' sanity checks."""
    rng = random.Random(seed)
    today = timezone.localdate()
    districts = list(
        Area.objects.filter(parent_id=province, level=Level.DISTRICT, active=True).order_by("code")
    )
    chosen_districts = rng.sample(districts, min(3, len(districts)))
    candidates = list(
        Area.objects.filter(
            parent__in=chosen_districts, level=Level.SUBDISTRICT, active=True
        ).order_by("code")
    )
    chosen = rng.sample(candidates, min(subdistricts, len(candidates)))
    types = list(OrganizationType.objects.values_list("code", flat=True))
    professions = [*Profession.objects.values_list("code", flat=True), ""]
    centers = [province] + [d.code for d in chosen_districts if rng.random() < 0.8]
    centers += [s.code for s in chosen]
    counts = {"centers": 0, "activities": 0, "organizations": 0}
    for code in centers:
        status = rng.choices(CenterStatus.values, weights=[8, 1, 1])[0]
        services.center_create(actor=actor, area_code=code, status=status)
        counts["centers"] += 1
        if rng.random() < 0.75:
            start = today - datetime.timedelta(days=rng.randint(30, 1500))
            end = start + datetime.timedelta(days=rng.choice([400, 1000, 1460, 1500]))
            if end <= today and rng.random() < 0.5:
                end = today + datetime.timedelta(days=rng.randint(1, 120))
            term, _seats = draft_committee(
                actor,
                center_code=code,
                members=rng.randint(9, 11),
                starts_on=start,
                ends_on=end,
            )
            services.committee_term_activate(actor=actor, term_id=term.pk)
        for _ in range(rng.randint(0, 4)):
            day = today - datetime.timedelta(days=rng.randint(0, 365 * 4))
            missions = rng.sample(Mission.values, rng.randint(1, 3))
            activity(
                actor,
                code,
                starts_on=day,
                kind=rng.choice(ActivityKind.values),
                missions=tuple(missions),
                spent=str(Decimal(rng.randint(0, 500_000)) / 100),
            )
            counts["activities"] += 1
    places = [s.code for s in chosen] + [d.code for d in chosen_districts] + [province]
    for subdistrict in chosen:
        villages = list(Area.objects.filter(parent=subdistrict, level=Level.VILLAGE))
        for index in range(rng.randint(0, 5)):
            area_code = rng.choice([subdistrict.code, *[v.code for v in villages]])
            services.organization_create(
                actor=actor,
                area_code=area_code,
                type_code=rng.choice(types),
                name=f"กลุ่มสุ่ม {subdistrict.code} {index}",
                member_count=rng.randint(0, 300),
                funds=str(Decimal(rng.randint(0, 10_000_000)) / 100),
                status=rng.choices(OrganizationStatus.values, weights=[6, 2, 1])[0],
            )
            counts["organizations"] += 1
    for _ in range(rng.randint(5, 12)):
        area_code = rng.choice(places)
        number = next(_counter)
        someone = person_create(
            actor=actor,
            data=PersonData(
                given_name=f"สุ่ม{number}",
                family_name=f"ทดสอบ{number}",
                profession=rng.choice(professions) or None,
            ),
            area_code=area_code,
            confirm_new=True,
        )
        if rng.random() < 0.5:
            local_role_add(
                actor=actor, person=someone, role=rng.choice(LocalRole.values), area_code=area_code
            )
    for index in range(rng.randint(2, 6)):
        partner = services.partner_create(
            actor=actor,
            area_code=rng.choice(places),
            kind=rng.choice(PartnerKind.values),
            name=f"ภาคีสุ่ม {seed} {index}",
        )
        for _ in range(rng.randint(0, 2)):
            services.cooperation_create(
                actor=actor,
                partner_id=partner.pk,
                center_code=rng.choice(centers),
                kind=rng.choice(CooperationKind.values),
                title=f"ความร่วมมือ {next(_counter)}",
                amount=str(rng.randint(0, 100_000)),
            )
    return counts

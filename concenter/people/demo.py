"""Fictional people of the Kanchanaburi demo, written through the people services.

`PeopleMaker` draws a person (Thai name, title matching the gender, profession, birth year,
phone, a fictional national ID for about half of them) and registers them with `person_create`;
`add_local_roles` gives village headmen, kamnan, village committee members, health and
community-development volunteers and local councillors to the people of a subdistrict. The
network demo (`concenter.network.demo`) calls both; nothing here runs on its own.
"""

import datetime
import random
from dataclasses import dataclass, field

from concenter.common.thai import generate_fictional_national_id
from concenter.people.demo_names import name_pools
from concenter.people.models import Gender, LocalRole, LocalRoleHolding, Person
from concenter.people.services import PersonData, local_role_add, person_create

# Profession: (weight, youngest age, oldest age). Every profession of migration 0002 appears.
PROFESSIONS = {
    "farmer": (30, 25, 78),
    "trader": (13, 25, 72),
    "teacher": (6, 26, 60),
    "civil_servant": (5, 28, 60),
    "health_volunteer": (11, 30, 70),
    "religious": (2, 35, 80),
    "local_government": (5, 32, 68),
    "private_employee": (8, 21, 55),
    "student": (3, 18, 23),
    "retired": (9, 60, 85),
    "other": (8, 22, 75),
}
NATIONAL_ID_SHARE = 0.5
PHONE_SHARE = 0.75
FEMALE_SHARE = 0.56  # community groups are mostly women's work
COMMON_NAME_SHARE = 0.45  # the demo's own everyday names, against pythainlp's long corpora


@dataclass
class PeopleMaker:
    actor: object
    rng: random.Random
    today: datetime.date
    created: int = 0
    _names_taken: set[tuple[str, str, str]] = field(default_factory=set)
    _ids_taken: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._pools = name_pools()
        self._professions = list(PROFESSIONS)
        self._weights = [PROFESSIONS[p][0] for p in self._professions]

    # Drawing --------------------------------------------------------------------------------

    def _given_name(self, gender: str) -> str:
        common = self._pools[f"{gender}_common"]
        if self.rng.random() < COMMON_NAME_SHARE or not self._pools[gender]:
            return self.rng.choice(common)
        return self.rng.choice(self._pools[gender])

    def _family_name(self) -> str:
        if self.rng.random() < COMMON_NAME_SHARE * 0.6:
            return self.rng.choice(self._pools["family_common"])
        return self.rng.choice(self._pools["family"])

    def phone_number(self) -> str:
        prefix = self.rng.choice(("08", "08", "09", "06"))
        digits = f"{prefix}{self.rng.randint(1, 9)}{self.rng.randint(0, 9_999_999):07d}"
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"

    def _national_id(self) -> str:
        while True:
            number = generate_fictional_national_id(self.rng)
            if number not in self._ids_taken:
                self._ids_taken.add(number)
                return number

    def draw(
        self,
        subdistrict_code: str,
        *,
        gender: str | None = None,
        profession: str | None = None,
        min_age: int | None = None,
    ) -> tuple[PersonData, str | None]:
        """A new person's data (unique name within the subdistrict) and maybe a national ID."""
        rng = self.rng
        if gender is None:
            gender = Gender.FEMALE if rng.random() < FEMALE_SHARE else Gender.MALE
        if profession is None:
            profession = rng.choices(self._professions, self._weights)[0]
        _weight, youngest, oldest = PROFESSIONS[profession]
        youngest = max(youngest, min_age or 0)
        oldest = max(oldest, youngest)
        age = rng.randint(youngest, oldest)
        while True:
            given, family = self._given_name(gender), self._family_name()
            if given != family and (subdistrict_code, given, family) not in self._names_taken:
                self._names_taken.add((subdistrict_code, given, family))
                break
        if gender == Gender.MALE:
            title = "นาย"
        else:
            married_share = 0.1 if age < 25 else 0.7
            title = "นาง" if rng.random() < married_share else "นางสาว"
        data = PersonData(
            title=title,
            given_name=given,
            family_name=family,
            gender=gender,
            birth_year=self.today.year - age,
            profession=profession,
            phone=self.phone_number() if rng.random() < PHONE_SHARE else "",
        )
        national_id = self._national_id() if rng.random() < NATIONAL_ID_SHARE else None
        return data, national_id

    def make(self, area_code: str, **kwargs) -> Person:
        """Register a new fictional person living in `area_code` (a village or subdistrict)."""
        data, national_id = self.draw(area_code[:6], **kwargs)
        # Names are drawn unique within each subdistrict, so the same-name check is not needed.
        person = person_create(
            actor=self.actor,
            data=data,
            area_code=area_code,
            national_id=national_id,
            confirm_new=True,
        )
        self.created += 1
        return person


def _past_date(rng: random.Random, first_year: int, today: datetime.date) -> datetime.date:
    start = datetime.date(first_year, 1, 1)
    return start + datetime.timedelta(days=rng.randint(0, (today - start).days - 1))


def add_local_roles(
    maker: PeopleMaker,
    *,
    subdistrict_code: str,
    people: list[Person],
    village_codes: list[str],
) -> list[LocalRoleHolding]:
    """Local administration roles in one subdistrict: a headman for each village (one of them
    the kamnan), village committee members, volunteers and councillors."""
    rng, today, actor = maker.rng, maker.today, maker.actor
    holdings: list[LocalRoleHolding] = []

    def add(person: Person, role: str, area_code: str, since: datetime.date) -> None:
        holdings.append(
            local_role_add(
                actor=actor, person=person, role=role, area_code=area_code, starts_on=since
            )
        )

    def living_in(area_code: str) -> list[Person]:
        return [p for p in people if p.area_id == area_code] or people

    adults = [p for p in people if p.birth_year and today.year - p.birth_year >= 35]
    headmen: list[Person] = []
    for village in village_codes:
        candidates = [p for p in living_in(village) if p in adults and p not in headmen] or adults
        headman = rng.choice(candidates)
        headmen.append(headman)
        add(headman, LocalRole.HEADMAN, village, _past_date(rng, 2012, today))
    if headmen:
        add(rng.choice(headmen), LocalRole.KAMNAN, subdistrict_code, _past_date(rng, 2016, today))
    else:
        kamnan = rng.choice(adults or people)
        add(kamnan, LocalRole.KAMNAN, subdistrict_code, _past_date(rng, 2016, today))
    for village in village_codes or [subdistrict_code]:
        residents = [p for p in living_in(village) if p not in headmen]
        for person in rng.sample(residents, min(len(residents), rng.randint(4, 7))):
            add(person, LocalRole.VILLAGE_COMMITTEE, village, _past_date(rng, 2019, today))
    for person in people:
        if person.profession_id == "health_volunteer":
            add(person, LocalRole.HEALTH_VOLUNTEER, person.area_id, _past_date(rng, 1995, today))
        elif person.profession_id == "local_government" and rng.random() < 0.6:
            add(person, LocalRole.LOCAL_COUNCILLOR, subdistrict_code, _past_date(rng, 2021, today))
        elif rng.random() < 0.04:
            add(person, LocalRole.CD_VOLUNTEER, person.area_id, _past_date(rng, 2005, today))
    return holdings

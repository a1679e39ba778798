"""Writes of people. The national ID is checked and hashed here; names get their search and
sort keys here; the roll-ups move here."""

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from concenter.accounts.scope import Access, can, require
from concenter.common import clock
from concenter.common.errors import parse_error_message
from concenter.common.thai import (
    ThaiParseError,
    latin_fold,
    normalize_text,
    romanize_name,
    thai_sort_key,
)
from concenter.common.versioning import lock_for_update
from concenter.geography.models import Area
from concenter.network import rollups
from concenter.people.identity import national_id_fingerprint
from concenter.people.models import Gender, LocalRole, LocalRoleHolding, Person, Profession
from concenter.people.names import name_search_key
from concenter.people.words import words_write

PERSON_FIELDS = (
    "title",
    "given_name",
    "family_name",
    "given_name_en",
    "family_name_en",
    "gender",
    "birth_year",
    "profession",
    "phone",
    "email",
)


def _latin_key(person: Person) -> str:
    english = f"{person.given_name_en}{person.family_name_en}"
    romanized = romanize_name(f"{person.given_name} {person.family_name}")
    return " ".join(k for k in {latin_fold(english), latin_fold(romanized)} if k)


class PossibleDuplicate(ValidationError):
    """A person with the same name already lives in this subdistrict: offer them first."""

    def __init__(self, candidates: list[Person]) -> None:
        self.candidates = candidates
        super().__init__(
            {
                "given_name": _(
                    "A person with this name is already registered in this subdistrict. Use the existing record, or confirm that this is another person."
                )
            },
            code="possible_duplicate",
        )


@dataclass
class PersonData:
    given_name: str
    family_name: str = ""
    title: str = ""
    given_name_en: str = ""
    family_name_en: str = ""
    gender: str = Gender.UNSPECIFIED
    birth_year: int | None = None
    profession: str | None = None
    phone: str = ""
    email: str = ""


def _clean(
    data: PersonData, area_code: str, national_id: str | None
) -> tuple[dict, Area, tuple[str, str] | None]:
    errors: dict[str, str] = {}
    values = {
        "title": normalize_text(data.title)[:50],
        "given_name": normalize_text(data.given_name)[:100],
        "family_name": normalize_text(data.family_name)[:100],
        "given_name_en": normalize_text(data.given_name_en)[:100],
        "family_name_en": normalize_text(data.family_name_en)[:100],
        "gender": data.gender or Gender.UNSPECIFIED,
        "birth_year": data.birth_year,
        "phone": normalize_text(data.phone)[:30],
        "email": (data.email or "").strip()[:254],
    }
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            errors["email"] = _("Enter a valid email address.")
    if not values["given_name"]:
        errors["given_name"] = _("Enter the given name.")
    if values["gender"] not in Gender.values:
        errors["gender"] = _("Unknown gender.")
    this_year = clock.today().year
    if data.birth_year is not None:
        year = data.birth_year - 543 if data.birth_year > 2400 else data.birth_year
        if not 1900 <= year <= this_year:
            errors["birth_year"] = _("The birth year is not plausible.")
        values["birth_year"] = year
    profession = None
    if data.profession:
        profession = Profession.objects.filter(code=data.profession, active=True).first()
        if profession is None:
            errors["profession"] = _("Unknown profession.")
    values["profession"] = profession
    area = Area.objects.filter(code=area_code or "").first()
    if area is None or not area.active:
        errors["area_code"] = _("Unknown or inactive area code.")
    fingerprint = None
    if national_id:
        try:
            fingerprint = national_id_fingerprint(national_id)
        except ThaiParseError as exc:
            errors["national_id"] = parse_error_message(exc)
    if errors:
        raise ValidationError(errors)
    return values, area, fingerprint


def _derive(person: Person, *, latin: bool = True) -> None:
    """The derived columns of a person. `latin=False` (a large import) leaves the romanised
    key empty, to be filled in the background by `latin_key` (docs/adr/0013)."""
    person.name_search = name_search_key(person.given_name, person.family_name)
    person.sort_key = thai_sort_key(f"{person.given_name} {person.family_name}")
    person.name_latin = _latin_key(person) if latin else ""


def latin_key(person: Person) -> str:
    """The romanised search key of a person's name (`name_latin`): the English name and the
    royin romanisation of the Thai name, folded."""
    return _latin_key(person)


# An officer who types ID numbers registered outside their area is answered neutrally, and at
# most this many times an hour: then every ID number is refused alike until the hour is over.
NATIONAL_ID_ELSEWHERE_LIMIT = 10
NATIONAL_ID_ELSEWHERE_WINDOW_SECONDS = 3600


def _national_id_elsewhere_key(actor) -> str:
    return f"people:national-id-elsewhere:{getattr(actor, 'pk', None)}"


def _refuse_national_id(message: str, code: str):
    raise ValidationError({"national_id": ValidationError(message, code=code)})


def national_id_holder_check(*, actor, national_id: str | None, person_id: int | None = None):
    """Refuse a national ID that another person already holds.

    Inside the actor's reach the answer names the record (the form links to it). Outside it,
    one neutral message with no id, name or area; the match is recorded as an access to that
    person, and counted: past NATIONAL_ID_ELSEWHERE_LIMIT an hour, every ID number is refused,
    so the check cannot be used to find where people live. Runs before the write's transaction,
    so the access entry stays when the write is refused."""
    if not national_id:
        return
    try:
        digest, _last4 = national_id_fingerprint(national_id)
    except ThaiParseError:
        return  # _clean names the mistake
    key = _national_id_elsewhere_key(actor)
    if cache.get(key, 0) >= NATIONAL_ID_ELSEWHERE_LIMIT:
        _refuse_national_id(
            _("Too many ID numbers registered in other areas were tried. Try again in an hour."),
            "national_id_rate_limited",
        )
    holder = Person.objects.filter(national_id_hash=digest).exclude(pk=person_id).first()
    if holder is None:
        return
    if can(actor, Access.READ, holder.area_id):
        _refuse_national_id(
            _("This ID number is already registered (record %(id)s).") % {"id": holder.pk},
            "duplicate_national_id",
        )
    from concenter.people.privacy import log_national_id_match

    cache.add(key, 0, NATIONAL_ID_ELSEWHERE_WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, NATIONAL_ID_ELSEWHERE_WINDOW_SECONDS)
    log_national_id_match(actor=actor, person=holder)
    _refuse_national_id(
        _(
            "This ID number is already registered in another area: ask the province officer "
            "to move the person."
        ),
        "national_id_elsewhere",
    )


def person_create(
    *,
    actor,
    data: PersonData,
    area_code: str,
    national_id: str | None = None,
    confirm_new: bool = False,
) -> Person:
    """Register a person in an area. The same national ID is the same person: it is refused
    (national_id_holder_check). A same-name person of the same subdistrict is offered first
    (PossibleDuplicate) unless `confirm_new`."""
    if can(actor, Access.CHANGE, area_code or ""):  # others are refused inside, before any lookup
        national_id_holder_check(actor=actor, national_id=national_id)
    return _person_create(
        actor=actor,
        data=data,
        area_code=area_code,
        national_id=national_id,
        confirm_new=confirm_new,
    )


@transaction.atomic
def _person_create(
    *, actor, data: PersonData, area_code: str, national_id: str | None, confirm_new: bool
) -> Person:
    values, area, fingerprint = _clean(data, area_code, national_id)
    require(actor, Access.CHANGE, area.code)
    if fingerprint and Person.objects.filter(national_id_hash=fingerprint[0]).exists():
        # Registered since the check above (a race): refused without naming the record.
        raise ValidationError(
            {"national_id": _("This ID number is already registered to another person.")},
            code="duplicate_national_id",
        )
    if not confirm_new and area.subdistrict_code:
        from concenter.people.selectors import people_with_similar_name

        candidates = people_with_similar_name(
            given_name=values["given_name"],
            family_name=values["family_name"],
            subdistrict_code=area.subdistrict_code,
        )
        if candidates:
            raise PossibleDuplicate(candidates)
    person = Person(**values)
    person.place_in(area)
    if fingerprint:
        person.national_id_hash, person.national_id_last4 = fingerprint
    _derive(person)
    person.save()
    words_write([person.pk])
    rollups.rollup_change([], rollups.person_contributions(person))
    return person


def person_update(
    *,
    actor,
    person_id: int,
    expected_version: int | None,
    data: PersonData,
    area_code: str,
    national_id: str | None = None,
) -> Person:
    """Change a person. A national ID another person holds is refused as in person_create."""
    current = Person.objects.filter(pk=person_id).only("area_id").first()
    if national_id and current is not None and can(actor, Access.CHANGE, current.area_id):
        national_id_holder_check(actor=actor, national_id=national_id, person_id=person_id)
    return _person_update(
        actor=actor,
        person_id=person_id,
        expected_version=expected_version,
        data=data,
        area_code=area_code,
        national_id=national_id,
    )


@transaction.atomic
def _person_update(
    *,
    actor,
    person_id: int,
    expected_version: int | None,
    data: PersonData,
    area_code: str,
    national_id: str | None,
) -> Person:
    current = Person.objects.filter(pk=person_id).first()
    if current is None:
        from concenter.common.errors import NotFoundOrOutOfScope

        raise NotFoundOrOutOfScope()
    require(actor, Access.CHANGE, current.area_id)
    values, area, fingerprint = _clean(data, area_code, national_id)
    require(actor, Access.CHANGE, area.code)
    person = lock_for_update(Person.objects.filter(pk=person_id), expected_version=expected_version)
    before = rollups.person_contributions(person)
    if fingerprint and fingerprint[0] != person.national_id_hash:
        if Person.objects.filter(national_id_hash=fingerprint[0]).exclude(pk=person.pk).exists():
            raise ValidationError(
                {"national_id": _("This ID number is already registered to another person.")}
            )
        person.national_id_hash, person.national_id_last4 = fingerprint
    for field, value in values.items():
        setattr(person, field, value)
    person.place_in(area)
    _derive(person)
    person.save()
    words_write([person.pk])
    rollups.rollup_change(before, rollups.person_contributions(person))
    return person


@transaction.atomic
def local_role_add(
    *,
    actor,
    person: Person,
    role: str,
    area_code: str,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> LocalRoleHolding:
    if role not in LocalRole.values:
        raise ValidationError({"role": _("Unknown role.")})
    area = Area.objects.filter(code=area_code or "", active=True).first()
    if area is None:
        raise ValidationError({"area_code": _("Unknown or inactive area code.")})
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date is before the start date.")})
    require(actor, Access.CHANGE, area.code)
    holding = LocalRoleHolding(person=person, role=role, starts_on=starts_on, ends_on=ends_on)
    holding.place_in(area)
    holding.save()
    rollups.rollup_change([], rollups.local_role_contributions(holding))
    return holding

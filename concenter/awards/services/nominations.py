"""Nominations and their evidence: by officers, by the public, linked to people."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from concenter.accounts.models import Role
from concenter.accounts.scope import Access, can, has_role, require
from concenter.awards import eligibility, rules
from concenter.awards.models import (
    Category,
    Evidence,
    Nomination,
    NominationSource,
    NominationStatus,
    NomineeKind,
    Programme,
    Scorecard,
)
from concenter.awards.services import messages
from concenter.awards.services._common import (
    S,
    _multiline,
    _nomination,
    _programme,
    _require_status,
    _text,
    may_nominate,
    when,
)
from concenter.common import clock
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.common.thai import (
    thai_sort_key,
)
from concenter.common.uploads import IMAGE, PDF, check_upload, delete_stored, store_upload
from concenter.common.versioning import lock_for_update
from concenter.geography.models import Area, Level
from concenter.network.models import Center, Organization
from concenter.people.models import Person
from concenter.people.services import PersonData, person_create


def _area(code: str | None, field: str = "area_code") -> Area:
    area = Area.objects.filter(code=(code or "").strip()[:8], active=True).first()
    if area is None:
        raise ValidationError({field: _("Unknown or inactive area code.")})
    return area


def _nominee_values(nominee) -> dict:
    if isinstance(nominee, Person):
        return {
            "person": nominee,
            "organization": None,
            "center": None,
            "nominee_name": nominee.full_name,
            "sort_key": thai_sort_key(nominee.name_without_title),
        }
    if isinstance(nominee, Organization):
        return {
            "person": None,
            "organization": nominee,
            "center": None,
            "nominee_name": nominee.name,
            "sort_key": thai_sort_key(nominee.name),
        }
    return {
        "person": None,
        "organization": None,
        "center": nominee,
        "nominee_name": nominee.name,
        "sort_key": thai_sort_key(nominee.name),
    }


def _check_in_area(programme: Programme, area: Area, field: str, name: str) -> None:
    if programme.require_in_area and not area.code.startswith(programme.area_id):
        raise ValidationError(
            {
                field: _(
                    "%(name)s is recorded in %(area)s, outside the programme's area "
                    "(%(programme_area)s)."
                )
                % {
                    "name": name,
                    "area": area.display_name,
                    "programme_area": programme.area.display_name,
                }
            }
        )


def _check_not_nominated(programme: Programme, nominee_values: dict, exclude_id=None) -> None:
    probe = Nomination(
        person=nominee_values["person"],
        organization=nominee_values["organization"],
        center=nominee_values["center"],
    )
    qs = Nomination.objects.filter(programme=programme).exclude(status=NominationStatus.WITHDRAWN)
    if exclude_id:
        qs = qs.exclude(pk=exclude_id)
    if qs.filter(eligibility.nominee_filter(probe)).exists():
        raise ValidationError(
            {
                _nominee_field(programme): _("%(name)s is already nominated in this programme.")
                % {"name": nominee_values["nominee_name"]}
            }
        )


def _nominee_field(programme: Programme) -> str:
    return {
        NomineeKind.PERSON: "person_id",
        NomineeKind.ORGANIZATION: "organization_id",
        NomineeKind.CENTER: "center_code",
    }[programme.nominee_kind]


def _existing_nominee(
    actor,
    programme: Programme,
    *,
    person_id: int | None,
    organization_id: int | None,
    center_code: str | None,
):
    """The registry record named for the programme's kind of nominee, if the actor may read
    it; another kind named, or none, is refused."""
    field = _nominee_field(programme)
    given = {
        "person_id": person_id,
        "organization_id": organization_id,
        "center_code": center_code,
    }
    others = [k for k, v in given.items() if v and k != field]
    if others:
        raise ValidationError(
            {
                others[0]: _("This programme is for nominees of the kind: %(kind)s.")
                % {"kind": NomineeKind(programme.nominee_kind).label}
            }
        )
    value = given[field]
    if not value:
        return None
    if field == "person_id":
        nominee = Person.objects.select_related("area").filter(pk=value).first()
        unknown = _("Unknown person.")
    elif field == "organization_id":
        nominee = Organization.objects.select_related("area").filter(pk=value).first()
        unknown = _("Unknown organization.")
    else:
        nominee = Center.objects.select_related("area").filter(pk=str(value)[:8]).first()
        unknown = _("Unknown center.")
    if nominee is None or not can(actor, Access.READ, nominee.area_id):
        raise ValidationError({field: unknown})
    if isinstance(nominee, Person) and nominee.anonymized_at:
        raise ValidationError({field: unknown})
    return nominee


def _category(programme: Programme, category_id: int | None) -> Category | None:
    has_categories = programme.categories.exists()
    if not category_id:
        if has_categories:
            raise ValidationError({"category_id": _("Choose the category.")})
        return None
    category = Category.objects.filter(programme=programme, pk=category_id).first()
    if category is None:
        raise ValidationError({"category_id": _("Unknown category.")})
    return category


def _check_window(programme: Programme, now: datetime.datetime) -> None:
    if programme.status != S.OPEN or not (
        programme.nominations_open_at <= now < programme.nominations_close_at
    ):
        if programme.status == S.OPEN and now < programme.nominations_open_at:
            message = _("Nominations open on %(time)s.") % {
                "time": when(programme.nominations_open_at)
            }
        else:
            message = _("Nominations for this programme are closed.")
        raise ValidationError({"programme": message})


def _checked_evidence(uploads: Iterable, already: int = 0) -> list:
    uploads = [u for u in uploads or () if u]
    if already + len(uploads) > rules.MAX_EVIDENCE_FILES:
        raise ValidationError(
            {
                "evidence": _("At most %(max)s evidence files per nomination.")
                % {"max": rules.MAX_EVIDENCE_FILES}
            }
        )
    checked = []
    for upload in uploads:
        try:
            checked.append(
                check_upload(upload, kinds=(PDF, IMAGE), max_bytes=rules.EVIDENCE_MAX_BYTES)
            )
        except ValidationError as error:
            raise ValidationError({"evidence": error.messages}) from error
    return checked


def _store_evidence(nomination: Nomination, checked: list, actor, note: str = "") -> list[Evidence]:
    stored = []
    for item in checked:
        evidence = Evidence(
            nomination=nomination,
            file=store_upload(item, folder=f"awards/evidence/{nomination.programme_id}"),
            kind=item.kind,
            original_name=_text(item.original_name, 200) or "evidence",
            size=len(item.content),
            note=_text(note, 300),
            uploaded_by=actor if getattr(actor, "pk", None) else None,
        )
        evidence.save()
        stored.append(evidence)
    return stored


@transaction.atomic
def nomination_create(
    *,
    actor,
    programme_id: int,
    statement: str,
    category_id: int | None = None,
    person_id: int | None = None,
    organization_id: int | None = None,
    center_code: str | None = None,
    new_person: PersonData | None = None,
    new_person_area_code: str = "",
    national_id: str | None = None,
    confirm_new_person: bool = False,
    citation: str = "",
    nominator_name: str = "",
    nominator_relation: str = "",
    evidence: Iterable = (),
    now: datetime.datetime | None = None,
) -> Nomination:
    """Nominate a registry record, or a new person registered here through the people
    services, while nominations are open. The nominee must be inside the programme's area
    (unless the programme says otherwise) and not nominated twice. Evidence files are checked
    by content before anything is written."""
    now = now or clock.now()
    programme = _programme(programme_id)
    if not may_nominate(actor, programme):
        raise NotFoundOrOutOfScope()
    _check_window(programme, now)
    category = _category(programme, category_id)
    statement = _multiline(statement, rules.STATEMENT_MAX_LENGTH)
    if not statement:
        raise ValidationError({"statement": _("Say why this nominee deserves the award.")})
    checked = _checked_evidence(evidence)
    nominee = _existing_nominee(
        actor,
        programme,
        person_id=person_id,
        organization_id=organization_id,
        center_code=center_code,
    )
    if nominee is None:
        if new_person is None or programme.nominee_kind != NomineeKind.PERSON:
            raise ValidationError(
                {_nominee_field(programme): _("Choose the nominee from the registry.")}
            )
        area = _area(new_person_area_code, "new_person_area_code")
        _check_in_area(
            programme, area, "new_person_area_code", _text(new_person.given_name, 100) or "–"
        )
        nominee = person_create(
            actor=actor,
            data=new_person,
            area_code=area.code,
            national_id=national_id,
            confirm_new=confirm_new_person,
        )
    field = _nominee_field(programme)
    _check_in_area(programme, nominee.area, field, str(nominee))
    values = _nominee_values(nominee)
    _check_not_nominated(programme, values)
    officer = has_role(
        actor, Role.NATIONAL_ADMIN, Role.PROVINCE_OFFICER, Role.DISTRICT_OFFICER
    ) or getattr(actor, "is_superuser", False)
    nomination = Nomination(
        programme=programme,
        category=category,
        source=NominationSource.OFFICER if officer else NominationSource.CENTER,
        statement=statement,
        citation=_text(citation, rules.CITATION_MAX_LENGTH),
        nominator_user=actor,
        nominator_name=_text(nominator_name, 200) or str(actor),
        nominator_relation=_text(nominator_relation, 200),
        submitted_at=now,
        **values,
    )
    nomination.place_in(nominee.area)
    nomination.save()
    _store_evidence(nomination, checked, actor)
    messages.nomination_received_send(nomination)
    return nomination


@transaction.atomic
def nomination_submit_public(
    *,
    programme_id: int,
    nominee_name: str,
    nominee_area_code: str,
    statement: str,
    nominator_name: str,
    category_id: int | None = None,
    proposed_details: str = "",
    nominator_phone: str = "",
    nominator_email: str = "",
    nominator_relation: str = "",
    client_address: str = "",
    now: datetime.datetime | None = None,
) -> Nomination:
    """A nomination from the public form (after its confirmation step). The nominee is kept as
    typed until an officer links it to the registry during screening; the nominator's contact
    is seen by the programme's managers only. Rate-limited per connection and per programme."""
    from concenter.awards.public import rate_limit_take

    now = now or clock.now()
    programme = _programme(programme_id)
    if not programme.public_nominations:
        raise NotFoundOrOutOfScope()
    _check_window(programme, now)
    errors: dict[str, str] = {}
    name = _text(nominee_name, 300)
    if not name:
        errors["nominee_name"] = _("Enter the nominee's name.")
    area = Area.objects.filter(code=(nominee_area_code or "").strip()[:8], active=True).first()
    if area is None or area.level not in (Level.SUBDISTRICT, Level.VILLAGE):
        errors["nominee_area_code"] = _("Choose the nominee's subdistrict.")
    elif not area.code.startswith(programme.area_id):
        errors["nominee_area_code"] = _("The nominee must live or work in %(area)s.") % {
            "area": programme.area.display_name
        }
    statement = _multiline(statement, rules.STATEMENT_MAX_LENGTH)
    if not statement:
        errors["statement"] = _("Say why this nominee deserves the award.")
    nominator = _text(nominator_name, 200)
    if not nominator:
        errors["nominator_name"] = _("Enter your name.")
    phone = _text(nominator_phone, 30)
    email = (nominator_email or "").strip()[:254]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["nominator_email"] = _("Enter a valid email address.")
    if not phone and not email:
        errors["nominator_phone"] = _("Give a phone number or an email address.")
    try:
        category = _category(programme, category_id)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    if not rate_limit_take(programme_id=programme.pk, client_address=client_address):
        raise ValidationError(
            {
                "__all__": _(
                    "Too many nominations were sent from this connection. Please try again later."
                )
            }
        )
    nomination = Nomination(
        programme=programme,
        category=category,
        source=NominationSource.PUBLIC,
        nominee_name=name,
        sort_key=thai_sort_key(name),
        proposed_details=_multiline(proposed_details, 2000),
        statement=statement,
        nominator_name=nominator,
        nominator_phone=phone,
        nominator_email=email,
        nominator_relation=_text(nominator_relation, 200),
        submitted_at=now,
    )
    nomination.place_in(area)
    nomination.save()
    messages.nomination_received_send(nomination, language=(get_language() or "th")[:2])
    return nomination


def _nomination_for_change(actor, nomination_id: int, *, nominator_while_open: bool = True):
    """The nomination and whether the actor manages its programme: managers always; the
    nominator while nominations are open."""
    nomination = _nomination(nomination_id)
    manager = can(actor, Access.CHANGE, nomination.programme.area_id)
    nominator = (
        nominator_while_open
        and getattr(actor, "pk", None) is not None
        and nomination.nominator_user_id == actor.pk
        and nomination.programme.status == S.OPEN
    )
    if not (manager or nominator):
        raise NotFoundOrOutOfScope()
    return nomination, manager


@transaction.atomic
def nomination_update(
    *,
    actor,
    nomination_id: int,
    expected_version: int | None,
    category_id: int | str | None = "",
    statement: str | None = None,
    citation: str | None = None,
    nominator_relation: str | None = None,
) -> Nomination:
    """The nominator edits while nominations are open; managers until screening ends (the
    citation, printed on the plaque, until publishing). "" / None leave a field as it is."""
    existing, _manager = _nomination_for_change(actor, nomination_id)
    programme = existing.programme
    nomination = lock_for_update(
        Nomination.objects.filter(pk=existing.pk), expected_version=expected_version
    )
    editable = programme.status in (S.OPEN, S.SCREENING)
    if nomination.status == NominationStatus.WITHDRAWN:
        raise ValidationError({"status": _("This nomination was withdrawn.")})
    if category_id != "" and category_id != nomination.category_id:
        if not editable:
            raise ValidationError({"category_id": _("The category can no longer be changed.")})
        nomination.category = _category(programme, category_id or None)
    if statement is not None:
        statement = _multiline(statement, rules.STATEMENT_MAX_LENGTH)
        if statement != nomination.statement:
            if not editable:
                raise ValidationError({"statement": _("The statement can no longer be changed.")})
            if not statement:
                raise ValidationError({"statement": _("Say why this nominee deserves the award.")})
            nomination.statement = statement
    if nominator_relation is not None:
        nomination.nominator_relation = _text(nominator_relation, 200)
    if citation is not None:
        citation = _text(citation, rules.CITATION_MAX_LENGTH)
        if citation != nomination.citation:
            if programme.is_published:
                raise ValidationError({"citation": _("A published programme cannot be changed.")})
            nomination.citation = citation
    nomination.save()
    return nomination


@transaction.atomic
def nomination_link(
    *,
    actor,
    nomination_id: int,
    person_id: int | None = None,
    organization_id: int | None = None,
    center_code: str | None = None,
    new_person: PersonData | None = None,
    new_person_area_code: str = "",
    national_id: str | None = None,
    confirm_new_person: bool = False,
    expected_version: int | None = None,
) -> Nomination:
    """Link a nomination (one from the public, or a correction) to its registry record, or to
    a new person registered here; managers only, until screening ends."""
    existing = _nomination(nomination_id)
    programme = existing.programme
    require(actor, Access.CHANGE, programme.area_id)
    _require_status(programme, S.OPEN, S.SCREENING, field=_nominee_field(programme))
    nomination = lock_for_update(
        Nomination.objects.filter(pk=existing.pk), expected_version=expected_version
    )
    nominee = _existing_nominee(
        actor,
        programme,
        person_id=person_id,
        organization_id=organization_id,
        center_code=center_code,
    )
    if nominee is None:
        if new_person is None or programme.nominee_kind != NomineeKind.PERSON:
            raise ValidationError(
                {_nominee_field(programme): _("Choose the nominee from the registry.")}
            )
        area = _area(new_person_area_code or nomination.area_id, "new_person_area_code")
        _check_in_area(programme, area, "new_person_area_code", _text(new_person.given_name, 100))
        nominee = person_create(
            actor=actor,
            data=new_person,
            area_code=area.code,
            national_id=national_id,
            confirm_new=confirm_new_person,
        )
    _check_in_area(programme, nominee.area, _nominee_field(programme), str(nominee))
    values = _nominee_values(nominee)
    _check_not_nominated(programme, values, exclude_id=nomination.pk)
    for key, value in values.items():
        setattr(nomination, key, value)
    nomination.place_in(nominee.area)
    nomination.save()
    return nomination


@transaction.atomic
def nomination_withdraw(*, actor, nomination_id: int, reason: str) -> Nomination:
    """Withdraw a nomination (its nominator while open, a manager until judging opens)."""
    existing, _manager = _nomination_for_change(actor, nomination_id)
    _require_status(existing.programme, S.OPEN, S.SCREENING)
    nomination = lock_for_update(Nomination.objects.filter(pk=existing.pk), expected_version=None)
    if nomination.status == NominationStatus.WITHDRAWN:
        raise ValidationError({"status": _("This nomination was withdrawn.")})
    reason = _text(reason, 500)
    if not reason:
        raise ValidationError({"reason": _("Say why the nomination is withdrawn.")})
    nomination.status = NominationStatus.WITHDRAWN
    nomination.screening_reason = reason
    nomination.save()
    for card in Scorecard.objects.filter(nomination=nomination):
        card.delete()
    return nomination


@transaction.atomic
def evidence_add(*, actor, nomination_id: int, upload, note: str = "") -> Evidence:
    """Attach a PDF or an image (checked by content, size-limited) until judging opens, so
    every judge sees the same evidence."""
    nomination, _manager = _nomination_for_change(actor, nomination_id)
    _require_status(nomination.programme, S.OPEN, S.SCREENING, field="evidence")
    if upload is None:
        raise ValidationError({"evidence": _("Choose a file.")})
    checked = _checked_evidence([upload], already=nomination.evidence.count())
    return _store_evidence(nomination, checked, actor, note)[0]


@transaction.atomic
def evidence_remove(*, actor, evidence_id: int) -> None:
    evidence = Evidence.objects.filter(pk=evidence_id).first()
    if evidence is None:
        raise NotFoundOrOutOfScope()
    nomination, _manager = _nomination_for_change(actor, evidence.nomination_id)
    _require_status(nomination.programme, S.OPEN, S.SCREENING, field="evidence")
    name = evidence.file
    evidence.delete()
    transaction.on_commit(lambda: delete_stored(name))


@transaction.atomic
def nomination_photo_set(*, actor, nomination_id: int, upload) -> Nomination:
    """The nominee's photo for the hall of fame (an image, re-encoded without its EXIF)."""
    existing = _nomination(nomination_id)
    require(actor, Access.CHANGE, existing.programme.area_id)
    if existing.programme.is_published:
        raise ValidationError({"photo": _("A published programme cannot be changed.")})
    if upload is None:
        raise ValidationError({"photo": _("Choose a file.")})
    try:
        checked = check_upload(
            upload, kinds=(IMAGE,), max_bytes=rules.PHOTO_MAX_BYTES, max_side=rules.PHOTO_MAX_SIDE
        )
    except ValidationError as error:
        raise ValidationError({"photo": error.messages}) from error
    nomination = lock_for_update(Nomination.objects.filter(pk=existing.pk), expected_version=None)
    old = nomination.photo
    nomination.photo = store_upload(checked, folder="awards/photos")
    nomination.save()
    transaction.on_commit(lambda: delete_stored(old))
    return nomination

"""Likely conflicts of interest, flagged from the registry for each judge and nomination.

A judge whose panel membership names their own record in the people registry is flagged on a
nomination when, in the registry:

* committee — the judge and the nominee hold seats in the same committee term (any center, any
  seat, the term not cancelled), or the judge sits on the committee of the nominated center;
* organization — both are members (or the leader) of the same community organisation, or the
  judge is a member or the leader of the nominated organisation;
* village — both live in the same village (or the judge lives in the nominated organisation's
  village);
* family_name — both have the same family name and live in the same subdistrict.

A flag is only a likelihood: the judge confirms it (then the judge does not score that
nomination) or dismisses it with a note. Each check is one query for the whole programme.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from concenter.awards.models import ConflictKind, Nomination, PanelMember
from concenter.geography.models import Level
from concenter.network.models import Organization, OrganizationMember, Seat, TermStatus
from concenter.people.models import Person


@dataclass(frozen=True)
class Flag:
    judge_id: int
    nomination_id: int
    kind: str
    detail: str


def _seats_by_person(person_ids: set[int]) -> dict[int, dict[int, str]]:
    """person -> {term id: center name} over terms that were not cancelled."""
    seats: dict[int, dict[int, str]] = defaultdict(dict)
    if not person_ids:
        return seats
    rows = (
        Seat.objects.filter(person_id__in=person_ids)
        .exclude(term__status=TermStatus.CANCELLED)
        .values_list("person_id", "term_id", "term__center__name")
    )
    for person_id, term_id, center_name in rows:
        seats[person_id][term_id] = center_name
    return seats


def _terms_of_centers(center_codes: set[str]) -> dict[str, set[int]]:
    from concenter.network.models import CommitteeTerm

    terms: dict[str, set[int]] = defaultdict(set)
    if not center_codes:
        return terms
    rows = (
        CommitteeTerm.objects.filter(center_id__in=center_codes)
        .exclude(status=TermStatus.CANCELLED)
        .values_list("center_id", "pk")
    )
    for center_id, term_id in rows:
        terms[center_id].add(term_id)
    return terms


def _organizations_by_person(person_ids: set[int]) -> dict[int, dict[int, str]]:
    """person -> {organisation id: name}, as a named member or as the leader."""
    found: dict[int, dict[int, str]] = defaultdict(dict)
    if not person_ids:
        return found
    for person_id, organization_id, name in OrganizationMember.objects.filter(
        person_id__in=person_ids
    ).values_list("person_id", "organization_id", "organization__name"):
        found[person_id][organization_id] = name
    for person_id, organization_id, name in Organization.objects.filter(
        leader_id__in=person_ids
    ).values_list("leader_id", "pk", "name"):
        found[person_id][organization_id] = name
    return found


def likely_conflicts(pairs: Iterable[tuple[PanelMember, Nomination]]) -> list[Flag]:
    """The flags for (judge, nomination) pairs; judges without a registry record get none.

    The nominations need `person`, `organization` (with `area`) and `center` loaded; the panel
    members need `person` (with `area`)."""
    pairs = [(j, n) for j, n in pairs if j.person_id]
    if not pairs:
        return []
    judge_people = {j.person_id for j, _n in pairs}
    nominee_people = {n.person_id for _j, n in pairs if n.person_id}
    people = judge_people | nominee_people
    seats = _seats_by_person(people)
    memberships = _organizations_by_person(people)
    center_terms = _terms_of_centers({n.center_id for _j, n in pairs if n.center_id})
    flags: list[Flag] = []

    def flag(judge: PanelMember, nomination: Nomination, kind: str, detail: str) -> None:
        flags.append(Flag(judge.pk, nomination.pk, kind, detail))

    for judge, nomination in pairs:
        judge_person: Person = judge.person
        judge_terms = seats.get(judge.person_id, {})
        judge_orgs = memberships.get(judge.person_id, {})
        if nomination.person_id and nomination.person_id != judge.person_id:
            nominee: Person = nomination.person
            shared_terms = judge_terms.keys() & seats.get(nominee.pk, {}).keys()
            if shared_terms:
                names = sorted({judge_terms[t] for t in shared_terms})
                flag(
                    judge,
                    nomination,
                    ConflictKind.COMMITTEE,
                    _("Both sit on the committee of %(centers)s.") % {"centers": ", ".join(names)},
                )
            shared_orgs = judge_orgs.keys() & memberships.get(nominee.pk, {}).keys()
            if shared_orgs:
                names = sorted({judge_orgs[o] for o in shared_orgs})
                flag(
                    judge,
                    nomination,
                    ConflictKind.ORGANIZATION,
                    _("Both belong to %(organizations)s.") % {"organizations": ", ".join(names)},
                )
            if (
                judge_person.area_id == nominee.area_id
                and len(nominee.area_id) == 8  # a village code
            ):
                flag(
                    judge,
                    nomination,
                    ConflictKind.VILLAGE,
                    _("Both live in %(village)s.") % {"village": nominee.area.display_name},
                )
            family = (nominee.family_name or "").strip()
            if (
                family
                and family == (judge_person.family_name or "").strip()
                and nominee.subdistrict_code
                and nominee.subdistrict_code == judge_person.subdistrict_code
            ):
                flag(
                    judge,
                    nomination,
                    ConflictKind.FAMILY_NAME,
                    _("Both are named %(family)s and live in the same subdistrict.")
                    % {"family": family},
                )
        elif nomination.organization_id:
            organization = nomination.organization
            if organization.pk in judge_orgs:
                flag(
                    judge,
                    nomination,
                    ConflictKind.ORGANIZATION,
                    _("The judge is a member or the leader of %(organization)s.")
                    % {"organization": organization.name},
                )
            if (
                organization.area.level == Level.VILLAGE
                and judge_person.area_id == organization.area_id
            ):
                flag(
                    judge,
                    nomination,
                    ConflictKind.VILLAGE,
                    _("The judge lives in %(village)s, the organization's village.")
                    % {"village": organization.area.display_name},
                )
        elif nomination.center_id and judge_terms.keys() & center_terms.get(
            nomination.center_id, set()
        ):
            flag(
                judge,
                nomination,
                ConflictKind.COMMITTEE,
                _("The judge sits on the committee of this center."),
            )
    return flags

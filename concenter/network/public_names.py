"""Committee members' names on public pages (the directory, a center's profile, open data).

A seat on a network committee (ศอช.) under the Department's regulation is a public role: the
public pages name the members of a center's current committee. A member may object (PDPA s.32);
from then on every public page and the open data show their seat by its position only. An
officer who may change the person records the objection, or withdraws it.
"""

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet

from concenter.accounts.scope import Access, require
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.common.thai import normalize_text
from concenter.network.models import PublicNameObjection


@transaction.atomic
def public_name_objection_set(*, actor, person_id: int, objects: bool, note: str = "") -> bool:
    """Record (objects=True) or withdraw a person's objection to being named publicly."""
    from concenter.people.models import Person

    person = Person.objects.filter(pk=person_id).only("pk", "area_id").first()
    if person is None:
        raise NotFoundOrOutOfScope()
    require(actor, Access.CHANGE, person.area_id)
    existing = PublicNameObjection.objects.filter(person_id=person.pk).first()
    if objects and existing is None:
        PublicNameObjection.objects.create(person_id=person.pk, note=normalize_text(note)[:250])
    elif not objects and existing is not None:
        existing.delete()
    return objects


def public_name_withheld(*, person_id: int) -> bool:
    return PublicNameObjection.objects.filter(person_id=person_id).exists()


def with_name_withheld(seats: QuerySet) -> QuerySet:
    """Seats annotated with `name_withheld` (their person objected), in the same query."""
    return seats.annotate(
        name_withheld=Exists(PublicNameObjection.objects.filter(person_id=OuterRef("person_id")))
    )

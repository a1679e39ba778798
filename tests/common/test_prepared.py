"""Statements compiled once per process (ADR 0032): the same SQL as the ORM's for every value,
the same records, the reader's scope kept, and a write seen at once (no result is kept)."""

import datetime

import pytest
from django.db import connection
from django.db.models import Prefetch
from django.test.utils import CaptureQueriesContext

from concenter.accounts.scope import Access, filter_by_scope, user_scope
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.common.prepared import Prepared
from concenter.network import selectors as network_selectors
from concenter.network import services
from concenter.network.models import CommitteeTerm, TermStatus
from concenter.people import selectors as people_selectors
from concenter.people.models import LocalRoleHolding, Person
from concenter.people.services import PersonData, person_update
from tests.network.helpers import draft_committee, person

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def _orm_person(scope, person_id):
    return (
        filter_by_scope(Person.objects.all(), scope)
        .select_related("area__parent__parent__parent", "profession")
        .prefetch_related(
            Prefetch("local_roles", queryset=LocalRoleHolding.objects.select_related("area"))
        )
        .filter(pk=person_id)
        .order_by("pk")[:1]
    )


def test_the_statement_is_the_orms_for_each_value_and_scope(
    national_admin, district_officer, viewer
):
    prepared = Prepared(_orm_person, int)
    for user in (national_admin, district_officer, viewer):
        scope = user_scope(user, Access.READ)
        for person_id in (1, 42, 2_000_000_000):
            assert prepared.statement(scope, person_id) == (
                _orm_person(scope, person_id).query.sql_with_params()
            )


def test_records_are_the_orms_with_their_related_records(district_officer):
    someone = person(district_officer, area_code="710104")
    scope = user_scope(district_officer, Access.READ)
    prepared = Prepared(_orm_person, int)
    [mine] = prepared(scope, someone.pk)
    [orm] = list(_orm_person(scope, someone.pk))
    assert mine.__dict__.keys() == orm.__dict__.keys()
    assert [getattr(mine, f.attname) for f in Person._meta.concrete_fields] == [
        getattr(orm, f.attname) for f in Person._meta.concrete_fields
    ]
    with CaptureQueriesContext(connection) as queries:
        chain = [mine.area, mine.area.parent, mine.area.parent.parent]
        assert [a.code for a in chain] == ["710104", "7101", "71"]
        assert mine.area.parent.parent.parent is None
        assert list(mine.local_roles.all()) == list(orm.local_roles.all())
    assert len(queries) == 0  # read with the person, as select_related and prefetch_related do


def test_a_reader_out_of_scope_finds_nothing(district_officer, other_district_officer):
    someone = person(district_officer, area_code="710104")
    assert people_selectors.person_get(user=district_officer, person_id=someone.pk) == someone
    with pytest.raises(NotFoundOrOutOfScope):
        people_selectors.person_get(user=other_district_officer, person_id=someone.pk)
    with pytest.raises(NotFoundOrOutOfScope):
        people_selectors.person_get(user=district_officer, person_id=someone.pk + 10_000)
    with pytest.raises(NotFoundOrOutOfScope):  # beyond any column's range: the ORM's answer
        people_selectors.person_get(user=district_officer, person_id=2**70)


def test_a_reader_with_no_scope_runs_no_statement(db):
    from concenter.accounts.scope import Scope

    prepared = Prepared(_orm_person, int)
    with CaptureQueriesContext(connection) as queries:
        assert prepared(Scope(), 1) == []
    assert len(queries) == 0


def test_a_write_shows_at_once(district_officer):
    someone = person(district_officer, area_code="710104")
    people_selectors.person_get(user=district_officer, person_id=someone.pk)
    person_update(
        actor=district_officer,
        person_id=someone.pk,
        expected_version=someone.version,
        data=PersonData(given_name="สมหญิง", family_name="ใจงาม"),
        area_code="710104",
        national_id=None,
    )
    again = people_selectors.person_get(user=district_officer, person_id=someone.pk)
    assert (again.given_name, again.family_name) == ("สมหญิง", "ใจงาม")


def test_a_value_that_is_not_a_plain_parameter_is_refused(db):
    like = Prepared(lambda _shape, name: Person.objects.filter(given_name__startswith=name), str)
    with pytest.raises(ValueError, match="not a plain parameter"):
        like(None, "สม")
    with pytest.raises(TypeError):
        Prepared(_orm_person, int)(None, "1")
    with pytest.raises(TypeError):
        Prepared(lambda _shape: Person.objects.values("pk"))(None)


def test_a_centers_committee_and_terms_as_the_orm_reads_them(district_officer):
    services.center_create(actor=district_officer, area_code="710104")
    term, _seats = draft_committee(district_officer, members=9)
    services.committee_term_activate(actor=district_officer, term_id=term.pk)
    center = network_selectors.center_get(user=district_officer, code="710104")
    on = datetime.date(2026, 1, 15)
    state = network_selectors.current_committee(center, on=on)
    orm_term = (
        CommitteeTerm.objects.filter(
            center=center, status=TermStatus.ACTIVE, starts_on__lte=on, ends_on__gte=on
        )
        .prefetch_related("seats")
        .first()
    )
    assert state.current == orm_term
    open_seats = [s for s in orm_term.seats.all() if s.ends_on is None]
    assert [s.pk for s in state.seats] == [s.pk for s in network_selectors.sorted_seats(open_seats)]
    assert all(seat.term is state.current for seat in state.seats)
    assert network_selectors.current_committee(center, on=datetime.date(2030, 1, 1)).current is None
    assert network_selectors.center_terms(center) == list(center.terms.order_by("-starts_on"))
    # The person's page: seats, organisations led, memberships.
    network = network_selectors.person_network(state.seats[0].person)
    assert [s.pk for s in network["seats"]] == [state.seats[0].pk]


def test_a_dashboards_rows_are_the_orms(db):
    from concenter.geography.selectors import area_child_list, area_children

    fields = ("code", "level", "province_code", "name_th", "name_en", "sort_key")
    for parent in (None, "71", "7101"):
        mine = area_child_list(parent_code=parent, fields=fields)
        orm = list(area_children(parent_code=parent).only(*fields))
        assert mine and [a.code for a in mine] == [a.code for a in orm]
        assert [a.__dict__.keys() for a in mine] == [a.__dict__.keys() for a in orm]

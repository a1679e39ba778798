"""The rendering shortcuts of the busy pages: parts kept in the shared cache under a digest of
what they show ({% fragment %}), the amount filter and the main menu rendered once."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.template import Context, Template, TemplateSyntaxError
from django.template.defaultfilters import floatformat
from django.utils import translation

from concenter.common.templatetags import fragments
from concenter.common.templatetags.thai import baht
from concenter.geography.models import Area
from concenter.network import services
from concenter.network.models import Organization
from tests.conftest import client_for
from tests.network.helpers import person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def _render(source: str, **context) -> str:
    return Template("{% load fragments %}" + source).render(Context(context))


class Counter:
    """A value whose every rendering is counted: shows whether a part was rendered again."""

    def __init__(self):
        self.renders = 0

    def __str__(self):
        self.renders += 1
        return "counted"


def test_a_fragment_is_rendered_once_for_the_same_values():
    counter = Counter()
    source = '{% fragment "probe" name %}<p>{{ name }} {{ counter }}</p>{% endfragment %}'
    first = _render(source, name="สมชาย", counter=counter)
    second = _render(source, name="สมชาย", counter=counter)
    assert first == second == "<p>สมชาย counted</p>"
    assert counter.renders == 1


def test_a_fragment_is_rendered_again_when_a_value_it_names_changes():
    counter = Counter()
    source = '{% fragment "probe" name %}<p>{{ name }} {{ counter }}</p>{% endfragment %}'
    assert _render(source, name="สมชาย", counter=counter) == "<p>สมชาย counted</p>"
    assert _render(source, name="สมหญิง", counter=counter) == "<p>สมหญิง counted</p>"
    assert counter.renders == 2


def test_a_fragment_is_not_cached_when_its_condition_is_false():
    counter = Counter()
    source = '{% fragment "probe" name when cached %}{{ counter }}{% endfragment %}'
    for _ in range(2):
        _render(source, name="x", cached=False, counter=counter)
    assert counter.renders == 2


def test_a_fragment_is_kept_apart_per_language():
    source = '{% fragment "probe" %}{% translate "People" %}{% endfragment %}'
    with translation.override("th"):
        thai = _render(source)
    with translation.override("en"):
        english = _render(source)
    assert english == "People"
    assert thai != english


def test_a_fragment_is_kept_apart_for_readers_of_thai_digits(national_admin):
    source = '{% fragment "probe" %}{% num 2563 %}{% endfragment %}'
    national_admin.thai_digits = False
    assert _render(source, user=national_admin) == "2,563"
    national_admin.thai_digits = True
    assert _render(source, user=national_admin) == "๒,๕๖๓"


def test_a_csrf_token_cannot_be_inside_a_fragment():
    with pytest.raises(TemplateSyntaxError, match="csrf_token"):
        Template('{% load fragments %}{% fragment "form" %}{% csrf_token %}{% endfragment %}')


def test_the_key_follows_every_loaded_field_and_related_record(province_officer):
    organization = services.organization_create(
        actor=province_officer, area_code="710101", type_code="village_fund", name="กองทุนหมู่บ้าน"
    )

    def key():
        loaded = Organization.objects.select_related("type", "area").get(pk=organization.pk)
        return fragments.fragment_key("probe", [loaded])

    before = key()
    assert key() == before  # the same record read again: the same key
    Organization.objects.filter(pk=organization.pk).update(member_count=41)
    after_field = key()
    assert after_field != before
    Area.objects.filter(code="710101").update(name_th="ท่าล้อใหม่")  # a related record
    assert key() != after_field


def test_the_key_of_records_that_refer_to_each_other_is_made_once(district_officer):
    from tests.network.helpers import draft_committee

    services.center_create(actor=district_officer, area_code="710104")
    term, _seats = draft_committee(district_officer, members=3)
    loaded = (
        type(term).objects.prefetch_related("seats__term", "seats__person").get(pk=term.pk)
    )  # each seat holds its term, which holds the seats
    key = fragments.fragment_key("probe", loaded, list(loaded.seats.all()))
    assert key == fragments.fragment_key("probe", loaded, list(loaded.seats.all()))


@pytest.mark.parametrize(
    "value",
    [
        Decimal("0"),
        Decimal("1234.5"),
        Decimal("-1234567.125"),
        Decimal("999.995"),
        Decimal("-0.004"),
        Decimal("0.005"),
        Decimal("1E+3"),
        12345678,
        -7,
        None,
        "",
        "12.5",
    ],
    ids=str,
)
@pytest.mark.parametrize("language", ["th", "en"])
def test_baht_writes_what_floatformat_2g_writes(value, language):
    with translation.override(language):
        assert baht(value) == floatformat(value, "2g")


def test_the_main_menu_is_the_same_as_the_template_and_follows_the_language(national_admin):
    client = client_for(national_admin)
    page = client.get("/people/").content.decode()
    assert 'href="/dashboard/"' in page  # signed-in entries
    assert 'href="/people/"' in page
    client.cookies["django_language"] = "en"
    english = client.get("/people/").content.decode()
    assert ">Dashboard</a>" in english
    anonymous = client_for(None).get("/").content.decode()
    assert 'href="/dashboard/"' not in anonymous  # the menu of a visitor


def test_people_used_in_fragments_are_plain_enough_to_key(district_officer):
    someone = person(district_officer, birth_year=1980)
    someone.seen_on = datetime.date(2025, 1, 1)  # an attribute set by code is part of the key
    first = fragments.fragment_key("probe", someone)
    someone.seen_on = datetime.date(2025, 1, 2)
    assert fragments.fragment_key("probe", someone) != first

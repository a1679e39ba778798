"""The year of a programme is written in the reader's era: BE in Thai, CE with BE beside it in
English (the hall of fame mixed "Year 2563" with "announced 20 Nov 2020")."""

import pytest
from django.template import Context, Template
from django.utils import translation


@pytest.mark.parametrize(("language", "shown"), [("th", "2563"), ("en", "2020 (BE 2563)")])
def test_era_year_follows_the_readers_language(language, shown):
    with translation.override(language):
        assert Template("{{ year|era_year }}").render(Context({"year": 2020})) == shown
        assert Template("{{ year|era_year }}").render(Context({"year": None})) == ""

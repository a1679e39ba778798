"""The key a person's name is found by, shared by the services that store it and the selectors
that look it up (so neither imports the other)."""

from concenter.common.thai import normalize_text


def name_search_key(given_name: str, family_name: str) -> str:
    return (normalize_text(given_name) + normalize_text(family_name)).replace(" ", "").lower()

import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded evidence, photos and emblems go to a temporary folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The public form's rate limit lives in the cache: every test starts with none used."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_messages():
    """Services answer in the language of the request; tests read their English messages (the
    pages still switch to Thai through the middleware, as for every user)."""
    from django.utils import translation

    with translation.override("en"):
        yield

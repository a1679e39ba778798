"""Journey 6: any user switches between Thai and English and sees every visible string translated.

The check: on each page, the text of headings, labels, table headers, buttons and menu links must
not be an English interface string while the page is Thai, nor a Thai one while it is English.
"""

import pytest

from tests.browser.conftest import check_accessibility, log_in, screenshot
from tests.common.test_translations import LOCALE, parse_po

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/directory/",
    "/imports/",
    "/imports/new/",
    "/accounts/2fa/",
    "/exhibition/71/",
    "/areas/",
    "/areas/71/",
    "/areas/710104/",
    "/centers/",
    "/people/",
    "/organizations/",
    "/partners/",
    "/dashboard/7101/",
    "/accounts/me/",
]
# Strings that read the same in both languages.
SAME_IN_BOTH = {"English", "ภาษาไทย", "concenter"}
SELECTOR = "h1, h2, h3, th, dt, label, button, legend, caption, summary, nav.main-nav a"


def _catalogue() -> tuple[set[str], set[str]]:
    english, thai = set(), set()
    for entry in parse_po(LOCALE / "django.po"):
        if entry["msgid"] and "%" not in entry["msgid"]:
            english.add(entry["msgid"].strip())
            thai.add((entry.get("msgstr") or entry.get("msgstr[0]") or "").strip())
    return english - SAME_IN_BOTH, thai - SAME_IN_BOTH


def _texts(page) -> set[str]:
    return {t.strip() for t in page.locator(SELECTOR).all_inner_texts() if t.strip()}


def test_switching_language_translates_every_visible_string(page, app_url):
    english, thai = _catalogue()
    log_in(page, app_url, "kan.mueang")
    for path in PAGES:
        page.goto(app_url + path)
        assert page.locator("html").get_attribute("lang") == "th"
        untranslated = _texts(page) & english
        assert untranslated == set(), f"{path} (Thai) shows English: {sorted(untranslated)}"
        check_accessibility(page)
    page.click(".lang-form button")
    page.wait_for_selector("html[lang=en]")
    for path in PAGES:
        page.goto(app_url + path)
        assert page.locator("html").get_attribute("lang") == "en"
        leftover = _texts(page) & thai
        assert leftover == set(), f"{path} (English) shows Thai: {sorted(leftover)}"
    screenshot(page, "dashboard-english")
    page.click(".lang-form button")
    page.wait_for_selector("html[lang=th]")

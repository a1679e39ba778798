"""Thai digits when chosen: every number of a Thai page (money, dates, years, ranks, counts),
in one pass over the page's text; markup, scripts and typed values keep their digits."""

import re

import pytest

from concenter.accounts.models import User
from concenter.common.thai import thai_digits_in_html
from tests.conftest import client_for


def test_text_takes_thai_digits_and_markup_keeps_its_own():
    html = (
        '<p class="col-2">ปี 2563 · <a href="/areas/7101/">7101</a></p>'
        "<script>var a = 1;</script><textarea>28/02/2563</textarea><!-- 3 -->"
    )
    assert thai_digits_in_html(html) == (
        '<p class="col-2">ปี ๒๕๖๓ · <a href="/areas/7101/">๗๑๐๑</a></p>'
        "<script>var a = 1;</script><textarea>28/02/2563</textarea><!-- 3 -->"
    )


@pytest.mark.clock("2026-11-20T09:15")
def test_a_reader_who_chose_thai_digits_reads_them_on_every_page(district_officer):
    page = client_for(district_officer).get("/dashboard/7101/").content.decode()
    assert "7101" in page  # arabic for a reader who did not choose
    User.objects.filter(pk=district_officer.pk).update(thai_digits=True)
    district_officer.refresh_from_db()
    page = client_for(district_officer).get("/dashboard/7101/").content.decode()
    assert 'href="/dashboard/7101/' in page  # links keep their digits
    assert "๒๕๖๙" in page or "๒๕๗๐" in page  # the fiscal year, in Thai digits
    main = page.split("<main", 1)[1].split(">", 1)[1].split("</main>", 1)[0]
    text = re.sub(r"<(script|style|textarea)\b.*?</\1>|<[^>]*>", " ", main, flags=re.DOTALL)
    left = [m.group(0) for m in re.finditer(r".{0,30}[0-9]+.{0,30}", text)]
    assert left == []  # no number left in arabic digits

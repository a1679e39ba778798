"""The printable poster of a center's (or an area's) results, for the exhibition booth.

Typst (concenter/common/pdf.py) with the template poster.typ beside this module; the data is
the public exhibition's (published stories and roll-up figures only), passed as JSON, with the
stories' first photos and a QR code to the exhibition page.
"""

from decimal import Decimal
from pathlib import Path

from django.core.files.storage import default_storage
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from concenter.activities.selectors import Exhibition
from concenter.common.pdf import qr_svg, render_pdf, render_png_pages
from concenter.common.thai import format_date_en, format_date_th

TEMPLATE = Path(__file__).with_name("poster.typ")
A4 = "a4"
A3 = "a3"
STORIES_SHOWN = 3
MISSION_COUNT = 10
# What fits on one page: longer texts are shortened (the exhibition page has them whole).
TITLE_CHARS = 80
SUMMARY_CHARS = 120
YEARS_SHOWN = 10


def _shorten(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _name_size(name: str) -> int:
    """Points for the name in the header: one line on A4 (Thai names are not split well)."""
    return 26 if len(name) <= 26 else 22 if len(name) <= 36 else 18 if len(name) <= 48 else 15


def _number(value) -> str:
    if isinstance(value, Decimal):
        return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
    return f"{value:,}"


def _story_facts(story) -> str:
    facts = []
    if story.people_reached:
        facts.append(_("%(people)s people reached") % {"people": _number(story.people_reached)})
    if story.money_saved:
        facts.append(_("%(baht)s baht saved") % {"baht": _number(story.money_saved)})
    if story.money_earned:
        facts.append(_("%(baht)s baht earned") % {"baht": _number(story.money_earned)})
    return " · ".join(facts)


def _photo(story, index: int, files: dict[str, bytes]) -> str | None:
    photos = list(story.photos.all())
    if not photos:
        return None
    stored = photos[0].stored_name
    if not default_storage.exists(stored):
        return None
    extension = stored.rsplit(".", 1)[-1].lower()
    name = f"story-{index}.{extension}"
    with default_storage.open(stored, "rb") as handle:
        files[name] = handle.read()
    return name


def poster_data(data: Exhibition, *, size: str, url: str) -> tuple[dict, dict[str, bytes]]:
    """The poster's JSON data and the image files it reads."""
    thai = (get_language() or "th").startswith("th")
    figures = data.figures
    totals = data.story_totals
    files: dict[str, bytes] = {}
    largest = max((row.activities for row in data.by_mission), default=0) or 1
    place = data.area.display_name
    if data.area.parent_id:
        chain = []
        node = data.area.parent
        while node is not None:
            chain.append(node.display_name)
            node = node.parent
        place = " ".join([place, *chain])
    return (
        {
            "size": size,
            "name": data.name,
            "name_size": _name_size(data.name),
            "place": place,
            "url": url,
            "qr": qr_svg(url),
            "figures": [
                {"label": _("Activities"), "value": _number(data.total_activities)},
                {"label": _("Participants"), "value": _number(data.total_participants)},
                {"label": _("Spent (baht)"), "value": _number(data.total_spending)},
                {
                    "label": _("Missions served"),
                    "value": f"{data.missions_served}/{MISSION_COUNT}",
                },
                {"label": _("Community organizations"), "value": _number(figures.organizations)},
                {"label": _("Members of organizations"), "value": _number(figures.members)},
                {
                    "label": _("People reached by the stories"),
                    "value": _number(totals.people_reached),
                },
                {
                    "label": _("Baht saved and earned (stories)"),
                    "value": _number(totals.money_saved + totals.money_earned),
                },
            ],
            "missions": [
                {
                    "label": f"{index}. {row.label}",
                    "value": _number(row.activities),
                    "share": round(row.activities / largest, 3),
                }
                for index, row in enumerate(data.by_mission, start=1)
            ],
            "years": [
                {
                    "label": str(row.fiscal_year),
                    "activities": _number(row.activities),
                    "spent": _number(row.spending),
                }
                for row in data.by_year[:YEARS_SHOWN]
            ],
            "stories": [
                {
                    "title": _shorten(story.title, TITLE_CHARS),
                    "summary": _shorten(story.summary, SUMMARY_CHARS),
                    "facts": _story_facts(story),
                    "photo": _photo(story, index, files),
                }
                for index, story in enumerate(data.stories[:STORIES_SHOWN], start=1)
            ],
            "labels": {
                "heading": _("Results of the Community Organization Network Center"),
                "by_mission": _("Activities by mission"),
                "mission_note": _(
                    "An activity serving several missions counts under each of them."
                ),
                "by_year": _("By fiscal year"),
                "year": _("Fiscal year"),
                "activities": _("Activities"),
                "spent": _("Spent (baht)"),
                "no_activity": _("No activity recorded yet."),
                "stories": _("Success stories"),
                "no_story": _("No published success story yet."),
                "scan": _("Scan for the whole exhibition"),
                "footer": _("As of %(date)s · concenter")
                % {"date": format_date_th(data.on) if thai else format_date_en(data.on)},
            },
        },
        files,
    )


def poster_pdf(data: Exhibition, *, size: str = A4, url: str) -> bytes:
    content, files = poster_data(data, size=size, url=url)
    return render_pdf(TEMPLATE, content, files=files)


def poster_png(data: Exhibition, *, size: str = A4, url: str, ppi: int = 72) -> bytes:
    """The poster's page as a PNG (a preview; tests look at it)."""
    content, files = poster_data(data, size=size, url=url)
    return render_png_pages(TEMPLATE, content, files=files, ppi=ppi)[0]

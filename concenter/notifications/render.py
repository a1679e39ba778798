"""A message's three renderings, written once when the message enters the outbox: plain text,
Thai (or English) HTML for e-mail, and a LINE flex bubble. Each kind has one text template
(`templates/notifications/messages/<kind>.txt`: the subject on its first line, then the body);
the HTML and the flex bubble are drawn from that text, its link and its QR code."""

from dataclasses import dataclass

import segno
from django.template.loader import render_to_string
from django.utils import translation

from concenter.notifications.kinds import Kind

FLEX_MAX_PARAGRAPHS = 8  # LINE limits a bubble's size; a message never needs more


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str
    flex: dict


def _flex(subject: str, paragraphs: list[str], link: str, link_label: str) -> dict:
    body = [{"type": "text", "text": subject, "weight": "bold", "size": "lg", "wrap": True}]
    body += [
        {"type": "text", "text": paragraph, "wrap": True, "size": "sm", "margin": "md"}
        for paragraph in paragraphs[:FLEX_MAX_PARAGRAPHS]
    ]
    bubble: dict = {
        "type": "bubble",
        "body": {"type": "box", "layout": "vertical", "contents": body},
    }
    if link:
        bubble["footer"] = {
            "type": "box",
            "layout": "vertical",
            "contents": [
                {
                    "type": "button",
                    "style": "primary",
                    "action": {"type": "uri", "label": link_label[:40], "uri": link},
                }
            ],
        }
    return bubble


def render_message(*, kind: Kind, context: dict, language: str, unsubscribe_url: str) -> Rendered:
    """Render `kind` with `context` in `language`."""
    with translation.override(language):
        full = {**context, "unsubscribe_url": unsubscribe_url}
        written = render_to_string(kind.template, full).strip()
        subject, _, body = written.partition("\n")
        body = body.strip()
        paragraphs = [part.strip() for part in body.split("\n\n") if part.strip()]
        link = context.get("link", "")
        link_label = str(context.get("link_label") or translation.gettext("Open"))
        qr = segno.make(context["qr"], error="m").png_data_uri(scale=4) if context.get("qr") else ""
        html = render_to_string(
            "notifications/messages/_email.html",
            {
                "subject": subject,
                "paragraphs": paragraphs,
                "link": link,
                "link_label": link_label,
                "qr": qr,
                "unsubscribe_url": unsubscribe_url,
                "language": language,
            },
        )
        text = f"{body}\n\n{link}\n" if link else f"{body}\n"
        text += "\n" + translation.gettext("Stop these messages: %(url)s") % {
            "url": unsubscribe_url
        }
        return Rendered(
            subject=subject.strip()[:300],
            text=text,
            html=html,
            flex=_flex(subject.strip(), paragraphs, link, link_label),
        )

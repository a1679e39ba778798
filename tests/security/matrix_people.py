"""Access rules of the people app's PDPA pages added after the first matrix."""

from tests.security.rules import Rule

PAGE_RULES = {
    "people:person_export_pdf": Rule("change", kwargs=lambda p: {"person_id": p.person}),
    "people:person_contacts": Rule("change", kwargs=lambda p: {"person_id": p.person}),
    # POST-only: an empty notice form is refused with a message, then back to the person's page.
    "people:privacy_notice_add": Rule(
        "change", method="post", kwargs=lambda p: {"person_id": p.person}, ok=frozenset({302})
    ),
}

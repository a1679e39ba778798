"""Access rules of the award operations the API gained in issue #21 (concenter/awards/
api_changes.py), on the records tests/security/matrix_awards.py builds in every place."""

from concenter.awards.models import Scorecard
from tests.security.matrix_awards import API, _the_judge, _x, draft
from tests.security.rules import Rule


def _reopen(place) -> dict:
    card = Scorecard.objects.get(pk=_x(place, "awards_submitted_card"))
    return {"nomination_id": card.nomination_id, "member_id": card.judge_id}


API_RULES: dict[tuple[str, str], Rule] = {
    ("PATCH", f"{API}/categories/{{category_id}}"): Rule(
        "change",
        anonymous=401,
        method="patch",
        kwargs=lambda p: {"category_id": _x(p, "awards_category")},
        body=lambda p: {"quota": 2},
    ),
    ("PATCH", f"{API}/criteria/{{criterion_id}}"): Rule(
        "change",
        anonymous=401,
        method="patch",
        kwargs=lambda p: {"criterion_id": _x(p, "awards_criterion")},
        body=lambda p: {"weight": 2},
    ),
    ("PATCH", f"{API}/programmes/{{programme_id}}/criteria/{{code}}"): Rule(
        "change",
        anonymous=401,
        method="patch",
        kwargs=lambda p: {**draft(p), "code": "c1"},
        body=lambda p: {"guidance": "ดูผลที่ชุมชนได้รับ"},
    ),
    ("PATCH", f"{API}/panel/{{member_id}}"): Rule(
        "change",
        anonymous=401,
        method="patch",
        kwargs=lambda p: {"member_id": _x(p, "awards_member")},
        body=lambda p: {"category_ids": [_x(p, "awards_category")]},
    ),
    ("POST", f"{API}/nominations/{{nomination_id}}/withdraw"): Rule(
        "change",
        anonymous=401,
        method="post",
        kwargs=lambda p: {"nomination_id": _x(p, "awards_open_nomination")},
        body=lambda p: {"reason": "ผู้ถูกเสนอชื่อขอถอนตัว"},
    ),
    ("POST", f"{API}/nominations/{{nomination_id}}/scorecards/{{member_id}}/reopen"): Rule(
        "change", anonymous=401, method="post", kwargs=_reopen
    ),
    ("PUT", f"{API}/judging"): Rule(
        "custom",
        anonymous=401,
        method="put",
        body=lambda p: {
            "cards": [{"nomination_id": _x(p, "awards_judging_nomination"), "scores": {"c1": 7}}]
        },
        allow=_the_judge,
    ),
    ("GET", f"{API}/rules"): Rule("login", anonymous=401),
}

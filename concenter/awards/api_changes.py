"""What the award pages do and the API did not (issue #21): change a category's name or
quota, edit a criterion (by id or by its stable code), change a panel member's categories,
withdraw a nomination, reopen one scorecard, and a judge's save-and-submit of all their cards
in one call; the rule book behind the results, once, at its own address. Each operation calls
the same service as the page. They join the awards router (a path answers from one router only,
and DELETE /awards/categories/{id} is there); config/api.py imports this module before it
attaches the router."""

from concenter.api.examples import example
from concenter.awards import scoring, services
from concenter.awards.api import _nomination, router
from concenter.awards.models import Criterion, PanelMember, Scorecard
from concenter.awards.schemas import (
    CardSavedOut,
    CardsIn,
    CategoryOut,
    CategoryPatch,
    CriterionOut,
    CriterionPatch,
    NominationDetailOut,
    PanelOut,
    PanelPatch,
    RulesOut,
    WithdrawIn,
)
from concenter.common.errors import NotFoundOrOutOfScope

CRITERION_EXAMPLE = {
    "id": 12,
    "code": "impact",
    "name": "ผลงานต่อชุมชน",
    "weight": "2",
    "max_score": "10",
    "guidance": "ดูจากผลที่ชุมชนได้รับจริง",
    "position": 0,
}


@router.patch(
    "/awards/categories/{category_id}",
    response=CategoryOut,
    openapi_extra=example(
        request={"name": "เกษตรกรดีเด่น", "quota": 2},
        response={
            "id": 5,
            "name": "เกษตรกรดีเด่น",
            "profession_code": None,
            "quota": 2,
            "position": 0,
        },
    ),
)
def category_update(request, category_id: int, payload: CategoryPatch):
    """Rename a category (until published) or change its quota (until judging opens; `quota:
    null` removes it). Only the fields given change."""
    fields = payload.model_dump(exclude_unset=True)
    return services.category_update(
        actor=request.user,
        category_id=category_id,
        name=fields.get("name"),
        quota=fields.get("quota", ""),
    )


def _criterion_patch(request, criterion: Criterion, payload: CriterionPatch) -> Criterion:
    fields = payload.model_dump(exclude_unset=True)
    return services.criterion_update(
        actor=request.user,
        criterion_id=criterion.pk,
        name=fields.get("name", criterion.name),
        weight=fields.get("weight", criterion.weight),
        max_score=fields.get("max_score", criterion.max_score),
        guidance=fields.get("guidance", criterion.guidance),
        code=fields.get("code"),
    )


CRITERION_PATCH_EXAMPLE = example(
    request={"weight": 3, "guidance": "ดูจากผลที่ชุมชนได้รับจริง"},
    response={**CRITERION_EXAMPLE, "weight": "3"},
)


@router.patch(
    "/awards/criteria/{criterion_id}",
    response=CriterionOut,
    openapi_extra=CRITERION_PATCH_EXAMPLE,
)
def criterion_update(request, criterion_id: int, payload: CriterionPatch):
    """Edit a criterion until judging opens: name, weight, maximum, guidance, code. Only the
    fields given change."""
    criterion = Criterion.objects.filter(pk=criterion_id).first()
    if criterion is None:
        raise NotFoundOrOutOfScope()
    return _criterion_patch(request, criterion, payload)


@router.patch(
    "/awards/programmes/{programme_id}/criteria/{code}",
    response=CriterionOut,
    openapi_extra=CRITERION_PATCH_EXAMPLE,
)
def criterion_update_by_code(request, programme_id: int, code: str, payload: CriterionPatch):
    """The same, with the criterion named by its stable code within the programme (codes stay
    when a criterion is renamed; scores may name criteria by code too)."""
    criterion = Criterion.objects.filter(programme_id=programme_id, code=code).first()
    if criterion is None:
        raise NotFoundOrOutOfScope()
    return _criterion_patch(request, criterion, payload)


@router.patch(
    "/awards/panel/{member_id}",
    response=PanelOut,
    openapi_extra=example(
        request={"person_id": None, "category_ids": [5, 6]},
        response={
            "id": 3,
            "user_id": 17,
            "username": "judge.somchai",
            "display_name": "นายสมชาย ใจดี",
            "person_id": None,
            "category_ids": [5, 6],
        },
    ),
)
def panel_update(request, member_id: int, payload: PanelPatch):
    """Change the categories a judge scores (none = all) and their registry record, until
    judging opens."""
    member = services.panel_member_update(
        actor=request.user,
        member_id=member_id,
        person_id=payload.person_id,
        category_ids=payload.category_ids,
    )
    return (
        PanelMember.objects.select_related("user").prefetch_related("categories").get(pk=member.pk)
    )


@router.post(
    "/awards/nominations/{nomination_id}/withdraw",
    response=NominationDetailOut,
    openapi_extra=example(
        request={"reason": "ผู้ถูกเสนอชื่อขอถอนตัว"},
        response={"id": 88, "status": "withdrawn", "screening_reason": "ผู้ถูกเสนอชื่อขอถอนตัว"},
    ),
)
def nomination_withdraw(request, nomination_id: int, payload: WithdrawIn):
    """Withdraw a nomination, with the reason (its nominator while nominations are open, a
    manager until judging opens)."""
    services.nomination_withdraw(
        actor=request.user, nomination_id=nomination_id, reason=payload.reason
    )
    return _nomination(request.user, nomination_id)


@router.post(
    "/awards/nominations/{nomination_id}/scorecards/{member_id}/reopen",
    response=CardSavedOut,
    openapi_extra=example(response={"nomination_id": 88, "submitted": False, "version": 4}),
)
def scorecard_reopen(request, nomination_id: int, member_id: int):
    """Reopen the submitted scorecard of one judge (`member_id`, a panel member) for one
    nomination, while judging is open, so the judge may correct it."""
    scorecard_id = (
        Scorecard.objects.filter(nomination_id=nomination_id, judge_id=member_id)
        .values_list("pk", flat=True)
        .first()
    )
    if scorecard_id is None:
        raise NotFoundOrOutOfScope()
    card = services.scorecard_reopen(actor=request.user, scorecard_id=scorecard_id)
    return {"nomination_id": nomination_id, "submitted": False, "version": card.version}


@router.put(
    "/awards/judging",
    response=list[CardSavedOut],
    openapi_extra=example(
        request={
            "cards": [
                {"nomination_id": 88, "scores": {"impact": 8, "c2": 9.5}, "submit": True},
                {"nomination_id": 91, "scores": {"impact": 7}, "comment": "รอดูหลักฐานเพิ่ม"},
            ]
        },
        response=[
            {"nomination_id": 88, "submitted": True, "version": 3},
            {"nomination_id": 91, "submitted": False, "version": 2},
        ],
    ),
)
def scorecards_save_many(request, payload: CardsIn):
    """Save, and submit where `submit` is true, many of your scorecards in one call. Scores name
    criteria by id or by code. All or nothing: one refused card stores none (422 naming the
    card, e.g. `cards.3.scores`)."""
    cards = services.scorecards_save_many(
        actor=request.user, cards=[card.model_dump(exclude_unset=True) for card in payload.cards]
    )
    return [
        {
            "nomination_id": card.nomination_id,
            "submitted": card.submitted_at is not None,
            "version": card.version,
        }
        for card in cards
    ]


@router.get(
    "/awards/rules",
    response=RulesOut,
    openapi_extra=example(response={"rules": "How a programme's results are computed …"}),
)
def rules(request):
    """The rule book of the results (how scores become a ranking, ties, quotas, normalisation):
    the results answer links here instead of repeating it."""
    return {"rules": scoring.RULES}

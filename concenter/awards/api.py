"""Honour awards over the API: a whole programme can be run through it (create, set up,
nominate, screen, assign, score, compute, decide ties, publish, download plaques).

Reads go through the selectors (a programme outside the reader's scope answers 404); every write
calls one service, which checks the scope and the rules again. A judge reaches only the
nominations assigned to them (`/awards/judging/...`); anything else answers 404. Scores travel as
strings or numbers and are answered as strings ("7.5"); final scores as strings with 4 places.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import reverse
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from concenter.accounts.scope import Access, can
from concenter.api.base import AUTH, BoundedPagination, OptionalAuth
from concenter.awards import exports, plaques, results, selectors, services
from concenter.awards.models import (
    Nomination,
    Programme,
    TieDecision,
)
from concenter.awards.schemas import (
    AssignIn,
    AssignmentsOut,
    CategoryIn,
    CategoryOut,
    ConflictDecisionIn,
    ConflictOut,
    CriterionIn,
    CriterionOut,
    DecisionOut,
    DeclareIn,
    EvidenceOut,
    JudgeAssignmentOut,
    LinkIn,
    NewPersonIn,
    NominationDetailOut,
    NominationIn,
    NominationOut,
    NominationPatch,
    PanelIn,
    PanelOut,
    ProgrammeDetailOut,
    ProgrammeIn,
    ProgrammeOut,
    ProgrammePatch,
    ProgressOut,
    PublishedWinnerOut,
    QuestionIn,
    QuestionOut,
    ResultsOut,
    ScorecardOut,
    ScoresIn,
    ScreenIn,
    SignatoriesIn,
    SignatoryOut,
    TieIn,
    TransitionIn,
    WinnerOut,
    _text,
)
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.people.services import PersonData

router = Router(tags=["awards"], auth=AUTH)


def _programme_detail(user, programme_id: int) -> Programme:
    programme = selectors.programme_visible(user=user, programme_id=programme_id)
    programme.setup = selectors.programme_setup(programme)
    if not can(user, Access.READ, programme.area_id):
        programme.setup["panel"] = None
    return programme


def _nomination(user, nomination_id: int) -> Nomination:
    return selectors.nomination_get(user=user, nomination_id=nomination_id)


def _person_data(new_person: NewPersonIn | None) -> tuple[PersonData | None, str]:
    if new_person is None:
        return None, ""
    data = new_person.model_dump()
    area_code = data.pop("area_code")
    return PersonData(**data), area_code


def _card(user, nomination_id: int) -> dict:
    card = selectors.judge_card_get(user=user, nomination_id=nomination_id)
    nomination = card.nomination
    return {
        "nomination_id": nomination.pk,
        "programme_id": nomination.programme_id,
        "programme_title": nomination.programme.title,
        "programme_status": nomination.programme.status,
        "nominee_name": nomination.nominee_name,
        "category_name": nomination.category.name if nomination.category_id else None,
        "statement": nomination.statement,
        "evidence": list(nomination.evidence.all()),
        "criteria": card.criteria,
        "scores": {str(k): _text(v) for k, v in card.score_map.items()},
        "comment": card.comment,
        "submitted_at": card.submitted_at,
        "conflicts": card.conflict_list,
        "version": card.version,
    }


def _row(row, outcome) -> dict:
    return {
        "nomination_id": row.nomination_id,
        "nominee_name": outcome.nominations[row.nomination_id].nominee_name,
        "category_id": row.category_id,
        "rank": row.rank,
        "final_score": None if row.final_score is None else str(row.final_score),
        "median": None if row.median is None else str(row.median),
        "scorecard_count": row.scorecard_count,
        "judge_scores": {str(k): str(v) for k, v in row.judge_scores.items()},
        "normalized_scores": (
            None
            if row.normalized_scores is None
            else {str(k): str(v) for k, v in row.normalized_scores.items()}
        ),
        "selected": row.selected,
        "selected_by": row.selected_by,
        "tied_with": sorted(row.tied_with),
    }


def _results_programme(user, programme_id: int) -> Programme:
    programme = selectors.programme_get(user=user, programme_id=programme_id)
    if not services.status_at_least(programme, "results"):
        raise NotFoundOrOutOfScope()
    return programme


# Programmes and their setup ----------------------------------------------------------------------


@router.get("/awards/programmes", response=list[ProgrammeOut])
@paginate(BoundedPagination)
def programme_list(request):
    """Programmes you read, and open programmes that cover an area you change (to nominate)."""
    return selectors.programme_list(user=request.user)


@router.post("/awards/programmes", response={201: ProgrammeDetailOut})
def programme_create(request, payload: ProgrammeIn):
    """Draft a programme for an area you may change (province, district or subdistrict)."""
    programme = services.programme_create(actor=request.user, **payload.model_dump())
    return Status(201, _programme_detail(request.user, programme.pk))


@router.get("/awards/programmes/{programme_id}", response=ProgrammeDetailOut)
def programme_detail(request, programme_id: int):
    return _programme_detail(request.user, programme_id)


@router.patch("/awards/programmes/{programme_id}", response=ProgrammeDetailOut)
def programme_update(request, programme_id: int, payload: ProgrammePatch):
    """Change settings (what may still change depends on the state; see the docs)."""
    fields = payload.model_dump(exclude_unset=True)
    version = fields.pop("version")
    services.programme_update(
        actor=request.user, programme_id=programme_id, expected_version=version, **fields
    )
    return _programme_detail(request.user, programme_id)


@router.post("/awards/programmes/{programme_id}/transition", response=ProgrammeDetailOut)
def programme_transition(request, programme_id: int, payload: TransitionIn):
    """Move the programme to the state `to`: open, screening (`early` closes nominations now),
    judging (from results: reopen, with `reason`), results (`allow_incomplete`), published."""
    services.programme_transition(
        actor=request.user,
        programme_id=programme_id,
        to=payload.to,
        expected_version=payload.version,
        early=payload.early,
        allow_incomplete=payload.allow_incomplete,
        reason=payload.reason,
    )
    return _programme_detail(request.user, programme_id)


@router.post("/awards/programmes/{programme_id}/categories", response={201: CategoryOut})
def category_add(request, programme_id: int, payload: CategoryIn):
    """A category: a profession of the registry (`profession_code`) or a free `name`."""
    return Status(
        201, services.category_add(actor=request.user, programme_id=programme_id, **payload.dict())
    )


@router.delete("/awards/categories/{category_id}", response={204: None})
def category_remove(request, category_id: int):
    services.category_remove(actor=request.user, category_id=category_id)
    return Status(204, None)


@router.post("/awards/programmes/{programme_id}/criteria", response={201: CriterionOut})
def criterion_add(request, programme_id: int, payload: CriterionIn):
    return Status(
        201,
        services.criterion_add(actor=request.user, programme_id=programme_id, **payload.dict()),
    )


@router.delete("/awards/criteria/{criterion_id}", response={204: None})
def criterion_remove(request, criterion_id: int):
    services.criterion_remove(actor=request.user, criterion_id=criterion_id)
    return Status(204, None)


@router.post("/awards/programmes/{programme_id}/questions", response={201: QuestionOut})
def question_add(request, programme_id: int, payload: QuestionIn):
    """A yes/no eligibility question answered for each nomination during screening."""
    return Status(
        201,
        services.eligibility_check_add(
            actor=request.user, programme_id=programme_id, question=payload.question
        ),
    )


@router.put("/awards/programmes/{programme_id}/signatories", response=list[SignatoryOut])
def signatories_set(request, programme_id: int, payload: SignatoriesIn):
    """Replace the names and positions printed under the plaques (at most 3)."""
    return services.signatories_set(
        actor=request.user,
        programme_id=programme_id,
        signatories=[(s.name, s.position) for s in payload.signatories],
    )


@router.post("/awards/programmes/{programme_id}/emblem", response=ProgrammeOut)
def emblem_upload(request, programme_id: int, file: File[UploadedFile] = None):
    """The emblem or logo printed on the plaques (multipart `file`: JPEG, PNG or WebP)."""
    selectors.programme_get(user=request.user, programme_id=programme_id, access=Access.CHANGE)
    return services.programme_emblem_set(actor=request.user, programme_id=programme_id, upload=file)


@router.post("/awards/programmes/{programme_id}/panel", response={201: PanelOut})
def panel_add(request, programme_id: int, payload: PanelIn):
    """Put a user with the judge role on the panel (optionally their registry record, for
    conflict flags, and the categories they score; none = all)."""
    member = services.panel_member_add(
        actor=request.user, programme_id=programme_id, **payload.dict()
    )
    return Status(201, member)


@router.delete("/awards/panel/{member_id}", response={204: None})
def panel_remove(request, member_id: int):
    services.panel_member_remove(actor=request.user, member_id=member_id)
    return Status(204, None)


# Nominations -------------------------------------------------------------------------------------


@router.get("/awards/programmes/{programme_id}/nominations", response=list[NominationOut])
@paginate(BoundedPagination)
def nomination_list(request, programme_id: int, status: str | None = None):
    """The programme's nominations (a nominator who does not read the area: their own)."""
    programme = selectors.programme_visible(user=request.user, programme_id=programme_id)
    return selectors.nomination_list(user=request.user, programme=programme, status=status)


@router.post("/awards/programmes/{programme_id}/nominations", response={201: NominationDetailOut})
def nomination_create(request, programme_id: int, payload: NominationIn):
    """Nominate a registry record (`person_id`, `organization_id` or `center_code`, by the
    programme's kind) or a `new_person` registered through the people registry."""
    new_person, area_code = _person_data(payload.new_person)
    nomination = services.nomination_create(
        actor=request.user,
        programme_id=programme_id,
        statement=payload.statement,
        category_id=payload.category_id,
        person_id=payload.person_id,
        organization_id=payload.organization_id,
        center_code=payload.center_code,
        new_person=new_person,
        new_person_area_code=area_code,
        national_id=payload.national_id,
        confirm_new_person=payload.confirm_new_person,
        citation=payload.citation,
        nominator_relation=payload.nominator_relation,
    )
    return Status(201, _nomination(request.user, nomination.pk))


@router.get("/awards/nominations/{nomination_id}", response=NominationDetailOut)
def nomination_detail(request, nomination_id: int):
    return _nomination(request.user, nomination_id)


@router.patch("/awards/nominations/{nomination_id}", response=NominationDetailOut)
def nomination_update(request, nomination_id: int, payload: NominationPatch):
    fields = payload.model_dump(exclude_unset=True)
    version = fields.pop("version")
    _nomination(request.user, nomination_id)
    services.nomination_update(
        actor=request.user, nomination_id=nomination_id, expected_version=version, **fields
    )
    return _nomination(request.user, nomination_id)


@router.post("/awards/nominations/{nomination_id}/link", response=NominationDetailOut)
def nomination_link(request, nomination_id: int, payload: LinkIn):
    """Link a nomination (one from the public form) to its registry record or a new person."""
    new_person, area_code = _person_data(payload.new_person)
    services.nomination_link(
        actor=request.user,
        nomination_id=nomination_id,
        person_id=payload.person_id,
        organization_id=payload.organization_id,
        center_code=payload.center_code,
        new_person=new_person,
        new_person_area_code=area_code,
        national_id=payload.national_id,
        confirm_new_person=payload.confirm_new_person,
        expected_version=payload.version,
    )
    return _nomination(request.user, nomination_id)


@router.post("/awards/nominations/{nomination_id}/evidence", response={201: EvidenceOut})
def evidence_add(
    request, nomination_id: int, file: File[UploadedFile] = None, note: Form[str] = ""
):
    """Attach evidence (multipart `file`: a PDF or an image of at most 10 MB, checked by its
    content) until judging opens."""
    _nomination(request.user, nomination_id)
    return Status(
        201,
        services.evidence_add(
            actor=request.user, nomination_id=nomination_id, upload=file, note=note
        ),
    )


@router.post("/awards/nominations/{nomination_id}/photo", response=NominationDetailOut)
def photo_upload(request, nomination_id: int, file: File[UploadedFile] = None):
    """The nominee's photo for the hall of fame (multipart `file`, an image)."""
    _nomination(request.user, nomination_id)
    services.nomination_photo_set(actor=request.user, nomination_id=nomination_id, upload=file)
    return _nomination(request.user, nomination_id)


@router.post("/awards/nominations/{nomination_id}/screen", response=NominationDetailOut)
def nomination_screen(request, nomination_id: int, payload: ScreenIn):
    """Eligible or not (with a reason), during screening. `answers` maps each question's id to
    true/false; `confirm_unchecked` confirms the rules the data cannot check."""
    services.nomination_screen(
        actor=request.user,
        nomination_id=nomination_id,
        eligible=payload.eligible,
        reason=payload.reason,
        answers=payload.answers,
        confirm_unchecked=payload.confirm_unchecked,
        expected_version=payload.version,
    )
    return _nomination(request.user, nomination_id)


@router.post("/awards/programmes/{programme_id}/assignments", response=AssignmentsOut)
def assignments_generate(request, programme_id: int):
    """Assign every nomination in the running to the judges of its category (screening)."""
    return {
        "assignments": services.assignments_generate(actor=request.user, programme_id=programme_id)
    }


@router.put("/awards/nominations/{nomination_id}/assignments", response=list[int])
def assignment_set(request, nomination_id: int, payload: AssignIn):
    """Exactly these panel members (ids) score this nomination (screening)."""
    cards = services.assignment_set(
        actor=request.user, nomination_id=nomination_id, judge_ids=payload.judge_ids
    )
    return [card.judge_id for card in cards]


@router.get("/awards/programmes/{programme_id}/progress", response=ProgressOut)
def progress(request, programme_id: int):
    """Scorecards per judge and per nomination: submitted, complete, in_progress, not_started,
    flagged (a possible conflict to answer), conflict."""
    programme = selectors.programme_get(user=request.user, programme_id=programme_id)
    return selectors.programme_progress(programme)


# The judge's scorecards --------------------------------------------------------------------------


@router.get("/awards/judging", response=list[JudgeAssignmentOut])
def judging_list(request):
    """The nominations assigned to you, from the moment judging opens."""
    items = []
    for programme, cards in selectors.judge_assignments(user=request.user):
        for card in cards:
            states = card.conflict_states
            items.append(
                {
                    "nomination_id": card.nomination_id,
                    "programme_id": programme.pk,
                    "programme_title": programme.title,
                    "nominee_name": card.nomination.nominee_name,
                    "category_name": card.nomination.category.name
                    if card.nomination.category_id
                    else None,
                    "scored": card.score_count,
                    "criteria": card.criteria_count,
                    "submitted": card.submitted_at is not None,
                    "conflict": "confirmed"
                    if "confirmed" in states
                    else ("pending" if "pending" in states else None),
                }
            )
    return items


@router.get("/awards/judging/{nomination_id}", response=ScorecardOut)
def scorecard_detail(request, nomination_id: int):
    """Your scorecard for an assigned nomination (404 for any other nomination)."""
    return _card(request.user, nomination_id)


@router.put("/awards/judging/{nomination_id}", response=ScorecardOut)
def scorecard_save(request, nomination_id: int, payload: ScoresIn):
    """Save scores as you go: `scores` maps criterion ids to a number from 0 to the maximum in
    whole or half points (null clears one). One bad value saves nothing (422)."""
    services.scorecard_save(
        actor=request.user,
        nomination_id=nomination_id,
        scores=payload.scores,
        comment=payload.comment,
        expected_version=payload.version,
    )
    return _card(request.user, nomination_id)


@router.post("/awards/judging/{nomination_id}/submit", response=ScorecardOut)
def scorecard_submit(request, nomination_id: int):
    """Submit a complete scorecard; it then counts and cannot change."""
    services.scorecard_submit(actor=request.user, nomination_id=nomination_id)
    return _card(request.user, nomination_id)


@router.post("/awards/judging/{nomination_id}/conflicts", response={201: ConflictOut})
def conflict_declare(request, nomination_id: int, payload: DeclareIn):
    """Declare a conflict of interest: you then do not score this nomination."""
    return Status(
        201,
        services.conflict_declare(
            actor=request.user, nomination_id=nomination_id, detail=payload.detail
        ),
    )


@router.post("/awards/judging/conflicts/{conflict_id}", response=ConflictOut)
def conflict_decide(request, conflict_id: int, payload: ConflictDecisionIn):
    """Confirm a possible conflict flagged from the registry, or dismiss it with a note."""
    return services.conflict_decide(
        actor=request.user, conflict_id=conflict_id, confirm=payload.confirm, note=payload.note
    )


# Results, ties, plaques --------------------------------------------------------------------------


@router.get("/awards/programmes/{programme_id}/results", response=ResultsOut)
def results_detail(request, programme_id: int):
    """The ranking as computed now (`rules_url` links to the rule book that explains how), with every judge's score behind each
    figure, the pending ties and the committee's decisions. From the results state on."""
    programme = _results_programme(request.user, programme_id)
    outcome = results.programme_results(programme)
    r = outcome.results
    return {
        "programme_id": programme.pk,
        "status": programme.status,
        "complete": r.complete,
        "normalized": r.normalized,
        "usable_scorecards": r.usable_scorecards,
        "ignored_conflicted": r.ignored_conflicted,
        "ignored_unsubmitted": r.ignored_unsubmitted,
        "ignored_incomplete": r.ignored_incomplete,
        "rows": [_row(row, outcome) for row in r.rows],
        "not_rankable": [_row(row, outcome) for row in r.not_rankable],
        "pending_ties": [
            {
                "stage": tie.stage,
                "category_id": tie.category_id,
                "nomination_ids": sorted(tie.nomination_ids),
                "places": tie.places,
            }
            for tie in r.pending_ties
        ],
        "decisions": [_decision(d, outcome) for d in outcome.decisions],
        "rules_url": reverse("api:api-root") + "awards/rules",
    }


def _decision(decision: TieDecision, outcome) -> dict:
    return {
        "id": decision.pk,
        "stage": decision.stage,
        "category_id": decision.category_id,
        "nomination_ids": decision.nomination_ids,
        "selected_ids": decision.selected_ids,
        "reason": decision.reason,
        "decided_by": str(decision.decided_by) if decision.decided_by_id else None,
        "created_at": decision.created_at,
        "used": outcome.decision_used(decision),
    }


@router.post("/awards/programmes/{programme_id}/ties", response={201: DecisionOut})
def tie_decide(request, programme_id: int, payload: TieIn):
    """Record the committee's decision on a pending tie: exactly its nominations, exactly as
    many selected as there are places, and the reason."""
    decision = services.tie_decide(
        actor=request.user,
        programme_id=programme_id,
        nomination_ids=payload.nomination_ids,
        selected_ids=payload.selected_ids,
        reason=payload.reason,
    )
    programme = selectors.programme_get(user=request.user, programme_id=programme_id)
    return Status(201, _decision(decision, results.programme_results(programme)))


def _binary(content: bytes, content_type: str, name: str, *, inline: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.get("/awards/programmes/{programme_id}/results.xlsx")
def results_xlsx(request, programme_id: int):
    """The results as an XLSX workbook (ranking, every scorecard, ties and decisions)."""
    programme = _results_programme(request.user, programme_id)
    return _binary(
        exports.results_workbook(results.programme_results(programme, with_scores=True)),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"results-{programme.pk}.xlsx",
        inline=False,
    )


@router.get("/awards/programmes/{programme_id}/plaques.pdf")
def plaques_pdf(request, programme_id: int):
    """Every winner's plaque, one A4 landscape page each (once the results are complete)."""
    programme = _results_programme(request.user, programme_id)
    return _binary(
        plaques.plaques_pdf(programme),
        "application/pdf",
        f"plaques-{programme.pk}.pdf",
        inline=True,
    )


@router.get("/awards/nominations/{nomination_id}/plaque.pdf")
def plaque_pdf(request, nomination_id: int):
    """One winner's plaque."""
    nomination = _nomination(request.user, nomination_id)
    programme = _results_programme(request.user, nomination.programme_id)
    return _binary(
        plaques.plaques_pdf(programme, nomination_id=nomination.pk),
        "application/pdf",
        f"plaque-{nomination.pk}.pdf",
        inline=True,
    )


# Public: the published winners -------------------------------------------------------------------


@router.get(
    "/awards/programmes/{programme_id}/winners",
    response=list[PublishedWinnerOut],
    auth=OptionalAuth(),
)
def winners(request, programme_id: int):
    """The winners of a published programme in the order of presentation (public)."""
    if not Programme.objects.filter(pk=programme_id, status="published").exists():
        raise NotFoundOrOutOfScope()
    return selectors.programme_published_winners(programme_id=programme_id)


@router.get("/awards/hall-of-fame", response=list[WinnerOut], auth=OptionalAuth())
@paginate(BoundedPagination)
def hall_of_fame(request, area: str | None = None):
    """Winners of published programmes (public, no contact data), optionally of one area."""
    code = "".join(ch for ch in (area or "")[:8] if ch.isdigit())
    winners = (
        selectors.hall_of_fame_area(area_code=code)
        if code
        else list(
            Nomination.objects.filter(programme__status="published", selected=True)
            .select_related("category", "area", "programme")
            .order_by("-programme__year", "programme_id", "plaque_number")[:1000]
        )
    )
    return [
        {
            "nomination_id": n.pk,
            "programme_id": n.programme_id,
            "programme_title": n.programme.title,
            "year": n.programme.be_year,
            "display_name": n.nominee_name,
            "category_label": n.category.name if n.category_id else "",
            "citation": n.citation,
            "area_name": n.area.display_name,
            "plaque_number": n.plaque_number or 0,
        }
        for n in winners
    ]

"""Screening, judges' assignments, progress, and the judge's own pages (scorecards, conflicts)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from concenter.accounts.scope import Access
from concenter.awards import selectors, services
from concenter.awards.forms import (
    ConflictDecisionForm,
    DeclareForm,
    ScorecardForm,
    ScreenForm,
)
from concenter.awards.models import (
    NominationStatus,
)
from concenter.awards.views._common import S, _context, _error_text, _managed_programme
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.common.forms import apply_errors
from concenter.common.submit import form_submit


def _screening_page(request, programme, *, status: int = 200, errors=None) -> HttpResponse:
    rows, questions = selectors.screening_rows(programme)
    forms = errors or {}
    for row in rows:
        row.form = forms.get(row.nomination.pk) or ScreenForm(
            questions=questions,
            answers=row.nomination.check_answers,
            initial={"version": row.nomination.version},
            prefix=f"n{row.nomination.pk}",
        )
    return render(
        request,
        "awards/screening.html",
        _context(request, programme, rows=rows, questions=questions),
        status=status,
    )


@login_required
@require_GET
def screening(request: HttpRequest, programme_id: int) -> HttpResponse:
    return _screening_page(request, _managed_programme(request, programme_id))


@login_required
@require_POST
def nomination_screen(request: HttpRequest, nomination_id: int) -> HttpResponse:
    nomination = selectors.nomination_get(
        user=request.user, nomination_id=nomination_id, access=Access.CHANGE
    )
    programme = nomination.programme
    form = ScreenForm(
        request.POST,
        questions=list(programme.eligibility_checks.all()),
        prefix=f"n{nomination.pk}",
    )
    done = form_submit(
        request,
        form,
        lambda data: services.nomination_screen(
            actor=request.user,
            nomination_id=nomination.pk,
            eligible=data["decision"] == "eligible",
            reason=data["reason"],
            answers=form.answers(),
            confirm_unchecked=data["confirm_unchecked"],
            expected_version=data.get("version"),
        ),
        success=_("Screened: %(name)s") % {"name": nomination.nominee_name},
        redirect_to=reverse("awards:screening", args=[programme.pk]) + f"#n{nomination.pk}",
    )
    return done or _screening_page(request, programme, status=422, errors={nomination.pk: form})


@login_required
@require_http_methods(["GET", "POST"])
def assignments(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = _managed_programme(request, programme_id)
    if request.method == "POST":
        try:
            if "nomination" in request.POST:
                nomination_id = int(request.POST["nomination"])
                if not programme.nominations.filter(pk=nomination_id).exists():
                    raise NotFoundOrOutOfScope()
                services.assignment_set(
                    actor=request.user,
                    nomination_id=nomination_id,
                    judge_ids=[int(i) for i in request.POST.getlist("judges")],
                )
                messages.success(request, _("Judges assigned."))
            else:
                count = services.assignments_generate(actor=request.user, programme_id=programme.pk)
                messages.success(
                    request, _("%(count)s assignments made from the panel.") % {"count": count}
                )
        except (ValueError, TypeError):
            messages.error(request, _("Unknown judge."))
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        return redirect("awards:assignments", programme.pk)
    rows, _questions = selectors.screening_rows(programme)
    panel = selectors.panel_of(programme)
    for row in rows:
        row.judge_ids = {j.pk for j in row.judges}
    return render(
        request,
        "awards/assignments.html",
        _context(
            request,
            programme,
            rows=[r for r in rows if r.nomination.status != NominationStatus.INELIGIBLE],
            panel=panel,
        ),
    )


@login_required
@require_GET
def progress(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = selectors.programme_get(user=request.user, programme_id=programme_id)
    return render(
        request,
        "awards/progress.html",
        _context(request, programme, progress=selectors.programme_progress(programme)),
    )


@login_required
@require_POST
def scorecard_reopen(request: HttpRequest, programme_id: int, scorecard_id: int) -> HttpResponse:
    programme = _managed_programme(request, programme_id)
    try:
        services.scorecard_reopen(actor=request.user, scorecard_id=scorecard_id)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("The scorecard is open again for its judge."))
    return redirect("awards:progress", programme.pk)


@login_required
@require_GET
def judging_home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "awards/judging_home.html",
        {"assignments": selectors.judge_assignments(user=request.user)},
    )


def _card_page(request, card, *, form=None, status: int = 200) -> HttpResponse:
    programme = card.nomination.programme
    blocked = any(c.status != "dismissed" for c in card.conflict_list)
    return render(
        request,
        "awards/judging_card.html",
        {
            "card": card,
            "nomination": card.nomination,
            "programme": programme,
            "form": form
            or ScorecardForm(
                criteria=card.criteria, scores=card.score_map, initial={"comment": card.comment}
            ),
            "declare_form": DeclareForm(),
            "decision_form": ConflictDecisionForm(),
            "open": programme.status == S.JUDGING and not card.submitted and not blocked,
            "judging": programme.status == S.JUDGING,
            "complete": len(card.score_map) == len(card.criteria),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def judging_card(request: HttpRequest, nomination_id: int) -> HttpResponse:
    """The judge's scorecard. A POST saves the scores typed so far (htmx saves each change as
    it is made and gets the status line back)."""
    card = selectors.judge_card_get(user=request.user, nomination_id=nomination_id)
    if request.method == "GET":
        return _card_page(request, card)
    form = ScorecardForm(request.POST, criteria=card.criteria, scores=card.score_map)
    error = None
    if form.is_valid():
        try:
            services.scorecard_save(
                actor=request.user,
                nomination_id=nomination_id,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
            error = exc
    if request.htmx:
        card = selectors.judge_card_get(user=request.user, nomination_id=nomination_id)
        return render(
            request,
            "awards/_card_status.html",
            {
                "card": card,
                "form": form,
                "error": error,
                "saved": error is None and form.is_valid(),
            },
        )  # 200 even when refused: htmx swaps only successful answers; the partial says why
    if error is None and form.is_valid():
        messages.success(request, _("Scores saved."))
        return redirect("awards:judging_card", nomination_id)
    card = selectors.judge_card_get(user=request.user, nomination_id=nomination_id)
    return _card_page(request, card, form=form, status=422)


@login_required
@require_POST
def judging_submit(request: HttpRequest, nomination_id: int) -> HttpResponse:
    card = selectors.judge_card_get(user=request.user, nomination_id=nomination_id)
    form = ScorecardForm(request.POST, criteria=card.criteria, scores=card.score_map)
    try:
        if form.is_valid() and any(k.startswith("criterion_") for k in request.POST):
            services.scorecard_save(
                actor=request.user,
                nomination_id=nomination_id,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )
        services.scorecard_submit(actor=request.user, nomination_id=nomination_id)
    except ValidationError as exc:
        apply_errors(form, exc)
        card = selectors.judge_card_get(user=request.user, nomination_id=nomination_id)
        return _card_page(request, card, form=form, status=422)
    messages.success(request, _("Scorecard submitted. Thank you."))
    return redirect("awards:judging_home")


@login_required
@require_POST
def judging_declare(request: HttpRequest, nomination_id: int) -> HttpResponse:
    card = selectors.judge_card_get(user=request.user, nomination_id=nomination_id)
    form = DeclareForm(request.POST)
    try:
        services.conflict_declare(
            actor=request.user,
            nomination_id=nomination_id,
            detail=form.cleaned_data["detail"] if form.is_valid() else "",
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return _card_page(request, card, status=422)
    messages.success(
        request, _("Your conflict of interest is recorded: you do not score this nomination.")
    )
    return redirect("awards:judging_card", nomination_id)


@login_required
@require_POST
def judging_conflict(request: HttpRequest, nomination_id: int, conflict_id: int) -> HttpResponse:
    card = selectors.judge_card_get(user=request.user, nomination_id=nomination_id)
    if not any(c.pk == conflict_id for c in card.conflict_list):
        raise NotFoundOrOutOfScope()
    form = ConflictDecisionForm(request.POST)
    decision = form.cleaned_data["decision"] if form.is_valid() else ""
    try:
        if decision not in ("confirm", "dismiss"):
            raise ValidationError({"decision": _("Say whether this is a conflict of interest.")})
        services.conflict_decide(
            actor=request.user,
            conflict_id=conflict_id,
            confirm=decision == "confirm",
            note=form.cleaned_data.get("note", ""),
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return _card_page(request, card, status=422)
    messages.success(request, _("Saved."))
    return redirect("awards:judging_card", nomination_id)

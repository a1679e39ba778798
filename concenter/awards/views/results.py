"""Results, ties and the plaques."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from concenter.accounts.scope import Access, can
from concenter.awards import exports, plaques, results, scoring, selectors, services
from concenter.awards.forms import (
    TieForm,
)
from concenter.awards.models import (
    STATUS_ORDER,
    Programme,
)
from concenter.awards.views._common import S, _context, _error_text, _managed_programme
from concenter.common.errors import NotFoundOrOutOfScope

RANKING_PAGE_SIZE = 100


def _results_programme(request, programme_id: int) -> Programme:
    programme = selectors.programme_get(user=request.user, programme_id=programme_id)
    if STATUS_ORDER[programme.status] < STATUS_ORDER[S.RESULTS]:
        raise NotFoundOrOutOfScope()
    return programme


@login_required
@require_GET
def results_page(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = selectors.programme_get(user=request.user, programme_id=programme_id)
    context = _context(request, programme, rules_text=scoring.RULES)
    if STATUS_ORDER[programme.status] >= STATUS_ORDER[S.RESULTS]:
        outcome = results.programme_results(programme)
        context["outcome"] = outcome
        # A national programme ranks ≈ 10,000 nominations: the ranking in pages (the export
        # holds it whole).
        context["ranking"] = Paginator(outcome.rows, RANKING_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        context["tie_forms"] = [
            (
                tie,
                outcome.tie_label(tie),
                TieForm(
                    nominations=outcome.tie_nominations(tie),
                    initial={
                        "nomination_ids": ",".join(str(i) for i in sorted(tie.nomination_ids))
                    },
                    prefix=f"tie{index}",
                ),
            )
            for index, tie in enumerate(outcome.results.pending_ties)
        ]
    return render(request, "awards/results.html", context)


@login_required
@require_GET
def results_nomination(request: HttpRequest, programme_id: int, nomination_id: int) -> HttpResponse:
    programme = _results_programme(request, programme_id)
    outcome = results.programme_results(programme, with_scores=[nomination_id])
    nomination = outcome.nominations.get(nomination_id)
    if nomination is None:
        raise NotFoundOrOutOfScope()
    row = outcome.row_of(nomination_id)
    return render(
        request,
        "awards/results_nomination.html",
        _context(
            request,
            programme,
            outcome=outcome,
            nomination=nomination,
            row=row,
            tied=[outcome.nominations[i] for i in sorted(row.tied_with)] if row else [],
            cards=outcome.cards[nomination_id],
        ),
    )


@login_required
@require_GET
def results_judge(request: HttpRequest, programme_id: int, judge_id: int) -> HttpResponse:
    programme = _results_programme(request, programme_id)
    outcome = results.programme_results(programme)
    judge = outcome.judges.get(judge_id)
    if judge is None:
        raise NotFoundOrOutOfScope()
    cards = [(outcome.nominations[nid], view) for nid, view in outcome.cards.of_judge(judge_id)]
    cards.sort(key=lambda item: item[0].sort_key)
    return render(
        request,
        "awards/results_judge.html",
        _context(
            request,
            programme,
            outcome=outcome,
            judge=judge,
            stats=outcome.judge_stats.get(judge_id),
            cards=cards,
        ),
    )


@login_required
@require_GET
def results_xlsx(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = _results_programme(request, programme_id)
    content = exports.results_workbook(results.programme_results(programme, with_scores=True))
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="results-{programme.pk}.xlsx"'
    return response


@login_required
@require_POST
def tie_decide(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = _managed_programme(request, programme_id)
    prefix = request.POST.get("prefix", "tie0")[:10]
    raw_ids = request.POST.get(f"{prefix}-nomination_ids", "")
    try:
        tied = [int(i) for i in raw_ids.split(",") if i.strip()]
    except ValueError:
        tied = []
    nominations = list(programme.nominations.filter(pk__in=tied))
    form = TieForm(request.POST, nominations=nominations, prefix=prefix)
    if form.is_valid():
        try:
            services.tie_decide(
                actor=request.user,
                programme_id=programme.pk,
                nomination_ids=tied,
                selected_ids=[int(i) for i in form.cleaned_data["selected"]],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("The decision is recorded and the results recomputed."))
    else:
        messages.error(request, _error_text(ValidationError(form.errors)) if form.errors else "")
    return redirect("awards:results", programme.pk)


def _pdf_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def plaques_pdf(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = _results_programme(request, programme_id)
    try:
        content = plaques.plaques_pdf(programme)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect("awards:results", programme.pk)
    return _pdf_response(content, f"plaques-{programme.pk}")


@login_required
@require_GET
def plaque_pdf(request: HttpRequest, nomination_id: int) -> HttpResponse:
    nomination = selectors.nomination_get(user=request.user, nomination_id=nomination_id)
    programme = nomination.programme
    if not can(request.user, Access.READ, programme.area_id) or not nomination.selected:
        raise NotFoundOrOutOfScope()
    try:
        content = plaques.plaques_pdf(programme, nomination_id=nomination.pk)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect(nomination.get_absolute_url())
    return _pdf_response(content, f"plaque-{nomination.pk}")

"""Award results: the pure scoring engine (concenter.awards.scoring.compute_results) on a
synthetic programme of N nominations × J judges × C criteria, every judge scoring every
nomination, a few conflicts, drafts and incomplete cards, 20 places in all."""

import random
import time
from decimal import Decimal

from concenter.bench.stats import summary_ms


def programme(*, nominations: int, judges: int, criteria: int, seed: int) -> dict:
    from concenter.awards.scoring import Conflict, Criterion, Nomination, Quotas, Scorecard

    rng = random.Random(seed)  # noqa: S311 - not secrets
    crits = [
        Criterion(id=f"c{i}", weight=Decimal(rng.choice((10, 15, 20, 25))), max_score=Decimal(10))
        for i in range(criteria)
    ]
    categories = 11  # professions
    noms = [
        Nomination(id=n, category_id=n % categories, eligible=rng.random() > 0.02)
        for n in range(nominations)
    ]
    halves = [Decimal(k) / 2 for k in range(21)]
    cards = []
    for nomination in noms:
        for judge in range(judges):
            scores = {crit.id: rng.choice(halves) for crit in crits}
            complete = rng.random() > 0.01
            if not complete:
                scores.pop(crits[0].id)
            cards.append(
                Scorecard(
                    nomination_id=nomination.id,
                    judge_id=judge,
                    scores=scores,
                    submitted=rng.random() > 0.01,
                    complete=complete,
                )
            )
    conflicts = [
        Conflict(nomination_id=rng.randrange(nominations), judge_id=rng.randrange(judges))
        for _ in range(nominations // 100)
    ]
    return {
        "criteria": crits,
        "nominations": noms,
        "scorecards": cards,
        "conflicts": conflicts,
        "quotas": Quotas(total=20, per_category={c: 1 for c in range(categories)}),
        "min_scorecards": max(1, judges - 2),
    }


def measure(
    *, nominations: int = 10_000, judges: int = 7, criteria: int = 6, repeat: int = 5, seed: int = 1
) -> dict:
    from concenter.awards.scoring import compute_results

    inputs = programme(nominations=nominations, judges=judges, criteria=criteria, seed=seed)
    result = {}
    for normalize in (False, True):
        durations = []
        for _ in range(repeat):
            started = time.perf_counter()
            results = compute_results(**inputs, normalize=normalize)
            durations.append(time.perf_counter() - started)
        result["normalized" if normalize else "raw"] = {
            **summary_ms(durations),
            "best_ms": round(min(durations) * 1000, 3),
            "ranked": len(results.rows),
            "selected": len(results.selected),
            "pending_ties": len(results.pending_ties),
        }
    return {
        "nominations": nominations,
        "judges": judges,
        "criteria": criteria,
        "scorecards": len(inputs["scorecards"]),
        **result,
    }

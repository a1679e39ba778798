"""Search: 200 queries of four kinds (Thai, romanised, misspelt, short) drawn from the people
stored, each through the search selector the pages and the API call (`person_search`)."""

import random

from concenter.bench.stats import summary_ms, timed

KINDS = ("thai", "romanised", "misspelt", "short")
THAI_LETTERS = "กขคงจชซดตถทนบปผพฟมยรลวสหอฮ"


def _misspell(rng: random.Random, text: str) -> str:
    """One wrong, missing, extra or swapped letter (not the first one)."""
    if len(text) < 3:
        return text
    i = rng.randrange(1, len(text) - 1)
    edit = rng.choice(("replace", "delete", "insert", "swap"))
    if edit == "replace":
        return text[:i] + rng.choice(THAI_LETTERS) + text[i + 1 :]
    if edit == "delete":
        return text[:i] + text[i + 1 :]
    if edit == "insert":
        return text[:i] + rng.choice(THAI_LETTERS) + text[i:]
    return text[: i - 1] + text[i] + text[i - 1] + text[i + 1 :]


def make_queries(*, count: int = 200, seed: int = 1) -> list[tuple[str, str]]:
    """`count` (kind, query) pairs, a quarter of each kind, from names stored in the database."""
    from concenter.common.thai import romanize_name
    from concenter.people.models import Person

    rng = random.Random(seed)  # noqa: S311 - not secrets
    names = list(Person.objects.order_by("pk").values_list("given_name", "family_name")[:20_000])
    if not names:
        return []
    queries = []
    for index in range(count):
        kind = KINDS[index % len(KINDS)]
        given, family = rng.choice(names)
        if kind == "thai":
            # a full name, a given name, or the start of one
            query = rng.choice((f"{given} {family}", given, given[: max(3, len(given) - 1)]))
        elif kind == "romanised":
            query = romanize_name(rng.choice((given, f"{given} {family}"))) or given
        elif kind == "misspelt":
            query = _misspell(rng, given)
        else:
            query = given[: rng.choice((1, 2))]
        queries.append((kind, query))
    return queries


def measure(user, *, queries: list[tuple[str, str]], limit: int = 20) -> dict:
    """p50/p95 over all queries and per kind, each query run once warm (after one pass)."""
    from concenter.common.search import SearchTooBroad, person_search

    def answer(query: str) -> list:
        try:
            return person_search(user=user, query=query, limit=limit)
        except SearchTooBroad:  # stopped at the time limit: counted, and no hit
            too_broad.append(query)
            return []

    too_broad: list[str] = []
    for _kind, query in queries:  # one pass to warm the caches
        answer(query)
    too_broad.clear()
    by_kind: dict[str, list[float]] = {kind: [] for kind in KINDS}
    found: dict[str, int] = dict.fromkeys(KINDS, 0)
    for kind, query in queries:
        hits: list = []

        def search(query=query, hits=hits):
            hits[:] = answer(query)

        by_kind[kind].extend(timed(search, warmup=0, repeat=1))
        found[kind] += bool(hits)
    everything = [t for times in by_kind.values() for t in times]
    return {
        "queries": len(queries),
        "limit": limit,
        "all": summary_ms(everything),
        "by_kind": {kind: summary_ms(times) for kind, times in by_kind.items()},
        "found_share": {
            kind: round(found[kind] / len(by_kind[kind]), 2) if by_kind[kind] else None
            for kind in KINDS
        },
        "examples": [query for _kind, query in queries[:8]],
        "too_broad": too_broad,
    }

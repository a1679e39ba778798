"""The benchmark harness of issue #9 (`concenter bench`, `make bench`).

`harness.run_bench()` builds a synthetic network (concenter.synth) in a fresh database per
engine (SQLite and/or PostgreSQL), measures imports, dashboards, search, pages under load, award
results and documents, and returns one dictionary that `report` writes to bench/results.json and
to the table in docs/performance.md. Everything that touches a database runs in a child process
whose environment names that database (`runner`), so the harness itself never touches the
developer's database. See docs/performance.md.

An installed app only so that its management command is found; it has no models. Like
`concenter.synth` it sits above the domain apps, and nothing in the domain imports it.
"""

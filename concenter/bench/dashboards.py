"""Dashboards, warm: server time of the whole request (Django's handler, every middleware,
the template) against the smallest plain SQL that computes the same headline figures from the
records, on the same database (the floor)."""

from datetime import date

from django.db import connection

from concenter.bench.stats import summary_ms, timed
from concenter.common import clock
from concenter.network.rollups import NATIONAL

# The headline figures of a dashboard straight from the records, one statement; {where} filters
# a table by the area's ancestor column (nothing for the nation). Dates are today's.
FLOOR_SQL = """
SELECT
  (SELECT COUNT(*) FROM network_center c WHERE {where_c}) AS centers,
  (SELECT COUNT(*) FROM network_committeeterm t
     JOIN network_center c ON c.area_id = t.center_id
    WHERE {where_c} AND t.status = 'active' AND t.starts_on <= %s AND t.ends_on >= %s)
    AS valid_committees,
  (SELECT COUNT(*) FROM network_seat s
     JOIN network_committeeterm t ON t.id = s.term_id
     JOIN network_center c ON c.area_id = t.center_id
    WHERE {where_c} AND t.status = 'active' AND t.starts_on <= %s AND t.ends_on >= %s
      AND s.ends_on IS NULL AND s.position <> 'advisor') AS seats,
  (SELECT COUNT(*) FROM network_organization o WHERE {where_o} AND o.status <> 'dissolved')
    AS organizations,
  (SELECT SUM(o.member_count) FROM network_organization o
    WHERE {where_o} AND o.status <> 'dissolved') AS members,
  (SELECT SUM(o.funds) FROM network_organization o WHERE {where_o} AND o.status <> 'dissolved')
    AS funds,
  (SELECT COUNT(*) FROM people_person p WHERE {where_p}) AS people
"""

ROLLUP_SQL = "SELECT metric, key, value FROM network_rollup WHERE area_code = %s"

COLUMNS = {2: "province_code", 4: "district_code", 6: "subdistrict_code"}


def floor_query(code: str, on: date) -> tuple[str, list]:
    """The floor statement for area `code` ("TH" for the nation) and its parameters."""
    column = None if code == NATIONAL else COLUMNS.get(len(code))
    params: list = []
    if column is None:
        where = {"where_c": "1 = 1", "where_o": "1 = 1", "where_p": "1 = 1"}
    else:
        where = {
            "where_c": f"c.{column} = %s",
            "where_o": f"o.{column} = %s",
            "where_p": f"p.{column} = %s",
        }
    sql = FLOOR_SQL.format(**where)
    day = on.isoformat()
    if column is None:
        params = [day, day, day, day]
    else:
        params = [code, code, day, day, code, day, day, code, code, code, code]
    return sql, params


def _run_sql(sql: str, params: list) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def dashboard_targets(province: str, district: str) -> list[tuple[str, str, str]]:
    return [
        ("national", NATIONAL, "/dashboard/"),
        ("province", province, f"/dashboard/{province}/"),
        ("district", district, f"/dashboard/{district}/"),
    ]


def measure(client, *, province: str, district: str, warmup: int, repeat: int) -> dict:
    """p50/p95 of each dashboard (server time), of its floor SQL and of the bare roll-up read;
    `client` is a logged-in django.test.Client of a national administrator."""
    today = clock.today()
    result = {}
    for name, code, url in dashboard_targets(province, district):
        statuses = set()

        def page(url=url, statuses=statuses):
            response = client.get(url)
            statuses.add(response.status_code)

        page_times = timed(page, warmup=warmup, repeat=repeat)
        sql, params = floor_query(code, today)
        floor_times = timed(
            lambda sql=sql, params=params: _run_sql(sql, params), warmup=2, repeat=repeat
        )
        rollup_times = timed(
            lambda code=code: _run_sql(ROLLUP_SQL, [code]), warmup=2, repeat=repeat
        )
        page_summary = summary_ms(page_times)
        floor_summary = summary_ms(floor_times)
        result[name] = {
            "url": url,
            "status": sorted(statuses),
            "page": page_summary,
            "floor_sql": floor_summary,
            "rollup_read_sql": summary_ms(rollup_times),
            "ratio_p95": (
                round(page_summary["p95_ms"] / floor_summary["p95_ms"], 2)
                if floor_summary["p95_ms"]
                else None
            ),
            "floor_figures": [
                None if value is None else float(value) for value in _run_sql(sql, params)[0]
            ],
        }
    return result

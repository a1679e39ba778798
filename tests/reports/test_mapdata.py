"""The shipped province map (Natural Earth, public domain) and the choropleth drawn from it."""

import geothai

from concenter.common import charts
from concenter.reports import mapdata


def test_the_shipped_map_has_every_province_by_its_dopa_code():
    shipped = mapdata.province_map()
    assert set(shipped["provinces"]) == {p.code for p in geothai.provinces()}
    assert shipped["width"] == 400 and 600 < shipped["height"] < 900
    assert "public domain" in shipped["source"]["licence"]
    for shape in shipped["provinces"].values():
        assert shape["path"].startswith("M") and shape["path"].endswith("Z")
        assert 0 <= shape["x"] <= shipped["width"] and 0 <= shape["y"] <= shipped["height"]


def test_the_map_is_built_from_natural_earth_features_of_thailand_only():
    square = [[100.0, 14.0], [100.5, 14.0], [100.5, 14.5], [100.0, 14.5], [100.0, 14.0]]
    islands = [
        [[[98.0, 8.0], [98.3, 8.0], [98.3, 8.3], [98.0, 8.0]]],
        [[[98.0, 7.0], [98.0001, 7.0], [98.0, 7.0001], [98.0, 7.0]]],
    ]
    features = [
        {
            "properties": {"iso_3166_2": "TH-10", "latitude": 14.2, "longitude": 100.2},
            "geometry": {"type": "Polygon", "coordinates": [square]},
        },
        {
            "properties": {"iso_3166_2": "TH-83"},
            "geometry": {"type": "MultiPolygon", "coordinates": islands},
        },
        {
            "properties": {"iso_3166_2": "LA-VT"},
            "geometry": {"type": "Polygon", "coordinates": [square]},
        },
    ]
    built = mapdata.build(features)
    assert set(built["provinces"]) == {"10", "83"}
    assert built["provinces"]["83"]["path"].count("M") == 1  # the speck of an island is dropped
    assert built["width"] == 400


def test_simplification_keeps_the_ends_and_drops_points_on_a_line():
    line = [(0.0, 0.0), (1.0, 0.01), (2.0, 0.0), (3.0, 5.0)]
    assert mapdata.simplify(line, 0.5) == [(0.0, 0.0), (2.0, 0.0), (3.0, 5.0)]


def test_choropleth_classes_are_fifths_for_a_share_and_round_steps_for_counts():
    geometry = {
        "width": 10,
        "height": 10,
        "provinces": {"71": {"path": "M0 0Z"}, "72": {"path": "M1 1Z"}, "73": {"path": "M2 2Z"}},
    }
    share = charts.choropleth(
        "share", {"71": ("ก", 100, "/a/"), "72": ("ข", 19, "/b/")}, percent=True, geometry=geometry
    )
    fills = {r.code: r.fill for r in share.regions}
    assert fills == {
        "71": charts.MAP_CLASSES[-1],
        "72": charts.MAP_CLASSES[0],
        "73": charts.MAP_NO_DATA,
    }
    assert [(e.low, e.high) for e in share.legend] == [
        (0, 19),
        (20, 39),
        (40, 59),
        (60, 79),
        (80, None),
        (None, None),
    ]
    counts = charts.choropleth(
        "n", {"71": ("ก", 0, ""), "72": ("ข", 480, ""), "73": ("ค", 250, "")}, geometry=geometry
    )
    assert [(e.low, e.high) for e in counts.legend] == [
        (0, 99),
        (100, 199),
        (200, 299),
        (300, 399),
        (400, None),
    ]
    assert {r.code: r.fill for r in counts.regions} == {
        "71": charts.MAP_CLASSES[0],
        "72": charts.MAP_CLASSES[4],
        "73": charts.MAP_CLASSES[2],
    }

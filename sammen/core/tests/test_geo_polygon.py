"""The map area as a polygon: checking what staff give, and point-in-polygon."""

import pytest
from django.core.exceptions import ValidationError

from sammen.core import geo

# An L around Borgen: the box's north-east quarter is outside.
L_SHAPE = {
    "type": "Polygon",
    "coordinates": [
        [
            [10.42, 59.83],
            [10.45, 59.83],
            [10.45, 59.84],
            [10.435, 59.84],
            [10.435, 59.85],
            [10.42, 59.85],
            [10.42, 59.83],
        ]
    ],
}


def codes(value):
    with pytest.raises(ValidationError) as caught:
        geo.clean_area_polygon(value)
    return caught.value.code


def test_a_point_in_the_l_is_inside_and_one_in_its_missing_corner_is_not():
    area = geo.PolygonArea(geo.clean_area_polygon(L_SHAPE))
    assert area.contains(10.425, 59.845)
    assert area.contains(10.44, 59.835)
    assert not area.contains(10.44, 59.845)
    assert not area.contains(10.5, 59.835)


def test_a_point_on_the_border_counts_as_inside():
    area = geo.PolygonArea(geo.clean_area_polygon(L_SHAPE))
    assert area.contains(10.42, 59.84)
    assert area.contains(10.45, 59.83)


def test_a_ring_given_open_is_closed_and_the_bounds_are_its_extremes():
    open_ring = {"type": "Polygon", "coordinates": [L_SHAPE["coordinates"][0][:-1]]}
    cleaned = geo.clean_area_polygon(open_ring)
    assert cleaned["coordinates"][0][0] == cleaned["coordinates"][0][-1]
    assert geo.PolygonArea(cleaned).bounds == (59.83, 10.42, 59.85, 10.45)


def test_a_feature_collection_of_one_polygon_is_accepted():
    collection = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "geometry": L_SHAPE, "properties": {}}],
    }
    assert geo.clean_area_polygon(collection)["type"] == "Polygon"


def test_a_point_or_line_is_not_a_polygon():
    assert codes({"type": "Point", "coordinates": [10.4, 59.8]}) == "not_polygon"
    assert codes({"type": "LineString", "coordinates": [[10.4, 59.8], [10.5, 59.9]]}) == (
        "not_polygon"
    )
    assert codes("not json at all") == "invalid_json"


def test_fewer_than_three_corners_is_refused():
    ring = [[10.42, 59.83], [10.45, 59.83], [10.42, 59.83]]
    assert codes({"type": "Polygon", "coordinates": [ring]}) == "too_few_points"


def test_a_bow_tie_crossing_itself_is_refused():
    ring = [[10.42, 59.83], [10.45, 59.85], [10.45, 59.83], [10.42, 59.85]]
    assert codes({"type": "Polygon", "coordinates": [ring]}) == "self_intersecting"


def test_an_area_on_the_other_side_of_the_globe_is_refused():
    # Asker's coordinates with the signs flipped: the South Pacific.
    ring = [[-170.42, -59.83], [-170.45, -59.83], [-170.45, -59.85]]
    assert codes({"type": "Polygon", "coordinates": [ring]}) == "outside_norway"


def test_swapped_latitude_and_longitude_is_named_as_such():
    ring = [[59.83, 10.42], [59.83, 10.45], [59.85, 10.45]]
    assert codes({"type": "Polygon", "coordinates": [ring]}) == "swapped"


def test_lines_of_latitude_and_longitude_make_a_polygon():
    polygon = geo.parse_area_lines("59.83, 10.42\n59.83 10.45\n\n59.85;10.45\n")
    assert polygon["coordinates"][0] == [[10.42, 59.83], [10.45, 59.83], [10.45, 59.85]]
    assert geo.clean_area_polygon(polygon)["type"] == "Polygon"


def test_a_line_that_is_not_two_numbers_is_named_by_its_number():
    with pytest.raises(ValidationError, match="Linje 2"):
        geo.parse_area_lines("59.83, 10.42\nBorgen skole\n")

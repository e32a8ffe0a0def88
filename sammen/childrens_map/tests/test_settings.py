import pytest

from config.settings import tile_origin


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        (
            "https://cache.kartverket.no/v1/wmts/1.0.0/topo/default/webmercator/{z}/{y}/{x}.png",
            "https://cache.kartverket.no",
        ),
        ("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", "https://*.tile.openstreetmap.org"),
        ("", None),
        ("/static/blank/{z}/{x}/{y}.png", None),
    ],
)
def test_the_tile_host_is_allowed_in_the_csp_img_src(url, origin):
    assert tile_origin(url) == origin

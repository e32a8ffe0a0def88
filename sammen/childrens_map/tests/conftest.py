import pytest


@pytest.fixture(autouse=True)
def _no_map_tiles(settings):
    # Nothing in the tests depends on a tile server: the map draws without a background.
    settings.SAMMEN_MAP_TILE_URL = ""

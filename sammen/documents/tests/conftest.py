import pytest


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    # Generated files go to a folder of the test's own, never to the real data folder.
    settings.MEDIA_ROOT = tmp_path / "media"

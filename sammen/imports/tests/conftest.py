import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded import files are kept; keep them out of the project's data folder.
    settings.MEDIA_ROOT = tmp_path / "media"

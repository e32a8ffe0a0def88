"""The environment of a test run. pytest loads this module (see addopts in pyproject.toml)
before pytest-django imports the settings, so it can shape them."""

import atexit
import os
import secrets
import shutil
import tempfile

# The test client and the live server speak plain HTTP. The live server builds its
# middleware once per session, so this cannot be a per-test settings override.
os.environ.setdefault("DJANGO_HTTPS", "false")
# Playwright's sync API runs an event loop in the test thread, where the live server's
# data is set up.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# The settings only read the secret key (manage.py and config/wsgi.py generate one into the
# data folder): a test run needs no lasting key, so it leaves the data folder alone.
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
# Files the tests store (a cover drawn by the demo, uploads, exports) go to a folder of this
# run, removed at its end, not to the data folder a developer's demo uses.
if "DJANGO_MEDIA_ROOT" not in os.environ:
    os.environ["DJANGO_MEDIA_ROOT"] = tempfile.mkdtemp(prefix="sammen-test-media-")
    atexit.register(shutil.rmtree, os.environ["DJANGO_MEDIA_ROOT"], ignore_errors=True)

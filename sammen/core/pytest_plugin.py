"""The environment of a test run. pytest loads this module (see addopts in pyproject.toml)
before pytest-django imports the settings, so it can shape them."""

import os
import secrets

# The test client and the live server speak plain HTTP. The live server builds its
# middleware once per session, so this cannot be a per-test settings override.
os.environ.setdefault("DJANGO_HTTPS", "false")
# Playwright's sync API runs an event loop in the test thread, where the live server's
# data is set up.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# The settings only read the secret key (manage.py and config/wsgi.py generate one into the
# data folder): a test run needs no lasting key, so it leaves the data folder alone.
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))

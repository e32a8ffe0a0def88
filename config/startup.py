"""The data folder and the generated secret key: found by the settings, made by the entry points.

Importing `config.settings` only reads (DESIGN: settings are never a side effect). What must
exist before Django starts is made by `prepare()`, which `manage.py` and `config/wsgi.py` call
first: the data folder (SQLite's database and the uploads live there) and, when no
DJANGO_SECRET_KEY is given, a secret key generated once into that folder.
"""

import contextlib
import os
import secrets
import tempfile
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
KEY_FILE_NAME = "secret_key"
# secrets.token_urlsafe(50) gives 67 characters; anything much shorter was not written by us.
MIN_KEY_LENGTH = 40


def data_dir() -> Path:
    return Path(os.environ.get("SAMMEN_DATA_DIR") or BASE_DIR / "data")


def key_file(folder: Path) -> Path:
    return folder / KEY_FILE_NAME


def secret_key(folder: Path) -> str:
    """DJANGO_SECRET_KEY, or the key generated into the data folder. Reads, never writes."""
    if key := os.environ.get("DJANGO_SECRET_KEY"):
        return key
    path = key_file(folder)
    try:
        key = path.read_text().strip()
    except FileNotFoundError:
        raise ImproperlyConfigured(
            f"DJANGO_SECRET_KEY is not set and {path} does not exist. Set DJANGO_SECRET_KEY "
            "(the same on every machine), or start sammen through manage.py or config.wsgi, "
            "which generate a key there on first start."
        ) from None
    if len(key) < MIN_KEY_LENGTH:
        raise ImproperlyConfigured(
            f"{path} holds no usable secret key; delete it to have a new one generated."
        )
    return key


def prepare(folder: Path | None = None) -> Path:
    """Make the data folder and, without DJANGO_SECRET_KEY, the key file; return the folder.

    Safe to call from several processes at once (gunicorn's workers, the task worker): they
    all end up with the same key.
    """
    folder = data_dir() if folder is None else folder
    folder.mkdir(parents=True, exist_ok=True)
    if not os.environ.get("DJANGO_SECRET_KEY"):
        _generate_key_once(key_file(folder))
    return folder


def _generate_key_once(path: Path) -> None:
    if path.exists():
        return
    # Write the whole key to a file of our own, then link it into place: link() fails if
    # another process got there first, so processes starting together agree on one key and
    # nobody reads a half-written file. mkstemp makes the draft readable by its owner only.
    handle, draft = tempfile.mkstemp(prefix=".secret_key.", dir=path.parent)
    try:
        with os.fdopen(handle, "w") as file:
            file.write(secrets.token_urlsafe(50))
        with contextlib.suppress(FileExistsError):
            os.link(draft, path)
    finally:
        os.unlink(draft)

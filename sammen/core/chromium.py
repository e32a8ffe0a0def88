"""Debian's Chromium, driven by Playwright (its own browser download is not used): for the
browser tests (conftest.py) and `make screenshots` (sammen/demo/screenshots.py)."""

import os
import shutil

# Headless and quiet: no sandbox (containers), no GPU, nothing fetched from the network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> str | None:
    """The Chromium to drive: $CHROMIUM, else the one on the PATH; None when there is none."""
    return (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )

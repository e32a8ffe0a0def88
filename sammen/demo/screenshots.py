"""`make screenshots`: current screenshots of sammen's main public and staff pages, at a
desktop's width (1280 px) and a phone's (360 px), saved as PNG into docs/screenshots/.

It never touches the site's own data: a throwaway SQLite database in a temporary folder is
migrated, the Borgen demo and its staff login are loaded into it, the site runs in a thread
of this process (as in the browser tests), and Chromium is driven by Playwright. Chromium is
Debian's (`playwright install` is not used): CHROMIUM names another.

    .venv/bin/python -m sammen.demo.screenshots [--out DIR] [NAME ...]
"""

import argparse
import os
import secrets
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.urls import reverse

from sammen.core.chromium import CHROMIUM_ARGS, find_chromium

BASE_DIR = Path(__file__).resolve().parent.parent.parent
OUT_DIR = BASE_DIR / "docs" / "screenshots"
# The Borgen demo's process (sammen.demo.borgen.SLUG; not imported here, so that this module
# can be read before Django is set up).
SLUG = "borgen"


@dataclass(frozen=True)
class Shot:
    """One page to photograph: its file name, its URL's name, and whether it is a staff page
    (seen logged in as the demo's process manager) or a long one (a taller window)."""

    name: str
    url_name: str
    staff: bool = False
    tall: bool = False
    with_slug: bool = True

    def path(self) -> str:
        return reverse(self.url_name, args=[SLUG] if self.with_slug else [])


PAGES = (
    Shot("home", "portal:home", with_slug=False),
    Shot("process", "portal:process"),
    Shot("results", "portal:results"),
    Shot("input-form", "portal:input_form"),
    Shot("staff-overview", "insights:overview", staff=True),
    Shot("activities", "engagement:activities", staff=True),
    Shot("workbench", "inputs:list", staff=True),
    Shot("moderation", "inputs:moderation", staff=True),
    Shot("dashboard", "insights:dashboard", staff=True, tall=True),
    Shot("roadmap", "roadmap:editor", staff=True),
)

# Browser windows: (width, height, height for a long page, phone?).
SIZES = {
    "desktop": (1280, 900, 2000, False),
    "phone": (360, 740, 1600, True),
}


def _prepare_environment(folder: Path) -> None:
    """Settings for a throwaway site in `folder`: read by config.settings, so before setup."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["SAMMEN_DATA_DIR"] = str(folder)
    os.environ["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    os.environ.pop("DATABASE_URL", None)  # SQLite in the folder, never a real database
    os.environ["DJANGO_DEBUG"] = "false"  # the pages as residents see them
    os.environ["DJANGO_HTTPS"] = "false"
    # No collectstatic: the files are served from the apps (StaticFilesHandler); an empty
    # folder keeps WhiteNoise from warning about a missing one.
    os.environ["DJANGO_STATIC_ROOT"] = str(folder / "static")
    (folder / "static").mkdir()
    os.environ["DJANGO_EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ["SAMMEN_MAP_TILE_URL"] = ""  # no map tiles from the network
    os.environ["SAMMEN_EMBEDDER"] = "tfidf"
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")


def _chromium() -> str:
    path = find_chromium()
    if not path:
        sys.exit("Chromium is missing: install Debian's chromium or set CHROMIUM.")
    return path


def _load_site() -> str:
    """Migrate, load the demo and its staff login; return the login's password."""
    import io

    from django.conf import settings
    from django.core.management import call_command

    from sammen.demo.borgen import load_borgen_demo

    call_command("migrate", interactive=False, verbosity=0)
    load_borgen_demo()
    call_command("ensure_demo_staff", stdout=io.StringIO())
    return (settings.DATA_DIR / "demo-login.txt").read_text().strip()


def _start_server():
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.test.testcases import LiveServerThread

    server = LiveServerThread("127.0.0.1", StaticFilesHandler)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    return server


def _log_in(context, base_url: str, password: str) -> None:
    from sammen.demo.management.commands.ensure_demo_staff import USERNAME

    page = context.new_page()
    page.goto(base_url + reverse("login"))
    page.locator("input[name=username]").fill(USERNAME)
    page.locator("input[name=password]").fill(password)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(lambda url: reverse("login") not in url)
    page.close()


def _compress(file: Path) -> None:
    """Chromium writes its PNGs fast, not small: written again by Pillow, losslessly."""
    from PIL import Image

    with Image.open(file) as image:
        image.load()
    image.save(file, optimize=True)


def _photograph(context, base_url: str, shots, size: str, out: Path) -> list[Path]:
    """Screenshots of `shots` in one browser context; console errors are reported."""
    width, height, tall_height, _phone = SIZES[size]
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    saved = []
    for shot in shots:
        page.set_viewport_size({"width": width, "height": tall_height if shot.tall else height})
        response = page.goto(base_url + shot.path(), wait_until="networkidle")
        if response is None or response.status != 200:
            status = response.status if response else "no answer"
            sys.exit(f"{shot.path()} answered {status}; no screenshot of it.")
        file = out / f"{shot.name}-{size}.png"
        page.screenshot(path=file, full_page=False, animations="disabled")
        _compress(file)
        saved.append(file)
        print(file.relative_to(BASE_DIR) if file.is_relative_to(BASE_DIR) else file)
    if errors:
        print(f"Console errors ({size}): {errors}", file=sys.stderr)
    return saved


def take_screenshots(browser, base_url: str, password: str, shots, out: Path) -> list[Path]:
    """Every shot at every size: public pages as a visitor, staff pages logged in."""
    out.mkdir(parents=True, exist_ok=True)
    saved = []
    for size, (width, height, _tall, phone) in SIZES.items():
        for staff in (False, True):
            group = [shot for shot in shots if shot.staff == staff]
            if not group:
                continue
            context = browser.new_context(
                locale="nb-NO",
                viewport={"width": width, "height": height},
                is_mobile=phone,
                has_touch=phone,
            )
            context.set_default_timeout(30_000)
            if staff:
                _log_in(context, base_url, password)
            saved += _photograph(context, base_url, group, size, out)
            context.close()
    return saved


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="only these pages (e.g. home workbench)")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="folder for the PNG files")
    options = parser.parse_args(argv)
    known = [shot.name for shot in PAGES]
    if unknown := sorted(set(options.names) - set(known)):
        parser.error(f"unknown page(s): {', '.join(unknown)}; known: {', '.join(known)}")
    chromium = _chromium()
    shots = [shot for shot in PAGES if not options.names or shot.name in options.names]

    with tempfile.TemporaryDirectory(prefix="sammen-screenshots-") as folder:
        _prepare_environment(Path(folder))
        import django

        django.setup()
        from django.test.utils import override_settings
        from playwright.sync_api import sync_playwright

        # Without collectstatic: the static files from the apps, as in the browser tests.
        override_settings(
            STORAGES={
                "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            }
        ).enable()
        print("Loading the Borgen demo into a throwaway database …")
        password = _load_site()
        server = _start_server()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
                saved = take_screenshots(
                    browser, f"http://127.0.0.1:{server.port}", password, shots, options.out
                )
                browser.close()
        finally:
            server.terminate()
    print(f"{len(saved)} screenshots in {options.out}")


if __name__ == "__main__":
    main()

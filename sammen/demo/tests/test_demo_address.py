"""The demo's e-mail links follow the address it runs on (`make demo ADDR=…`), not port 8000."""

import shutil
import subprocess

import pytest
from django.conf import settings

from sammen.core.mail import absolute_url


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_demo_hands_addr_to_every_command_and_to_the_e_mail_links():
    result = subprocess.run(
        ["make", "--dry-run", "--always-make", "demo", "ADDR=10.0.0.5:8123"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=30,
    )

    assert result.returncode == 0, result.stderr
    commands = [line for line in result.stdout.splitlines() if "manage.py" in line]
    commands += [line for line in result.stdout.splitlines() if "scripts/run-demo" in line]
    assert len(commands) >= 4
    assert all("SAMMEN_SITE_URL=http://10.0.0.5:8123 " in line for line in commands), commands
    assert "8000" not in result.stdout
    assert any("run-demo" in line and line.endswith(" 10.0.0.5:8123") for line in commands)


def test_e_mail_links_are_built_from_the_site_address(settings):
    settings.SAMMEN_SITE_URL = "http://10.0.0.5:8123/"

    assert absolute_url("/kvittering/") == "http://10.0.0.5:8123/kvittering/"

"""Public input POSTs from a few client threads against gunicorn while PostgreSQL is stopped
and started under them: shared by test_database_restart.py (reduced, in CI) and
bench/faults.py (longer, with `pg_ctl restart` under full load).

Each client sends inputs one after the other, each with a text of its own and a form token of
its own; a 503 is retried with the same token and text (the idempotency key makes a retry
land once), and the client's log keeps every answer. Afterwards every text answered 200 must
be stored, once.

`python -m sammen.core.tests.fault_load setup SLUG` (run with bench.settings) makes the
schema straight from the models and an open process.
"""

import http.client
import os
import secrets
import subprocess
import sys
import threading
import urllib.parse
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


@dataclass
class Answer:
    text: str
    status: int  # 0: no HTTP answer at all (the connection failed)
    retry_after: str | None
    body: str
    stopped: bool  # sent while the database was (being) stopped


@dataclass
class Log:
    answers: list[Answer] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    changed: threading.Condition = field(init=False)

    def __post_init__(self):
        self.changed = threading.Condition(self.lock)

    def add(self, answer: Answer) -> None:
        with self.changed:
            self.answers.append(answer)
            self.changed.notify_all()

    def wait_for(self, predicate, timeout: float) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: predicate(self.answers), timeout=timeout)

    def stored_texts(self) -> list[str]:
        return [answer.text for answer in self.answers if answer.status == 200]


def setup_database(env: dict[str, str], slug: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sammen.core.tests.fault_load", "setup", slug],
        env={**env, "SAMMEN_BENCH_NO_MIGRATIONS": "true"},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"Setting up the database failed:\n{done.stderr[-3000:]}")


class InputClient(threading.Thread):
    """Sends inputs until `stop` is set: a 503 is sent again (same token, same text) after
    waiting on `stop` for a moment, so that a client does not spin while the database is
    away."""

    def __init__(self, number, port, slug, secret_key, salt, log, stop, database_down):
        super().__init__(name=f"input-client-{number}", daemon=True)
        self.number = number
        self.port = port
        self.path = f"/prosesser/{slug}/innspill/"
        self.secret_key = secret_key
        self.salt = salt
        self.log = log
        self.stop = stop
        self.database_down = database_down
        self.csrf = secrets.token_hex(16)

    def token(self) -> str:
        from django.core import signing

        # As sammen.portal.forms.new_form_token signs it, with the server's key.
        signer = signing.TimestampSigner(key=self.secret_key, salt=self.salt, fallback_keys=[])
        return signer.sign_object(uuid.uuid4().hex)

    def send(self, text: str, token: str) -> Answer:
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": self.csrf, "token": token, "text": text}
        )
        stopped = self.database_down.is_set()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(
                "POST",
                self.path,
                body=body,
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": f"csrftoken={self.csrf}",
                },
            )
            response = connection.getresponse()
            content = response.read().decode("utf-8", "replace")
            return Answer(
                text,
                response.status,
                response.getheader("Retry-After"),
                content[:2000],
                stopped or self.database_down.is_set(),
            )
        except OSError as error:
            return Answer(text, 0, None, repr(error), stopped)
        finally:
            connection.close()

    def run(self) -> None:
        sent = 0
        while not self.stop.is_set():
            text = f"Feiltest {self.number}-{sent}: lys i undergangen ved stasjonen."
            token = self.token()
            while not self.stop.is_set():
                answer = self.send(text, token)
                self.log.add(answer)
                if answer.status == 200:
                    break
                self.stop.wait(0.05)
            sent += 1


def stored_counts(url: str, texts: list[str]) -> Counter:
    """How many times each text is stored in the inputs' table (read with psycopg, apart from
    the Django of the test)."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    with psycopg.connect(
        host=parts.hostname,
        port=parts.port,
        user=parts.username,
        dbname=parts.path.lstrip("/"),
        autocommit=True,
    ) as db:
        rows = db.execute("SELECT text FROM inputs_input WHERE text = ANY(%s)", [texts])
        return Counter(text for (text,) in rows)


def summary(log: Log) -> Counter:
    return Counter(answer.status for answer in log.answers)


def _setup_main(slug: str) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from sammen.portal.tests.factories import make_public_process

    call_command("migrate", run_syncdb=True, verbosity=0, interactive=False)
    make_public_process(slug)


if __name__ == "__main__":
    if sys.argv[1:2] == ["setup"]:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
        _setup_main(sys.argv[2])

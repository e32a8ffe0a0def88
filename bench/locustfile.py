"""The load generator's users for bench/load.py and bench/api.py (run through bench/harness.py,
one user class per scenario: `locust -f bench/locustfile.py --headless … ClassName`).

Read from the environment: BENCH_PROCESS (the big process's slug), BENCH_SESSION_COOKIE
(a staff session made by `python -m bench.harness prepare`), BENCH_SECRET_KEY and
BENCH_TOKEN_SALT (to sign the input form's idempotency token as the server does, so each POST
needs no GET first), BENCH_CSRF_COOKIE_NAME.
"""

import itertools
import os
import secrets
import uuid
from urllib.parse import quote, urlsplit

from locust import FastHttpUser, constant, task

PROCESS = os.environ.get("BENCH_PROCESS", "storby")
SESSION_COOKIE = os.environ.get("BENCH_SESSION_COOKIE", "")
CSRF_COOKIE_NAME = os.environ.get("BENCH_CSRF_COOKIE_NAME", "csrftoken")
_counter = itertools.count()


def form_token() -> str:
    """The token the input form's GET would hand out (sammen.portal.forms.new_form_token)."""
    from django.core import signing

    signer = signing.TimestampSigner(
        key=os.environ["BENCH_SECRET_KEY"], salt=os.environ["BENCH_TOKEN_SALT"], fallback_keys=[]
    )
    return signer.sign_object(uuid.uuid4().hex)


class Base(FastHttpUser):
    abstract = True
    wait_time = constant(0)

    def expect(self, path: str, name: str, status: int = 200, **kwargs):
        # No redirects followed: a staff page that sends to the login page is a failure.
        with self.client.get(
            path, name=name, catch_response=True, allow_redirects=False, **kwargs
        ) as response:
            if response.status_code != status:
                response.failure(f"{response.status_code}")


class BareHtml(Base):
    @task
    def bare(self):
        self.expect("/bench/bare/html/", "bare HTML view")


class BareJson(Base):
    @task
    def bare(self):
        self.expect("/bench/bare/json/", "bare JSON view")


class BareInsert(Base):
    @task
    def insert(self):
        with self.client.post(
            "/bench/bare/insert/",
            data={"text": "bar rad"},
            name="bare view: INSERT + commit",
            catch_response=True,
        ) as response:
            if response.status_code != 201:
                response.failure(f"{response.status_code}")


class PublicPages(Base):
    @task
    def home(self):
        self.expect("/", "public: home")

    @task
    def process(self):
        self.expect(f"/prosesser/{PROCESS}/", "public: process page")


class InputFormGet(Base):
    @task
    def form(self):
        self.expect(f"/prosesser/{PROCESS}/innspill/", "input form: GET")


class InputFormPost(Base):
    """A new input per POST, each with a token of its own (idempotency) and the CSRF cookie
    and field the GET would have set."""

    def on_start(self):
        self.csrf = secrets.token_hex(16)  # 32 characters: a CSRF secret, unmasked

    @task
    def send(self):
        number = next(_counter)
        with self.client.post(
            f"/prosesser/{PROCESS}/innspill/",
            data={
                "csrfmiddlewaretoken": self.csrf,
                "token": form_token(),
                "text": f"Lasttest {os.getpid()}-{number}: flere benker langs turveien.",
            },
            headers={"Cookie": f"{CSRF_COOKIE_NAME}={self.csrf}"},
            name="input form: POST",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")


class Staff(Base):
    abstract = True

    def get_staff(self, path: str, name: str):
        self.expect(path, name, headers={"Cookie": SESSION_COOKIE})


class StaffWorkbench(Staff):
    @task
    def workbench(self):
        self.get_staff(f"/stab/{PROCESS}/innspill/", "staff: workbench, page 1")


class StaffOverview(Staff):
    @task
    def overview(self):
        self.get_staff(f"/stab/{PROCESS}/", "staff: overview")


class SmallOverview(Staff):
    """The small process beside the big one (BENCH_SMALL_PROCESS, the Borgen demo)."""

    @task
    def overview(self):
        small = os.environ.get("BENCH_SMALL_PROCESS", "borgen")
        self.get_staff(f"/stab/{small}/", f"staff: overview of {small}")


class ApiProcesses(Base):
    @task
    def processes(self):
        self.expect("/api/v1/processes/", "API: processes")


class ApiInputs(Base):
    """The first page of 50, and the page after it through the cursor."""

    @task
    def inputs(self):
        path = f"/api/v1/processes/{PROCESS}/inputs?limit=50"
        with self.client.get(path, name="API: inputs, 50", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
                return
            cursor = response.json().get("next")
        if cursor:
            self.expect(next_page(path, str(cursor)), "API: inputs, 50, next page")


def next_page(path: str, cursor: str) -> str:
    """`next` as a link (absolute or relative), or as an opaque cursor for `?cursor=`."""
    if cursor.startswith(("http://", "https://")):
        parts = urlsplit(cursor)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    if cursor.startswith("/") or "?" in cursor:
        return cursor
    return f"{path}&cursor={quote(cursor)}"

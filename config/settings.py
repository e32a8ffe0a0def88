"""The one settings module. Everything that differs between machines comes from the environment.

See the README's "Production" section for the variables. Defaults are safe: DEBUG is off,
HTTPS is enforced unless DEBUG is on or DJANGO_HTTPS=false, and a secret key is generated
once into the data folder when none is given (by manage.py and config/wsgi.py, before Django
starts: importing this module creates no file and no folder).
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config import startup
from sammen.core.languages import localized_verbose_name
from sammen.core.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int, minimum: int = 1, maximum: int | None = None) -> int:
    value = os.environ.get(name) or str(default)
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or number < minimum or (maximum is not None and number > maximum):
        bounds = f"from {minimum} to {maximum}" if maximum is not None else f"{minimum} or more"
        raise ImproperlyConfigured(f"{name} must be a whole number {bounds}, not {value!r}")
    return number


def env_rate(name: str, default: str) -> tuple[int, int]:
    """COUNT/SECONDS: at most COUNT requests from one address in SECONDS seconds."""
    value = os.environ.get(name) or default
    count, _, seconds = (part.strip() for part in value.partition("/"))
    if not all(part.isdecimal() and int(part) > 0 for part in (count, seconds)):
        raise ImproperlyConfigured(
            f"{name} must be COUNT/SECONDS, for example 10/600, not {value!r}"
        )
    return int(count), int(seconds)


DEBUG = env_bool("DJANGO_DEBUG", False)

# Only read here: manage.py and config/wsgi.py make the folder and the key before Django
# starts (config/startup.py).
DATA_DIR = startup.data_dir()
SECRET_KEY = startup.secret_key(DATA_DIR)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # Before the admin: the municipality's texts in nb, nn and en (each app's translation.py).
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "axes",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks_db",
    "sammen.core",
    "sammen.accounts",
    "sammen.processes",
    "sammen.engagement",
    "sammen.inputs",
    "sammen.imports",
    "sammen.gjestebud",
    "sammen.contributors",
    "sammen.portal",
    "sammen.childrens_map",
    "sammen.roadmap",
    "sammen.opinions",
    "sammen.analysis",
    "sammen.insights",
    "sammen.documents",
    "sammen.opendata",
    "sammen.api",
    "sammen.demo",
]

MIDDLEWARE = [
    # First: the request id (X-Request-ID) for every log line of the request, and the
    # request's metrics, timed around everything else (sammen/core/observability.py).
    "sammen.core.observability.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outermost but for security: whatever is answered under /api/ is a problem, not a page.
    "sammen.api.middleware.problem_details",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Before any view or the CSRF check reads the body: refuses one too large unread, and NUL
    # in the address.
    "sammen.core.middleware.RequestGuardMiddleware",
    # Lets a page's logout button lead on to the OIDC provider's logout (form-action).
    "sammen.accounts.middleware.oidc_logout_csp",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes requires: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# One field template and one error summary for every form (sammen/core/forms.py).
FORM_RENDERER = "sammen.core.forms.FormRenderer"

WSGI_APPLICATION = "config.wsgi.application"

if database_url := os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(database_url, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # A database host that does not answer at all fails a request (a 503, see
        # SAMMEN_DATABASE_RETRY_AFTER_SECONDS) after this long instead of holding a worker.
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
            "connect_timeout", env_int("SAMMEN_DATABASE_CONNECT_TIMEOUT", 5, maximum=300)
        )
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "sammen.sqlite3",
            "OPTIONS": {
                # WAL and a busy timeout let the web process and the task worker write side
                # by side; IMMEDIATE avoids "database is locked" on lock upgrades.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A task worker (`manage.py worker`) renews its lease four times per this many seconds; the
# task of a worker silent for longer is run again or marked failed (sammen/core/tasks_runtime.py).
SAMMEN_TASK_LEASE_SECONDS = env_int("SAMMEN_TASK_LEASE_SECONDS", 60, minimum=2, maximum=3600)

# Text analysis (sammen/analysis): the embedder every input is turned into a vector with, once,
# when it arrives ("e5-small", "tfidf" or "e5-small+tfidf"; bench/sorting.py chose the default),
# and the share of right suggestions, in per cent, in the cross-validation on a process's own
# sorting below which the workbench hides its suggestions and says why.
SAMMEN_EMBEDDER = os.environ.get("SAMMEN_EMBEDDER", "e5-small")
SAMMEN_SUGGESTION_MIN_QUALITY = env_int("SAMMEN_SUGGESTION_MIN_QUALITY", 70, minimum=0, maximum=100)
# Threads one analysis task may use (the e5 model, the linear algebra). One is fastest where the
# worker shares its cores with other processes; more helps on cores of its own.
SAMMEN_ANALYSIS_THREADS = env_int("SAMMEN_ANALYSIS_THREADS", 1, minimum=1, maximum=64)

# Rate limits count in the cache. One web process can keep it in memory; several must share
# it: SAMMEN_CACHE=database (then run `manage.py createcachetable` once).
if os.environ.get("SAMMEN_CACHE", "memory") == "database":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "sammen_cache",
        }
    }
# Where rate limits count: "cache" (the cache above) or "database" (one upsert per counted
# request, in the request's transaction: sammen/core/ratelimit.py). Several web processes
# without a shared cache need "database", the default with SAMMEN_CACHE=database.
SAMMEN_RATE_LIMIT_STORE = os.environ.get(
    "SAMMEN_RATE_LIMIT_STORE",
    "database" if os.environ.get("SAMMEN_CACHE", "memory") == "database" else "cache",
)
if SAMMEN_RATE_LIMIT_STORE not in ("cache", "database"):
    raise ImproperlyConfigured(
        f"SAMMEN_RATE_LIMIT_STORE must be cache or database, not {SAMMEN_RATE_LIMIT_STORE!r}"
    )
# How many proxies in front of the site append to X-Forwarded-For (nginx, a load balancer):
# the rate limits then count the visitor's address, not the proxy's.
SAMMEN_TRUSTED_PROXIES = env_int("SAMMEN_TRUSTED_PROXIES", 0, minimum=0)

# Limits: each has a safe default and a row in the README's table. Read where they are used
# (through django.conf.settings, when a request or a command needs them), never at import.


# Per visitor address (see SAMMEN_TRUSTED_PROXIES), in fixed windows.
SAMMEN_INPUT_RATE_LIMIT = env_rate("SAMMEN_INPUT_RATE_LIMIT", "10/600")
SAMMEN_RECEIPT_RATE_LIMIT = env_rate("SAMMEN_RECEIPT_RATE_LIMIT", "20/600")
SAMMEN_HEARING_RATE_LIMIT = env_rate("SAMMEN_HEARING_RATE_LIMIT", "10/600")
SAMMEN_GJESTEBUD_LINK_RATE_LIMIT = env_rate("SAMMEN_GJESTEBUD_LINK_RATE_LIMIT", "20/600")
# Statements voting: votes from one address (a class or an office shares one, so generous),
# and statements written by participants.
SAMMEN_OPINIONS_VOTE_RATE_LIMIT = env_rate("SAMMEN_OPINIONS_VOTE_RATE_LIMIT", "1200/600")
SAMMEN_OPINIONS_STATEMENT_RATE_LIMIT = env_rate("SAMMEN_OPINIONS_STATEMENT_RATE_LIMIT", "10/600")
# Children's map. Routes and places from one address: a whole school often shares one,
# so generous enough for two classes at once. Starts (new child sessions) from one address:
# few without a code (a household), a class's worth with the class code the teacher hands
# out (counted per process). Each child session holds at most so many routes and places.
SAMMEN_CHILDRENS_MAP_RATE_LIMIT = env_rate("SAMMEN_CHILDRENS_MAP_RATE_LIMIT", "600/600")
SAMMEN_CHILDRENS_MAP_START_RATE_LIMIT = env_rate("SAMMEN_CHILDRENS_MAP_START_RATE_LIMIT", "5/600")
SAMMEN_CHILDRENS_MAP_CLASS_RATE_LIMIT = env_rate("SAMMEN_CHILDRENS_MAP_CLASS_RATE_LIMIT", "40/600")
SAMMEN_CHILDRENS_MAP_SESSION_ROUTES = env_int("SAMMEN_CHILDRENS_MAP_SESSION_ROUTES", 20)
SAMMEN_CHILDRENS_MAP_SESSION_PLACES = env_int("SAMMEN_CHILDRENS_MAP_SESSION_PLACES", 30)
# How long a new process keeps contact details and demographics (staff may change it).
SAMMEN_RETENTION_MONTHS = env_int("SAMMEN_RETENTION_MONTHS", 24, maximum=240)
# The hour (local time) the task worker deletes personal data whose retention has run out.
SAMMEN_PURGE_HOUR = env_int("SAMMEN_PURGE_HOUR", 3, minimum=0, maximum=23)
# How long a link to see or delete one's personal data works, and how often one address may
# ask for such links.
SAMMEN_PRIVACY_LINK_HOURS = env_int("SAMMEN_PRIVACY_LINK_HOURS", 24, minimum=1, maximum=168)
SAMMEN_PRIVACY_RATE_LIMIT = env_rate("SAMMEN_PRIVACY_RATE_LIMIT", "10/3600")
# The REST API (/api/v1/): requests per client address, and per token (an integration behind
# several addresses, or several integrations behind one).
SAMMEN_API_RATE_LIMIT = env_rate("SAMMEN_API_RATE_LIMIT", "600/60")
SAMMEN_API_TOKEN_RATE_LIMIT = env_rate("SAMMEN_API_TOKEN_RATE_LIMIT", "1200/60")
# An import's upload is removed when the import ends; one that never ends (abandoned before
# its columns were chosen) is removed by the daily purge after this many days.
SAMMEN_IMPORT_FILE_DAYS = env_int("SAMMEN_IMPORT_FILE_DAYS", 14, maximum=365)
# How long a gjestebud host's link works unless staff choose another date.
SAMMEN_GJESTEBUD_LINK_DAYS = env_int("SAMMEN_GJESTEBUD_LINK_DAYS", 60)
# How long an opened input form may wait before it is sent.
SAMMEN_INPUT_FORM_DAYS = env_int("SAMMEN_INPUT_FORM_DAYS", 7)
SAMMEN_WORKBENCH_PAGE_SIZE = env_int("SAMMEN_WORKBENCH_PAGE_SIZE", 50, maximum=1000)
# A process with more inputs than this shows stored counts on its overview and public page,
# computed by a task when older than SAMMEN_FIGURES_MAX_AGE_SECONDS (sammen/insights/figures.py).
SAMMEN_LIVE_FIGURES_LIMIT = env_int("SAMMEN_LIVE_FIGURES_LIMIT", 20_000, maximum=10_000_000)
SAMMEN_FIGURES_MAX_AGE_SECONDS = env_int(
    "SAMMEN_FIGURES_MAX_AGE_SECONDS", 300, maximum=7 * 24 * 3600
)
SAMMEN_MODERATION_PAGE_SIZE = env_int("SAMMEN_MODERATION_PAGE_SIZE", 25, maximum=1000)
# The voluntary "about you" answers are never shown, published or answered by the API in a
# group smaller than this (sammen/contributors/small_groups.py). Never below 5.
SAMMEN_MIN_GROUP = env_int("SAMMEN_MIN_GROUP", 5, minimum=5, maximum=100)
# An open-data XLSX file of more rows than this is made by a task and stored, not written in
# the request (sammen/opendata/selectors.py, made_by_task).
SAMMEN_OPENDATA_SYNC_ROWS = env_int("SAMMEN_OPENDATA_SYNC_ROWS", 5000, maximum=1_048_575)
# Uploaded photos: larger images are refused before they are decoded (at most Pillow's own
# decompression-bomb limit, 89); kept images are scaled down to fit a square of this side.
SAMMEN_MAX_IMAGE_MEGAPIXELS = env_int("SAMMEN_MAX_IMAGE_MEGAPIXELS", 60, maximum=89)
SAMMEN_IMAGE_MAX_SIDE = env_int("SAMMEN_IMAGE_MAX_SIDE", 3000, minimum=100)


# Login throttling (django-axes), the admin's login too. After SAMMEN_LOGIN_FAILURE_LIMIT wrong
# passwords for one user name from one address, that pair is refused, even with the right
# password, until SAMMEN_LOGIN_COOLOFF_MINUTES have passed since the last counted failure.
# Counting the pair, not the user name alone, keeps a hostile address from locking a staff
# member out everywhere; counting it in the database shares it between web processes.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("SAMMEN_LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SAMMEN_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "sammen.accounts.throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "sammen.accounts.views.locked_out"
# A successful login clears the pair's failures; tries while locked out do not prolong the
# lockout, so it ends when the page says it will.
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Keep only what throttling needs: the failure counts per pair (deleted once the cool-off has
# run out). No log of every successful login and logout (who, from where, with which browser,
# kept forever) and no permanent log of failures: sammen has no use for them that would
# justify keeping staff members' movements.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# The form data kept with the counts, masked: the password always, and these.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "csrfmiddlewaretoken"]
# Failures and lockouts are logged (as warnings, user name and address masked); no start-up
# banner on every management command.
AXES_VERBOSE = False

# Login with OpenID Connect (sammen/accounts/oidc.py), off unless SAMMEN_OIDC_PROVIDERS names
# providers. Each NAME (letters, digits, _) reads SAMMEN_OIDC_<NAME>_*: staff providers (Feide,
# Entra ID) log in existing staff accounts, never create one and never give roles; citizen
# providers (ID-porten) verify a person without any staff access and store nothing but a
# pseudonym in the session.
OIDC_KINDS = {"staff", "citizen"}
OIDC_MATCHES = {"email", "sub"}


def env_oidc_providers(debug: bool) -> dict[str, dict]:
    providers = {}
    for name in env_list("SAMMEN_OIDC_PROVIDERS", ""):
        if not name.replace("_", "").isalnum() or not name.isascii():
            raise ImproperlyConfigured(
                f"SAMMEN_OIDC_PROVIDERS: {name!r} must be letters, digits and _ only"
            )
        prefix = f"SAMMEN_OIDC_{name.upper()}_"

        def value(key, default=None, prefix=prefix):
            found = os.environ.get(prefix + key) or default
            if found is None:
                raise ImproperlyConfigured(f"{prefix}{key} must be set")
            return found

        kind = value("KIND", "staff")
        if kind not in OIDC_KINDS:
            raise ImproperlyConfigured(f"{prefix}KIND must be staff or citizen, not {kind!r}")
        match = value("MATCH", "email")
        if match not in OIDC_MATCHES:
            raise ImproperlyConfigured(f"{prefix}MATCH must be email or sub, not {match!r}")
        discovery_url = value("DISCOVERY_URL")
        parts = urlsplit(discovery_url)
        loopback = parts.hostname in {"127.0.0.1", "localhost", "::1"}
        if not (parts.scheme == "https" or (parts.scheme == "http" and loopback and debug)):
            raise ImproperlyConfigured(
                f"{prefix}DISCOVERY_URL must be an https:// address, not {discovery_url!r}"
            )
        providers[name.lower()] = {
            "label": value("LABEL", name),
            "kind": kind,
            "discovery_url": discovery_url,
            "client_id": value("CLIENT_ID"),
            "client_secret": value("CLIENT_SECRET"),
            "scope": value("SCOPE", "openid email" if kind == "staff" else "openid"),
            "match": match,
            "acr_values": value("ACR_VALUES", ""),
            "token_auth_method": value("TOKEN_AUTH_METHOD", "client_secret_basic"),
        }
    return providers


SAMMEN_OIDC_PROVIDERS = env_oidc_providers(DEBUG)
# Per visitor address: logins started, and failed returns from a provider (a wrong or reused
# state or code, a refused person) before the address must wait.
SAMMEN_OIDC_START_RATE_LIMIT = env_rate("SAMMEN_OIDC_START_RATE_LIMIT", "60/600")
SAMMEN_OIDC_FAILURE_RATE_LIMIT = env_rate("SAMMEN_OIDC_FAILURE_RATE_LIMIT", "20/600")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "processes:staff_list"
LOGOUT_REDIRECT_URL = "portal:home"

LANGUAGE_CODE = "nb"
# Each language is named in itself, whatever the page's language.
LANGUAGES = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The municipality's own texts (sammen/*/translation.py): Bokmål required, the others fall back
# to it; a page marks a fallback with lang="nb" (sammen.core.templatetags.sammen_i18n).
MODELTRANSLATION_DEFAULT_LANGUAGE = "nb"
MODELTRANSLATION_LANGUAGES = ("nb", "nn", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("nb",)
MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME = localized_verbose_name
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", DATA_DIR / "media"))
MEDIA_URL = "media/"
# The largest attachment a user may upload, in megabytes.
SAMMEN_MAX_UPLOAD_MB = env_int("SAMMEN_MAX_UPLOAD_MB", 20)
# The largest request body, in megabytes, refused unread above it (sammen/core/middleware.py):
# from a logged-in user (import files, several attachments at once), and from anyone else
# (forms only: an input, a child's route, a gjestebud report). Form fields other than files
# may take up to DATA_UPLOAD_MAX_MEMORY_SIZE (Django's 2.5 MB); files above
# FILE_UPLOAD_MAX_MEMORY_SIZE are spooled to a temporary file while they are checked.
SAMMEN_MAX_REQUEST_MB = env_int("SAMMEN_MAX_REQUEST_MB", 100)
SAMMEN_MAX_PUBLIC_REQUEST_MB = env_int("SAMMEN_MAX_PUBLIC_REQUEST_MB", 1)
# Imports of inputs from files (sammen/imports/limits.py): the largest upload, what a file
# may expand to (rows, columns, a sheet's grid of cells, an XLSX unzipped, one cell), and
# above how many rows the task worker checks and imports it instead of the request.
SAMMEN_IMPORT_MAX_BYTES = env_int("SAMMEN_IMPORT_MAX_BYTES", 50 * 1024 * 1024)
SAMMEN_IMPORT_MAX_ROWS = env_int("SAMMEN_IMPORT_MAX_ROWS", 200_000)
SAMMEN_IMPORT_MAX_COLUMNS = env_int("SAMMEN_IMPORT_MAX_COLUMNS", 200)
SAMMEN_IMPORT_MAX_CELLS = env_int("SAMMEN_IMPORT_MAX_CELLS", 2_000_000)
SAMMEN_IMPORT_MAX_UNCOMPRESSED_MB = env_int("SAMMEN_IMPORT_MAX_UNCOMPRESSED_MB", 200)
SAMMEN_IMPORT_MAX_CELL_CHARS = env_int("SAMMEN_IMPORT_MAX_CELL_CHARS", 32_767)
SAMMEN_IMPORT_INLINE_ROWS = env_int("SAMMEN_IMPORT_INLINE_ROWS", 2000)
# Rows stored per transaction: an interrupted import resumes after the last stored chunk.
SAMMEN_IMPORT_CHUNK_ROWS = env_int("SAMMEN_IMPORT_CHUNK_ROWS", 5000, maximum=100_000)

# HTTPS is on unless this is a development machine or the operator says otherwise
# (a proxy that terminates TLS must then set DJANGO_HTTPS=true and forward the scheme).
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
# The language choice is no secret, but a cookie sent over plain HTTP or with other sites'
# requests is one to leave out; Lax, like the session's, keeps links from elsewhere working.
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000, minimum=0) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", HTTPS)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Barnetråkk's background map: any XYZ tile service ({z}/{x}/{y}, Leaflet's {s} for
# subdomains); an empty URL draws the map without a background.
SAMMEN_MAP_TILE_URL = os.environ.get(
    "SAMMEN_MAP_TILE_URL",
    "https://cache.kartverket.no/v1/wmts/1.0.0/topo/default/webmercator/{z}/{y}/{x}.png",
)
SAMMEN_MAP_ATTRIBUTION = os.environ.get(
    "SAMMEN_MAP_ATTRIBUTION", '&copy; <a href="https://www.kartverket.no/">Kartverket</a>'
)


def tile_origin(url: str) -> str | None:
    """The origin the tiles come from, for the CSP's img-src ({s} becomes a wildcard)."""
    parts = urlsplit(url.replace("{s}", "*"))
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *filter(None, [tile_origin(SAMMEN_MAP_TILE_URL)])],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# E-mail goes out from tasks (manage.py worker). A message the mail server refuses is
# tried again after SAMMEN_MAIL_RETRY_SECONDS, then twice, four times … as long, until
# SAMMEN_MAIL_MAX_ATTEMPTS attempts have failed (8 attempts, 60 s: about two hours in all).
SAMMEN_MAIL_MAX_ATTEMPTS = env_int("SAMMEN_MAIL_MAX_ATTEMPTS", 8)
SAMMEN_MAIL_RETRY_SECONDS = env_int("SAMMEN_MAIL_RETRY_SECONDS", 60)
# A mail server that takes the connection and then says nothing must not hold a task worker
# (and the tasks behind it) for ever: the attempt fails after this many seconds and is retried.
SAMMEN_MAIL_TIMEOUT_SECONDS = env_int("SAMMEN_MAIL_TIMEOUT_SECONDS", 30)
email_backend = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {
    "default": {
        "BACKEND": email_backend,
        "OPTIONS": {
            key: value
            for key, value in {
                "host": os.environ.get("EMAIL_HOST"),
                "port": int(os.environ["EMAIL_PORT"]) if os.environ.get("EMAIL_PORT") else None,
                "username": os.environ.get("EMAIL_HOST_USER"),
                "password": os.environ.get("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", False) or None,
                "timeout": SAMMEN_MAIL_TIMEOUT_SECONDS
                if email_backend == "django.core.mail.backends.smtp.EmailBackend"
                else None,
            }.items()
            if value is not None
        },
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "sammen@localhost")
# The site's address, for links in e-mails (receipt, unsubscribe).
SAMMEN_SITE_URL = os.environ.get("SAMMEN_SITE_URL", "http://127.0.0.1:8000")

# Logs go to standard error: plain text (the default, for `make demo`) or, with
# SAMMEN_LOG_FORMAT=json, one JSON object per line; both carry the request id
# (sammen/core/logs.py). SAMMEN_LOG_REQUESTS adds one line per request (on with JSON).
SAMMEN_LOG_FORMAT = os.environ.get("SAMMEN_LOG_FORMAT", "text")
if SAMMEN_LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"SAMMEN_LOG_FORMAT must be text or json, not {SAMMEN_LOG_FORMAT!r}")
LOGGING = logging_config(
    log_format=SAMMEN_LOG_FORMAT,
    level=os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
    log_requests=env_bool("SAMMEN_LOG_REQUESTS", SAMMEN_LOG_FORMAT == "json"),
)

# Prometheus metrics at /metrics (sammen/core/metrics.py) for whoever shows the bearer token
# SAMMEN_METRICS_TOKEN, or comes from an address in SAMMEN_METRICS_ALLOWED_NETWORKS (comma-
# separated addresses or networks, e.g. 10.0.0.0/8; the visitor's address as the rate limits
# see it, behind SAMMEN_TRUSTED_PROXIES). Neither set: nobody (403).
SAMMEN_METRICS_TOKEN = os.environ.get("SAMMEN_METRICS_TOKEN", "")


def env_networks(name: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    networks = []
    for item in env_list(name, ""):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {item!r} is no IP address or network (e.g. 10.0.0.0/8)"
            ) from None
    return networks


SAMMEN_METRICS_ALLOWED_NETWORKS = env_networks("SAMMEN_METRICS_ALLOWED_NETWORKS")
# The probes and the metrics are asked for over plain HTTP by the load balancer and
# Prometheus inside the network: no redirect to HTTPS for them.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
# The seconds a visitor is told to wait (Retry-After) when the database cannot be reached.
SAMMEN_DATABASE_RETRY_AFTER_SECONDS = env_int("SAMMEN_DATABASE_RETRY_AFTER_SECONDS", 5)

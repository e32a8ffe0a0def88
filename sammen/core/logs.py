"""Request ids and structured logs.

Every request gets an id: the one the proxy in front sent in X-Request-ID when it looks like
an id (letters, digits and `-_.:`, at most 128 characters), a new one otherwise. The id goes
back in the response's X-Request-ID header and into every log line written while the request
is served (a contextvar read by a logging filter, so it holds for each thread and each
request apart). With SAMMEN_LOG_FORMAT=json each line is one JSON object; the default stays
plain text for `make demo`.
"""

import contextvars
import json
import logging
import re
import uuid
from datetime import UTC, datetime

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)


def accepted_request_id(value: str | None) -> str:
    """The proxy's id when it is a plausible one, else a new id. A header full of markup or
    line breaks must not reach the logs."""
    if value and _VALID_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


def clear_request_id(**kwargs) -> None:
    """On request_finished: log lines after the response (and between requests) carry none."""
    request_id.set(None)


class RequestIdFilter(logging.Filter):
    """Puts the current request's id (or "-") on every record, for the formatters."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get() or "-"
        return True


# Attributes every LogRecord has; anything else on a record came in through `extra=` and is
# written as a field of its own.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
    "request_id",
    "request",  # Django's request and server loggers pass the request object
    "status_code",  # written as "status"
    "server_time",
    "taskName",
}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request_id,
    the exception's traceback when there is one, and any `extra=` fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or request_id.get(),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in entry and not key.startswith("_"):
                entry[key] = value if isinstance(value, str | int | float | bool) else str(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def logging_config(*, log_format: str, level: str, log_requests: bool) -> dict:
    """The LOGGING setting: text (the message alone, as Django prints it) or JSON lines, both
    with the request id filter on the one handler."""
    formatter = (
        {"()": "sammen.core.logs.JsonFormatter"}
        if log_format == "json"
        else {"format": "%(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "sammen.core.logs.RequestIdFilter"}},
        "formatters": {"main": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": "main",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # WeasyPrint tells every step of every PDF at INFO; its warnings still come through.
            "weasyprint.progress": {"level": "WARNING"},
            # One line per request (method, path, view, status, duration), when asked for.
            "sammen.requests": {"level": "INFO" if log_requests else "WARNING"},
        },
    }

"""From rows of a file to inputs: the column mapping, its guess from the headers, and the
checks on every row. No writes here; pipeline.py stores what this accepts."""

import datetime
import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.engagement.models import Activity
from sammen.inputs.models import Responsibility
from sammen.processes.models import FocusArea, Process

from .readers import Format, ImportFileError, open_reader

# The fields a column can fill, in the order the mapping form shows them.
FIELDS = {
    "text": _("Tekst"),
    "focus_areas": _("Innsatsområder"),
    "responsibility": _("Ansvar"),
    "received_at": _("Mottatt (dato)"),
    "activity": _("Aktivitet"),
    "language": _("Språk"),
    "external_id": _("Ekstern id"),
}
# Text may come from several columns (Decidim's title and body); the others from one.
MULTI_COLUMN_FIELDS = {"text"}

# Header names, lower-cased and without a language suffix ("body/nb" → "body").
GUESSES = {
    "text": [
        "tekst",
        "text",
        "innspill",
        "body",
        "comment",
        "comment-body",
        "message",
        "kommentar",
        "melding",
        "forslag",
        "beskrivelse",
    ],
    "focus_areas": [
        "innsatsområde",
        "innsatsområder",
        "innsatsomrade",
        "tema",
        "focus area",
        "focus areas",
        "focus_areas",
        "kategori",
        "category/name",
        "taxonomies/name",
        "category",
    ],
    "responsibility": ["ansvar", "responsibility", "fordeling"],
    "received_at": [
        "mottatt",
        "dato",
        "tidspunkt",
        "received",
        "received_at",
        "date",
        "datetime",
        "created",
        "created_at",
        "created_time",
        "published_at",
        "timestamp",
    ],
    "activity": ["aktivitet", "activity"],
    "language": ["språk", "sprak", "language", "lang"],
    "external_id": ["id", "ekstern id", "external id", "external_id", "nr", "comment-id"],
}

ERRORS = {
    "empty_text": _("tom tekst"),
    "unknown_focus_area": _("ukjent innsatsområde «%(value)s»"),
    "impossible_date": _("umulig dato «%(value)s»"),
    "unknown_date": _(
        "ukjent datoformat «%(value)s» (bruk 2016-03-01, 01.03.2016 eller 01.03.2016 18:30)"
    ),
    "unknown_responsibility": _(
        "ukjent ansvar «%(value)s» (bruk kommune, innbyggere eller sammen)"
    ),
    "unknown_activity": _("ukjent aktivitet «%(value)s»"),
    "unknown_language": _("ukjent språkkode «%(value)s» (bruk for eksempel nb, nn eller en)"),
}

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")
RESPONSIBILITY_WORDS = {
    "kommune": Responsibility.MUNICIPALITY,
    "kommunen": Responsibility.MUNICIPALITY,
    "municipality": Responsibility.MUNICIPALITY,
    "innbyggere": Responsibility.RESIDENTS,
    "innbyggerne": Responsibility.RESIDENTS,
    "residents": Responsibility.RESIDENTS,
    "sammen": Responsibility.TOGETHER,
    "sammen (samskaping)": Responsibility.TOGETHER,
    "samskaping": Responsibility.TOGETHER,
    "together": Responsibility.TOGETHER,
}
NORWEGIAN_DATE = re.compile(
    r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$"
)
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?.*)?$")
FOCUS_SEPARATOR = re.compile(r"[|;]")


def error_message(code: str, value: Any = "") -> str:
    template = ERRORS[code]
    return str(template) % {"value": value} if "%(value)s" in str(template) else str(template)


@dataclass(frozen=True)
class RowError:
    row: int
    code: str
    value: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "code": self.code, "value": self.value}


@dataclass
class ParsedRow:
    row: int
    text: str
    focus_area_ids: list[int]
    responsibility: str
    received_at: datetime.datetime | None
    activity_id: int | None
    language: str
    external_id: str
    key: str

    def preview(self, focus_titles: dict[int, str]) -> dict[str, Any]:
        return {
            "row": self.row,
            "text": self.text[:300],
            "focus_areas": [focus_titles[pk] for pk in self.focus_area_ids],
            "responsibility": self.responsibility,
            "received_at": self.received_at.isoformat() if self.received_at else "",
            "external_id": self.external_id,
        }


@dataclass
class Analysis:
    total: int = 0
    good: int = 0
    duplicates: int = 0
    errors: list[RowError] = field(default_factory=list)
    preview: list[dict[str, Any]] = field(default_factory=list)

    @property
    def refused_rows(self) -> int:
        return len({error.row for error in self.errors})


def _normal(header: str) -> str:
    name = header.strip().lower()
    # Decidim's language suffix: "title/nb", "category/name/nb".
    return re.sub(r"/(?!id$)[a-z]{2}(?:-[a-z]{2})?$", "", name) if "/" in name else name


PREFERRED_LANGUAGES = ["nb", "no", "nn", "en"]


def _language_rank(header: str) -> int:
    suffix = header.lower().rsplit("/", 1)[-1] if "/" in header else ""
    return PREFERRED_LANGUAGES.index(suffix) if suffix in PREFERRED_LANGUAGES else 9


def guess_mapping(headers: list[str], fmt: str) -> dict[str, Any]:
    """A first mapping from header names; the person checks it before anything is read."""
    by_name: dict[str, list[str]] = {}
    for header in headers:
        by_name.setdefault(_normal(header), []).append(header)
    for names in by_name.values():
        names.sort(key=_language_rank)
    mapping: dict[str, Any] = {}
    if fmt == Format.DECIDIM and "title" in by_name and "body" in by_name:
        mapping["text"] = [by_name["title"][0], by_name["body"][0]]
    for name, candidates in GUESSES.items():
        if name in mapping:
            continue
        for candidate in candidates:
            if candidate in by_name:
                header = by_name[candidate][0]
                mapping[name] = [header] if name in MULTI_COLUMN_FIELDS else header
                break
    if fmt == Format.DECIDIM:
        # Decidim's categories rarely match a process's focus areas one to one.
        mapping["ignore_unknown_focus_areas"] = True
    return mapping


def parse_mapping_arg(pairs: Iterable[str], headers: list[str]) -> dict[str, Any]:
    """ "text=Tekst", "text=title/nb+body/nb", "focus_areas=Tema" → a mapping."""
    mapping: dict[str, Any] = {}
    for pair in pairs:
        name, sep, columns = pair.partition("=")
        name = name.strip()
        if not sep or name not in FIELDS:
            raise ValueError(
                str(_("Ukjent felt «%(name)s». Bruk et av: %(fields)s."))
                % {"name": name, "fields": ", ".join(FIELDS)}
            )
        parts = [column.strip() for column in columns.split("+")]
        mapping[name] = parts if name in MULTI_COLUMN_FIELDS else parts[0]
    return mapping


def check_mapping(mapping: dict[str, Any], headers: list[str]) -> dict[str, str]:
    """Problems with a mapping, by field: text missing, a column that is not in the file."""
    problems = {}
    if not mapping.get("text"):
        problems["text"] = str(_("Velg minst én kolonne med teksten."))
    for name in FIELDS:
        columns = mapping.get(name) or []
        for column in [columns] if isinstance(columns, str) else columns:
            if column not in headers:
                problems[name] = str(_("Filen har ingen kolonne «%(column)s».")) % {
                    "column": column
                }
    return problems


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").strip()


def parse_date(value: Any) -> tuple[datetime.datetime | None, str | None]:
    """(moment, None), or (None, error code). Naive times are local (Europe/Oslo); a date
    without a time is noon, so it stays the same day in any time zone."""
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, datetime.date):
        moment = datetime.datetime.combine(value, datetime.time(12))
    else:
        text = _text(value)
        if match := NORWEGIAN_DATE.match(text):
            day, month, year, hour, minute, second = match.groups()
        elif match := ISO_DATE.match(text):
            year, month, day, hour, minute, second = match.groups()
        else:
            return None, "unknown_date"
        try:
            moment = datetime.datetime(
                int(year), int(month), int(day), int(hour or 12), int(minute or 0), int(second or 0)
            )
        except ValueError:
            return None, "impossible_date"
        if hour is not None and ISO_DATE.match(text):
            # An offset or "UTC" after the time (Decidim writes "2016-03-01 18:04:11 UTC").
            try:
                moment = datetime.datetime.fromisoformat(text.replace(" UTC", "+00:00"))
            except ValueError:
                return None, "unknown_date"
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=timezone.get_default_timezone())
    return moment, None


def row_key(process: Process, external_id: str, content: list[str]) -> str:
    """The idempotency key of an imported row: by its external id when the file has one
    (so a corrected text does not import twice), else by its normalised content."""
    if external_id:
        basis = ["id", str(process.pk), external_id]
    else:
        basis = ["row", str(process.pk), *content]
    digest = hashlib.sha256(json.dumps(basis, ensure_ascii=False).encode()).hexdigest()
    return f"import:{digest}"


DUPLICATE = None


class RowParser:
    """Checks rows against a mapping and a process's focus areas and activities."""

    def __init__(self, process: Process, headers: list[str], mapping: dict[str, Any]):
        self.process = process
        index = {header: i for i, header in enumerate(headers)}
        self.width = len(headers)

        def columns(name: str) -> list[int]:
            value = mapping.get(name) or []
            return [index[column] for column in ([value] if isinstance(value, str) else value)]

        self.columns = {name: columns(name) for name in FIELDS}
        self.ignore_unknown_focus_areas = bool(mapping.get("ignore_unknown_focus_areas"))
        self.focus_areas: dict[str, int] = {}
        self.focus_titles: dict[int, str] = {}
        areas = list(FocusArea.objects.filter(process=process).values_list("pk", "key", "title"))
        for pk, key, title in areas:
            self.focus_areas[key.lower()] = pk
            self.focus_areas[title.strip().lower()] = pk
            self.focus_titles[pk] = title
        self.activities: dict[str, int] = {}
        for pk, title in Activity.objects.filter(method__process=process).values_list(
            "pk", "title"
        ):
            self.activities[str(pk)] = pk
            self.activities.setdefault(title.strip().lower(), pk)
        self.seen_keys: dict[str, int] = {}
        # Values repeat down a column (the same few focus areas, dates, languages), so each
        # distinct one is checked once.
        self._focus_cache: dict[str, tuple[list[int], list[str]]] = {}
        self._date_cache: dict[Any, tuple[datetime.datetime | None, str | None]] = {}
        self._language_cache: dict[str, bool] = {}
        # What the check depends on besides the file: a stored check is reused only while
        # this is unchanged (see write_checked / read_checked).
        self.fingerprint = hashlib.sha256(
            json.dumps(
                [
                    CHECKED_VERSION,
                    process.pk,
                    headers,
                    mapping,
                    sorted(areas),
                    sorted(self.activities.items()),
                ],
                ensure_ascii=False,
                sort_keys=True,
                default=str,
            ).encode()
        ).hexdigest()

    def _focus(self, raw: str) -> tuple[list[int], list[str]]:
        """The focus areas a cell names, and the names that are unknown."""
        found = self._focus_cache.get(raw)
        if found is None:
            ids: list[int] = []
            unknown: list[str] = []
            for part in FOCUS_SEPARATOR.split(raw):
                name = part.strip()
                if not name:
                    continue
                pk = self.focus_areas.get(name.lower())
                if pk is None:
                    if not self.ignore_unknown_focus_areas:
                        unknown.append(name)
                elif pk not in ids:
                    ids.append(pk)
            found = self._focus_cache[raw] = (ids, unknown)
        return found

    def _date(self, value: Any) -> tuple[datetime.datetime | None, str | None]:
        try:
            return self._date_cache[value]
        except KeyError:
            found = self._date_cache[value] = parse_date(value)
            return found
        except TypeError:  # not hashable
            return parse_date(value)

    def _language_ok(self, language: str) -> bool:
        ok = self._language_cache.get(language)
        if ok is None:
            ok = self._language_cache[language] = bool(
                len(language) <= 16 and LANGUAGE_CODE.match(language)
            )
        return ok

    def _value(self, values: list[Any], name: str) -> Any:
        columns = self.columns[name]
        if not columns:
            return None
        return values[columns[0]] if columns[0] < len(values) else None

    def parse(self, number: int, values: list[Any]) -> ParsedRow | list[RowError] | None:
        """The row ready to store, its errors, or DUPLICATE for a repeat within the file."""
        errors: list[RowError] = []
        parts = [_text(values[i]) if i < len(values) else "" for i in self.columns["text"]]
        text = "\n\n".join(part for part in parts if part)
        if not text:
            errors.append(RowError(number, "empty_text"))

        focus_ids, unknown = self._focus(_text(self._value(values, "focus_areas")))
        for name in unknown:
            errors.append(RowError(number, "unknown_focus_area", name))

        responsibility = ""
        if raw := _text(self._value(values, "responsibility")):
            responsibility = RESPONSIBILITY_WORDS.get(raw.lower(), "")
            if not responsibility:
                errors.append(RowError(number, "unknown_responsibility", raw))

        received_at = None
        raw_date = self._value(values, "received_at")
        if raw_date not in (None, "") and _text(raw_date):
            received_at, code = self._date(raw_date)
            if code:
                errors.append(RowError(number, code, _text(raw_date)))

        activity_id = None
        if raw := _text(self._value(values, "activity")):
            activity_id = self.activities.get(raw.lower())
            if activity_id is None:
                errors.append(RowError(number, "unknown_activity", raw))

        language = "nb"
        if raw := _text(self._value(values, "language")):
            language = raw.lower()
            if not self._language_ok(language):
                errors.append(RowError(number, "unknown_language", raw))

        external_id = _text(self._value(values, "external_id"))[:200]
        if errors:
            return errors
        key = row_key(
            self.process,
            external_id,
            [
                text,
                ",".join(map(str, sorted(focus_ids))),
                responsibility,
                received_at.isoformat() if received_at else "",
                str(activity_id or ""),
                language,
            ],
        )
        if key in self.seen_keys:
            # The same row twice in one file imports once: the repeat is skipped, not refused.
            return DUPLICATE
        self.seen_keys[key] = number
        return ParsedRow(
            row=number,
            text=text,
            focus_area_ids=list(focus_ids),
            responsibility=responsibility,
            received_at=received_at,
            activity_id=activity_id,
            language=language,
            external_id=external_id,
            key=key,
        )


PREVIEW_ROWS = 10
Progress = Callable[[int, int], None]
Checked = ParsedRow | list[RowError] | None

# The checked rows of a file, kept beside the upload between the check and the import so the
# import need not read and check the file again. One JSON array a line: a header with the
# fingerprint of what the check depended on, then per row ["r", ParsedRow fields...],
# ["e", [[row, code, value], ...]] or ["d"] (a repeat), then ["end", number of rows].
CHECKED_VERSION = 1


def iter_rows(
    path: str,
    fmt: str,
    process: Process,
    headers: list[str],
    mapping: dict[str, Any],
    parser: RowParser | None = None,
) -> Iterator[Checked]:
    reader = open_reader(path, "csv" if fmt == Format.DECIDIM else fmt)
    try:
        parser = parser or RowParser(process, headers, mapping)
        parse = parser.parse
        for number, values in reader.rows():
            yield parse(number, values)
    finally:
        reader.close()


def _checked_line(parsed: Checked) -> list[Any]:
    if parsed is DUPLICATE:
        return ["d"]
    if isinstance(parsed, ParsedRow):
        return [
            "r",
            parsed.row,
            parsed.text,
            parsed.focus_area_ids,
            parsed.responsibility,
            parsed.received_at.isoformat() if parsed.received_at else "",
            parsed.activity_id,
            parsed.language,
            parsed.external_id,
            parsed.key,
        ]
    return ["e", [[error.row, error.code, error.value] for error in parsed]]


def read_checked(path: str, fingerprint: str) -> list[Checked] | None:
    """The rows a check kept at `path`, or None when there are none, the file is incomplete,
    or what the check depended on (mapping, focus areas, activities) has changed since."""
    try:
        handle = open(path, encoding="utf-8")  # noqa: SIM115 (closed below)
    except OSError:
        return None
    rows: list[Checked] = []
    fromiso = datetime.datetime.fromisoformat
    with handle:
        try:
            header = json.loads(handle.readline())
            if header != {"version": CHECKED_VERSION, "fingerprint": fingerprint}:
                return None
            for line in handle:
                item = json.loads(line)
                kind = item[0]
                if kind == "r":
                    _kind, row, text, focus, resp, received, activity, lang, ext, key = item
                    rows.append(
                        ParsedRow(
                            row, text, focus, resp, fromiso(received) if received else None,
                            activity, lang, ext, key,
                        )
                    )  # fmt: skip
                elif kind == "e":
                    rows.append([RowError(*error) for error in item[1]])
                elif kind == "d":
                    rows.append(DUPLICATE)
                elif kind == "end":
                    return rows if item[1] == len(rows) else None
        except (ValueError, TypeError, IndexError, KeyError):
            return None
    return None  # no end line: the check did not finish writing


def analyse(
    path: str,
    fmt: str,
    process: Process,
    headers: list[str],
    mapping: dict[str, Any],
    progress: Progress | None = None,
    estimate: int = 0,
    keep_path: str | None = None,
) -> Analysis:
    """Every row checked, every problem named; nothing stored. With keep_path, the checked
    rows are also written there for read_checked."""
    result = Analysis()
    parser = RowParser(process, headers, mapping)
    parser_titles = parser.focus_titles
    out = None
    if keep_path:
        out = open(f"{keep_path}.part", "w", encoding="utf-8")  # noqa: SIM115 (closed below)
        header = {"version": CHECKED_VERSION, "fingerprint": parser.fingerprint}
        out.write(json.dumps(header) + "\n")
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    try:
        for parsed in iter_rows(path, fmt, process, headers, mapping, parser):
            result.total += 1
            if out is not None:
                out.write(dumps(_checked_line(parsed)) + "\n")
            if parsed is DUPLICATE:
                result.duplicates += 1
            elif isinstance(parsed, ParsedRow):
                result.good += 1
                if len(result.preview) < PREVIEW_ROWS:
                    result.preview.append(parsed.preview(parser_titles))
            else:
                result.errors.extend(parsed)
            if progress and result.total % 1000 == 0:
                progress(result.total, max(estimate, result.total))
        if result.total == 0:
            raise ImportFileError(str(_("Filen har bare overskrifter og ingen rader å importere.")))
        if out is not None:
            out.write(dumps(["end", result.total]) + "\n")
            out.close()
            os.replace(f"{keep_path}.part", keep_path)
    finally:
        if out is not None and not out.closed:
            out.close()
            os.unlink(f"{keep_path}.part")
    return result

"""Pol.is' open-data layout: comments.csv, votes.csv and participants-votes.csv (with
summary.csv beside them). Reading checks every row and names the file and line of the first
fault; writing makes the same files from a conversation, in a zip."""

import csv
import datetime
import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sammen.inputs.privacy import mask_personal_data

from .models import Conversation, ConversationAnalysis, Statement, Vote

COMMENTS = "comments.csv"
VOTES = "votes.csv"
PARTICIPANTS = "participants-votes.csv"
SUMMARY = "summary.csv"

COMMENT_COLUMNS = (
    "timestamp",
    "datetime",
    "comment-id",
    "author-id",
    "agrees",
    "disagrees",
    "moderated",
    "comment-body",
)
VOTE_COLUMNS = ("timestamp", "datetime", "comment-id", "voter-id", "vote")
PARTICIPANT_COLUMNS = ("participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree")
# What a file must have for sammen to read it (the counts and dates are worked out again).
REQUIRED = {
    COMMENTS: ("timestamp", "comment-id", "author-id", "moderated", "comment-body"),
    VOTES: ("timestamp", "comment-id", "voter-id", "vote"),
    PARTICIPANTS: ("participant",),
}
# Pol.is' "moderated": 1 shown, -1 moderated out, 0 not yet looked at (shown to voters
# unless the conversation demanded moderation first; its votes count in Pol.is' analysis).
MODERATION = {
    "1": Statement.Moderation.APPROVED,
    "0": Statement.Moderation.APPROVED,
    "-1": Statement.Moderation.REJECTED,
}
MODERATED = {
    Statement.Moderation.APPROVED: 1,
    Statement.Moderation.PENDING: 0,
    Statement.Moderation.REJECTED: -1,
}


@dataclass
class Comment:
    number: int
    author: int | None  # none for staff's statements in sammen's own export
    moderation: str
    text: str
    created: datetime.datetime


@dataclass
class PolisConversation:
    comments: list[Comment] = field(default_factory=list)
    # (voter, comment) -> (choice, time): the last vote, as Pol.is lists every change.
    votes: dict[tuple[int, int], tuple[int, datetime.datetime]] = field(default_factory=dict)
    participants: set[int] = field(default_factory=set)


def _refuse(file: str, line: int, message: str) -> ValidationError:
    return ValidationError(
        _("%(file)s, rad %(line)d: %(message)s") % {"file": file, "line": line, "message": message}
    )


def _rows(name: str, data: bytes):
    """The file's rows as dicts with their line numbers (the header is line 1)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("%(file)s er ikke lagret som UTF-8.") % {"file": name}) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [column for column in REQUIRED[name] if column not in header]
    if missing:
        raise ValidationError(
            _("%(file)s mangler kolonnen «%(column)s». Kolonnene som trengs, er: %(all)s.")
            % {"file": name, "column": missing[0], "all": ", ".join(REQUIRED[name])}
        )
    for row in reader:
        yield reader.line_num, row


def _integer(name: str, line: int, row: Mapping, column: str) -> int:
    value = (row.get(column) or "").strip()
    try:
        return int(value)
    except ValueError:
        raise _refuse(
            name,
            line,
            _("«%(column)s» må være et heltall, ikke «%(value)s».")
            % {"column": column, "value": value[:40]},
        ) from None


def _time(name: str, line: int, row: Mapping) -> datetime.datetime:
    milliseconds = _integer(name, line, row, "timestamp")
    try:
        return datetime.datetime.fromtimestamp(milliseconds / 1000, tz=datetime.UTC)
    except (OverflowError, OSError, ValueError):
        raise _refuse(name, line, _("tidsstempelet er ugyldig.")) from None


def read_polis(files: Mapping[str, bytes]) -> PolisConversation:
    """Read a Pol.is export (its files by name). Raises ValidationError naming the file and
    the line of the first fault: a missing file or column, an unknown statement, a bad vote."""
    for name in (COMMENTS, VOTES):
        if name not in files:
            raise ValidationError(_("Filen %(file)s mangler.") % {"file": name})
    result = PolisConversation()
    numbers: set[int] = set()
    for line, row in _rows(COMMENTS, files[COMMENTS]):
        number = _integer(COMMENTS, line, row, "comment-id")
        if number < 0 or number in numbers:
            raise _refuse(
                COMMENTS,
                line,
                _("påstand %(number)d står to ganger.") % {"number": number}
                if number in numbers
                else _("«comment-id» kan ikke være negativ."),
            )
        moderated = (row.get("moderated") or "").strip()
        if moderated not in MODERATION:
            raise _refuse(
                COMMENTS,
                line,
                _("«moderated» må være 1, 0 eller -1, ikke «%(value)s».") % {"value": moderated},
            )
        text = " ".join((row.get("comment-body") or "").split())
        if not text:
            raise _refuse(COMMENTS, line, _("påstanden er tom."))
        author = None
        if (row.get("author-id") or "").strip():
            author = _integer(COMMENTS, line, row, "author-id")
            result.participants.add(author)
        numbers.add(number)
        result.comments.append(
            Comment(number, author, MODERATION[moderated], text, _time(COMMENTS, line, row))
        )
    for line, row in _rows(VOTES, files[VOTES]):
        number = _integer(VOTES, line, row, "comment-id")
        if number not in numbers:
            raise _refuse(
                VOTES,
                line,
                _("stemmen gjelder påstand %(number)d, som ikke står i %(file)s.")
                % {"number": number, "file": COMMENTS},
            )
        voter = _integer(VOTES, line, row, "voter-id")
        choice = _integer(VOTES, line, row, "vote")
        if choice not in (-1, 0, 1) or voter < 0:
            raise _refuse(
                VOTES,
                line,
                _("«vote» må være 1 (enig), -1 (uenig) eller 0 (står over), ikke %(value)d.")
                % {"value": choice}
                if voter >= 0
                else _("«voter-id» kan ikke være negativ."),
            )
        when = _time(VOTES, line, row)
        earlier = result.votes.get((voter, number))
        if earlier is None or earlier[1] <= when:
            result.votes[(voter, number)] = (choice, when)
        result.participants.add(voter)
    if PARTICIPANTS in files:
        _check_participants(files[PARTICIPANTS], numbers, result)
    return result


def _check_participants(data: bytes, numbers: set[int], result: PolisConversation) -> None:
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    header = next(reader, [])
    if "participant" not in header:
        raise ValidationError(
            _("%(file)s mangler kolonnen «%(column)s».")
            % {"file": PARTICIPANTS, "column": "participant"}
        )
    for column in header[len(PARTICIPANT_COLUMNS) :]:
        if not column.strip().lstrip("-").isdecimal() or int(column) not in numbers:
            raise _refuse(
                PARTICIPANTS,
                1,
                _("kolonnen «%(column)s» er ingen påstand i %(file)s.")
                % {"column": column[:40], "file": COMMENTS},
            )
    position = header.index("participant")
    for row in reader:
        if len(row) > position and row[position].strip():
            line = reader.line_num
            result.participants.add(
                _integer(PARTICIPANTS, line, {"participant": row[position]}, "participant")
            )


def _datetime_text(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%a %b %d %H:%M:%S UTC %Y")


def _millis(moment: datetime.datetime) -> int:
    return int(moment.timestamp() * 1000)


def _csv(header, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def export_polis(conversation: Conversation) -> bytes:
    """The conversation in Pol.is' layout, zipped. Statement texts have personal data masked
    as on public pages; voters are known only by their numbers."""
    statements = list(conversation.statements.select_related("author").order_by("number"))
    votes = list(
        Vote.objects.filter(statement__conversation=conversation)
        .order_by("voted_at", "pk")
        .values_list("voted_at", "statement__number", "voter__number", "choice")
    )
    tallies: dict[int, list[int]] = {}
    per_voter: dict[int, dict[int, int]] = {}
    for _when, statement, voter, choice in votes:
        tally = tallies.setdefault(statement, [0, 0])
        if choice:
            tally[0 if choice == 1 else 1] += 1
        per_voter.setdefault(voter, {})[statement] = choice
    authored: dict[int, int] = {}
    comments = []
    for statement in statements:
        author = statement.author.number if statement.author else ""
        if statement.author:
            authored[statement.author.number] = authored.get(statement.author.number, 0) + 1
        agrees, disagrees = tallies.get(statement.number, [0, 0])
        comments.append(
            [
                _millis(statement.created_at),
                _datetime_text(statement.created_at),
                statement.number,
                author,
                agrees,
                disagrees,
                MODERATED[statement.moderation],
                mask_personal_data(statement.text),
            ]
        )
    vote_rows = [
        [_millis(when), _datetime_text(when), statement, voter, choice]
        for when, statement, voter, choice in votes
    ]
    group_of = _groups_by_voter_number(conversation)
    numbers = [statement.number for statement in statements]
    participants = []
    for voter in sorted(set(per_voter) | set(authored)):
        cast = per_voter.get(voter, {})
        choices = list(cast.values())
        participants.append(
            [
                voter,
                group_of.get(voter, ""),
                authored.get(voter, 0),
                len(choices),
                choices.count(1),
                choices.count(-1),
                *[cast.get(number, "") for number in numbers],
            ]
        )
    analysis = ConversationAnalysis.objects.filter(conversation=conversation).first()
    summary = [
        ["topic", conversation.question],
        ["voters", len(per_voter)],
        ["commenters", len(authored)],
        ["comments", len(statements)],
        ["groups", len(analysis.result.get("groups", [])) if analysis else 0],
        ["conversation-description", conversation.description],
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(COMMENTS, _csv(COMMENT_COLUMNS, comments))
        archive.writestr(VOTES, _csv(VOTE_COLUMNS, vote_rows))
        archive.writestr(PARTICIPANTS, _csv([*PARTICIPANT_COLUMNS, *numbers], participants))
        summary_buffer = io.StringIO()
        csv.writer(summary_buffer, lineterminator="\n").writerows(summary)
        archive.writestr(SUMMARY, summary_buffer.getvalue().encode())
    return buffer.getvalue()


def _groups_by_voter_number(conversation: Conversation) -> dict[int, int]:
    analysis = ConversationAnalysis.objects.filter(conversation=conversation).first()
    if analysis is None:
        return {}
    numbers = dict(conversation.voters.values_list("pk", "number"))
    return {
        numbers[member]: index
        for index, group in enumerate(analysis.result.get("groups", []))
        for member in group["members"]
        if member in numbers
    }


def files_from_upload(uploaded) -> dict[str, bytes]:
    """The files of an upload: a zip holding the CSV files (in any folder), or one CSV file
    named as Pol.is names it."""
    data = uploaded.read()
    if zipfile.is_zipfile(io.BytesIO(data)):
        files = {}
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                name = info.filename.rsplit("/", 1)[-1]
                if name in REQUIRED or name == SUMMARY:
                    if info.file_size > 200 * 1024 * 1024:
                        raise ValidationError(_("%(file)s er for stor.") % {"file": name})
                    files[name] = archive.read(info)
        return files
    return {uploaded.name.rsplit("/", 1)[-1]: data}

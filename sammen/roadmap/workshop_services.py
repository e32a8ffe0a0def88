"""The roadmap workshop (veikartverksted): setting it up, ballot codes, and ballots cast online
or registered from paper sheets. Every write is audited; a ballot is anonymous (its audit
entry has no actor when cast online, and says nothing of who voted).

A ballot spreads at most the workshop's points over its actions: whole numbers, none
negative, at least one point in all. A refused ballot saves nothing.
"""

import hashlib
import hmac
from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from sammen.core.receipts import normalise_receipt_code, unique_receipt_codes
from sammen.core.services import record_audit, save_validated
from sammen.engagement.models import Activity

from .models import Action, Ballot, BallotCode, BallotPoints, Workshop
from .workshop_selectors import workshop_actions

# How many codes one request may print: a full hall, not a denial of service.
MAX_CODES_AT_ONCE = 500


def browser_token_hash(token: str) -> str:
    """The stored form of a browser's ballot token: a keyed hash, so the database alone
    cannot tell which browser voted, and a token cannot be made up from a stored value."""
    key = f"sammen.roadmap.ballot:{settings.SECRET_KEY}".encode()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def set_up_workshop(
    *,
    actor,
    activity: Activity,
    points_per_ballot: int,
    is_open: bool,
    requires_code: bool,
) -> Workshop:
    """Create the activity's workshop, or change its settings."""
    workshop = Workshop.objects.select_for_update().filter(activity=activity).first()
    fields = {
        "points_per_ballot": points_per_ballot,
        "is_open": is_open,
        "requires_code": requires_code,
    }
    if workshop is None:
        workshop = Workshop(activity=activity, **fields)
        save_validated(workshop)
        record_audit(
            actor=actor,
            action="create",
            obj=workshop,
            changes={name: [None, value] for name, value in fields.items()},
            scope=activity.method.process,
        )
        return workshop
    if workshop.ballots.exists() and points_per_ballot != workshop.points_per_ballot:
        raise ValidationError(
            {
                "points_per_ballot": _(
                    "Poeng per deltaker kan ikke endres etter at det er levert stemmesedler: "
                    "da ville sedlene telle ulikt."
                )
            }
        )
    changes = {}
    for name, value in fields.items():
        if getattr(workshop, name) != value:
            changes[name] = [getattr(workshop, name), value]
            setattr(workshop, name, value)
    if changes:
        save_validated(workshop)
        record_audit(
            actor=actor,
            action="update",
            obj=workshop,
            changes=changes,
            scope=activity.method.process,
        )
    return workshop


@transaction.atomic
def create_ballot_codes(*, actor, workshop: Workshop, count: int) -> list[BallotCode]:
    """New ballot codes to print and hand out, one per participant."""
    if not 1 <= count <= MAX_CODES_AT_ONCE:
        raise ValidationError(
            {"count": _("Lag mellom 1 og %(max)d koder om gangen.") % {"max": MAX_CODES_AT_ONCE}}
        )

    def in_use(candidates):
        return BallotCode.objects.filter(code__in=candidates).values_list("code", flat=True)

    codes = BallotCode.objects.bulk_create(
        BallotCode(workshop=workshop, code=code)
        for code in sorted(unique_receipt_codes(count, in_use))
    )
    record_audit(
        actor=actor,
        action="create",
        obj=codes[0],
        changes={"count": [None, count]},
        scope=workshop.activity.method.process,
    )
    return codes


def _clean_points(workshop: Workshop, points: Mapping[int, object]) -> dict[Action, int]:
    """The ballot's points by action, checked: every action one of the workshop's, every
    figure a whole number from 0 up, at least one point and at most the allowance."""
    actions = {action.pk: action for action in workshop_actions(workshop)}
    errors = []
    cleaned: dict[Action, int] = {}
    for action_id, raw in points.items():
        action = actions.get(action_id)
        if action is None:
            errors.append(_("Et av tiltakene finnes ikke i dette verkstedet. Last siden på nytt."))
            continue
        if raw in (None, ""):
            continue
        try:
            value = int(str(raw).strip())
        except ValueError:
            errors.append(
                _("«%(action)s»: skriv poengene som et helt tall.") % {"action": action.title}
            )
            continue
        if value < 0:
            errors.append(
                _("«%(action)s»: poeng kan ikke være negative.") % {"action": action.title}
            )
            continue
        if value:
            cleaned[action] = value
    if errors:
        raise ValidationError(errors)
    total = sum(cleaned.values())
    allowance = workshop.points_per_ballot
    if total > allowance:
        raise ValidationError(
            ngettext(
                "Du har delt ut %(total)d poeng, men hver deltaker har bare %(allowance)d "
                "poeng. Ta bort %(over)d poeng.",
                "Du har delt ut %(total)d poeng, men hver deltaker har bare %(allowance)d "
                "poeng. Ta bort %(over)d poeng.",
                total - allowance,
            )
            % {"total": total, "allowance": allowance, "over": total - allowance}
        )
    if total == 0:
        raise ValidationError(_("Gi minst ett poeng til et tiltak."))
    return cleaned


def _save_ballot(*, actor, workshop: Workshop, ballot: Ballot, points: dict[Action, int]):
    ballot.save()
    BallotPoints.objects.bulk_create(
        BallotPoints(ballot=ballot, action=action, points=value) for action, value in points.items()
    )
    record_audit(
        actor=actor,
        action="create",
        obj=ballot,
        changes={
            "channel": [None, ballot.channel],
            "sheet_number": [None, ballot.sheet_number],
            "points": [None, {str(action.pk): value for action, value in points.items()}],
        },
        scope=workshop.activity.method.process,
    )
    return ballot


ALREADY_VOTED_CODE = gettext_lazy(
    "Denne stemmekoden er allerede brukt. Hver kode gir én stemmeseddel."
)
ALREADY_VOTED_BROWSER = gettext_lazy(
    "Det er allerede levert en stemmeseddel fra denne nettleseren. Hver deltaker leverer én "
    "stemmeseddel."
)


@transaction.atomic
def cast_online_ballot(
    *,
    workshop: Workshop,
    points: Mapping[int, object],
    code: str = "",
    browser_token: str = "",
) -> Ballot:
    """A participant's ballot from the voting page: with a ballot code when the workshop
    asks for one, otherwise one per browser (the token of a cookie the page set)."""
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    if not workshop.is_open:
        raise ValidationError(_("Avstemningen er stengt. Stemmeseddelen din er ikke lagret."))
    ballot = Ballot(workshop=workshop, channel=Ballot.Channel.ONLINE)
    if workshop.requires_code:
        normalised = normalise_receipt_code(code)
        if not normalised:
            raise ValidationError({"code": _("Skriv inn stemmekoden du fikk på verkstedet.")})
        ballot_code = (
            BallotCode.objects.select_for_update()
            .filter(workshop=workshop, code=normalised)
            .first()
        )
        if ballot_code is None:
            raise ValidationError(
                {
                    "code": _(
                        "Vi fant ikke stemmekoden «%(code)s» for dette verkstedet. Sjekk at du "
                        "har skrevet den riktig: åtte tegn, for eksempel ABCD-EFGH."
                    )
                    % {"code": normalised[:20]}
                }
            )
        if Ballot.objects.filter(code=ballot_code).exists():
            raise ValidationError({"code": ALREADY_VOTED_CODE})
        ballot.code = ballot_code
    else:
        if not browser_token:
            raise ValidationError(
                _(
                    "Nettleseren din tok ikke imot informasjonskapselen som sikrer én "
                    "stemmeseddel per deltaker. Slå på informasjonskapsler for denne siden og "
                    "prøv igjen."
                )
            )
        ballot.browser_token_hash = browser_token_hash(browser_token)
        if Ballot.objects.filter(
            workshop=workshop, browser_token_hash=ballot.browser_token_hash
        ).exists():
            raise ValidationError(ALREADY_VOTED_BROWSER)
    cleaned = _clean_points(workshop, points)
    try:
        with transaction.atomic():
            return _save_ballot(actor=None, workshop=workshop, ballot=ballot, points=cleaned)
    except IntegrityError:
        # A second request with the same code or browser that passed the check at once.
        raise ValidationError(
            ALREADY_VOTED_CODE if ballot.code_id else ALREADY_VOTED_BROWSER
        ) from None


@transaction.atomic
def register_paper_ballot(
    *, actor, workshop: Workshop, sheet_number: str, points: Mapping[int, object]
) -> Ballot:
    """A paper sheet typed in by staff: its number (written on the sheet) keeps a sheet from
    being registered twice."""
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    sheet_number = (sheet_number or "").strip()
    if not sheet_number:
        raise ValidationError({"sheet_number": _("Skriv skjemanummeret som står på arket.")})
    if Ballot.objects.filter(workshop=workshop, sheet_number=sheet_number).exists():
        raise ValidationError(
            {
                "sheet_number": _(
                    "Skjema %(number)s er allerede registrert. Sjekk nummeret på arket."
                )
                % {"number": sheet_number}
            }
        )
    cleaned = _clean_points(workshop, points)
    ballot = Ballot(workshop=workshop, channel=Ballot.Channel.PAPER, sheet_number=sheet_number)
    return _save_ballot(actor=actor, workshop=workshop, ballot=ballot, points=cleaned)


@transaction.atomic
def delete_paper_ballot(*, actor, ballot: Ballot) -> None:
    """Take back a paper sheet registered by mistake (online ballots stay: no one can vote
    again with the same code or browser)."""
    if ballot.channel != Ballot.Channel.PAPER:
        raise ValidationError(_("Bare papirskjema kan slettes."))
    record_audit(
        actor=actor,
        action="delete",
        obj=ballot,
        changes={
            "sheet_number": [ballot.sheet_number, None],
            "points": [
                {str(row.action_id): row.points for row in ballot.points.all()},
                None,
            ],
        },
        scope=ballot.workshop.activity.method.process,
    )
    ballot.delete()

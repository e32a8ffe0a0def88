from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sammen.contributors.models import ContributorQuestion
from sammen.contributors.services import record_contributor_details
from sammen.core.services import record_audit, save_changes, save_validated
from sammen.core.text import TEXT_MAX_LENGTH, strip_control_characters
from sammen.inputs.language import Detection, detect_language
from sammen.inputs.models import Input
from sammen.inputs.selectors import input_by_idempotency_key
from sammen.inputs.services import store_submitted_input
from sammen.processes.models import FocusArea, Process

from .models import AccessibilityStatement


@transaction.atomic
def save_accessibility_statement(*, actor, **fields: Any) -> AccessibilityStatement:
    """Fill in or change the site's one accessibility statement."""
    statement = AccessibilityStatement.objects.select_for_update().order_by("pk").first()
    if statement is None:
        statement = AccessibilityStatement(**fields)
        save_validated(statement)
        record_audit(actor=actor, action="create", obj=statement)
        return statement
    save_changes(actor=actor, obj=statement, fields=fields)
    return statement


class AlreadySubmitted(Exception):
    """The form's key was used for a different text: the page was reused (the back button)
    for a new input. Nothing is stored; the form is shown again with a fresh key."""


@dataclass(frozen=True)
class Submission:
    input: Input | None
    language: Detection
    # The rate limit held the new input back: nothing was stored.
    limited: bool = False


def submit_public_input(
    *,
    actor,
    process: Process,
    text: str,
    idempotency_key: str,
    page_language: str,
    focus_area: FocusArea | None = None,
    place_name: str = "",
    geometry: dict | None = None,
    answers: Mapping[ContributorQuestion, str] | None = None,
    email: str = "",
    over_limit: Callable[[], bool] | None = None,
) -> Submission:
    """Store an input from the public web form, waiting for moderation, with the voluntary
    answers and address. A retry of the same submission returns the input stored the
    first time.

    The hot path of a consultation, so it does the least that keeps every promise, in one
    transaction without savepoints. The key is looked up once, before it; `over_limit` (the
    rate limit, which counts in this transaction when it counts in the database) is asked
    only for an input not stored yet, as a retry is not a new submission; then the input, its
    answers and address, the audit entries and the embedding's task are inserted and
    committed together. When another request wins the race for the key, the IntegrityError
    rolls this transaction back; the caller looks the key up again (portal.views)."""
    text = strip_control_characters(text).strip()
    if len(text) > TEXT_MAX_LENGTH:
        raise ValidationError(
            {"text": _("Innspillet kan være høyst %(limit)d tegn.") % {"limit": TEXT_MAX_LENGTH}}
        )
    language = detect_language(text, fallback=page_language)
    if existing := input_by_idempotency_key(process, idempotency_key):
        if existing.text != text:
            raise AlreadySubmitted
        return Submission(existing, language)
    # Everything above only reads, so what it refuses leaves a caller's transaction whole.
    with transaction.atomic(savepoint=False):
        if over_limit is not None and over_limit():
            return Submission(None, language, limited=True)
        item = store_submitted_input(
            actor=actor,
            process=process,
            text=text,
            language=language.language,
            focus_area=focus_area,
            place_name=strip_control_characters(place_name).strip(),
            geometry=geometry,
            idempotency_key=idempotency_key,
        )
        if answers or email:
            record_contributor_details(actor=actor, item=item, answers=answers or {}, email=email)
    return Submission(item, language)

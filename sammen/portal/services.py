from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sammen.contributors.models import Contact, ContributorAnswer, ContributorQuestion
from sammen.contributors.services import record_contributor_details
from sammen.core.services import record_audit, save_changes, save_validated
from sammen.core.text import TEXT_MAX_LENGTH, strip_control_characters
from sammen.inputs.language import Detection, detect_language
from sammen.inputs.models import Input
from sammen.inputs.selectors import input_by_idempotency_key
from sammen.inputs.services import create_input
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
    input: Input
    language: Detection


@transaction.atomic
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
) -> Submission:
    """Store an input from the public web form, waiting for moderation, with the voluntary
    answers and address. A retry of the same submission returns the input stored the
    first time."""
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
    item = create_input(
        actor=actor,
        process=process,
        text=text,
        channel=Input.Channel.WEB,
        moderation=Input.Moderation.PENDING,
        language=language.language,
        focus_areas=[focus_area] if focus_area else [],
        place_name=strip_control_characters(place_name).strip(),
        geometry=geometry,
        idempotency_key=idempotency_key,
    )
    # Losing a race for the key returns the other request's input, details and all.
    already_detailed = (
        ContributorAnswer.objects.filter(input=item).exists()
        or Contact.objects.filter(input=item).exists()
    )
    if not already_detailed:
        record_contributor_details(actor=actor, item=item, answers=answers or {}, email=email)
    return Submission(item, language)

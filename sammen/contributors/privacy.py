"""A contributor's own view of the personal data held about them: what the page shows and
the JSON download holds. Reads only (the writes are in services.py)."""

import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from sammen.inputs.models import Input

from .models import Contact, PersonalDataDeletion

# What a confirmation link is for (core.links).
PERSONAL_DATA_LINK = "contributors.personal-data"
# Links for one receipt code in a day, at most: nobody can flood a contributor's inbox.
LINKS_PER_DAY = 3


@dataclass(frozen=True)
class Answer:
    question: str
    value: str


@dataclass(frozen=True)
class PersonalData:
    item: Input
    email: str
    consent_at: datetime.datetime | None
    email_delete_after: datetime.date | None
    answers: list[Answer] = field(default_factory=list)
    answers_delete_after: datetime.date | None = None


def answers_delete_after(item: Input) -> datetime.date:
    """The day after which the "about you" answers to `item` are deleted: the process's
    retention period, counted from when they were given."""
    given = timezone.localdate(item.received_at)
    return given + relativedelta(months=item.process.retention_months)


def personal_data_of(item: Input) -> PersonalData:
    contact = Contact.objects.filter(input=item).first()
    answers = [
        Answer(answer.question.label, answer.value)
        for answer in item.answers.select_related("question").order_by("question__order")
    ]
    return PersonalData(
        item=item,
        email=contact.email if contact else "",
        consent_at=contact.consent_at if contact else None,
        email_delete_after=contact.delete_after if contact else None,
        answers=answers,
        answers_delete_after=answers_delete_after(item) if answers else None,
    )


def as_json(data: PersonalData) -> dict:
    """Everything held, as the download gives it. Field names in English: a file for the
    person and for any program they give it to."""
    item = data.item
    return {
        "receipt_code": item.receipt_code,
        "process": item.process.name,
        "controller": item.process.organisation.name,
        "legal_basis": item.process.legal_basis,
        "purpose": item.process.personal_data_purpose,
        "retention_months": item.process.retention_months,
        "input": {
            "text": item.text,
            "place_name": item.place_name,
            "geometry": item.geometry,
            "language": item.language,
            "channel": item.channel,
            "received_at": item.received_at.isoformat(),
            "status": item.get_status_display(),
            "moderation": item.get_moderation_display(),
        },
        "contact": (
            {
                "email": data.email,
                "consent_at": data.consent_at.isoformat() if data.consent_at else None,
                "delete_after": data.email_delete_after.isoformat()
                if data.email_delete_after
                else None,
            }
            if data.email
            else None
        ),
        "about_you": [{"question": a.question, "answer": a.value} for a in data.answers],
        "about_you_delete_after": (
            data.answers_delete_after.isoformat() if data.answers_delete_after else None
        ),
    }


def deletion_for(code: str) -> PersonalDataDeletion | None:
    """What the contributor with this receipt code had done with their personal data."""
    return PersonalDataDeletion.objects.filter(receipt_code=code).first()


def has_contact(item: Input) -> bool:
    return Contact.objects.filter(input=item).exists()

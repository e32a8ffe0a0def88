"""The data inventory of a process, for its DPIA (personvernkonsekvensvurdering): which
personal data sammen holds, why, how much, and until when. Reads across the apps that hold
personal data, which is why it lives here."""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Count, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from sammen.childrens_map.models import ChildPlace, ChildRoute, ChildSession
from sammen.contributors.models import Contact, ContributorAnswer, PersonalDataDeletion
from sammen.engagement.models import ActivityAttachment
from sammen.gjestebud.models import Invitation
from sammen.imports.models import ImportBatch
from sammen.processes.models import Process


@dataclass(frozen=True)
class InventoryRow:
    what: str
    why: str
    amount: int
    unit: str
    oldest: datetime.date | None
    deleted_by: str
    # When the oldest of it is deleted at the latest (None: no fixed period, or none held).
    next_due: datetime.date | None = None


def _after(day: datetime.date | None, months: int) -> datetime.date | None:
    return day + relativedelta(months=months) if day else None


def _day(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


def _rule(months: int, start: str) -> str:
    return _("%(months)s måneder etter %(start)s, automatisk hver natt") % {
        "months": months,
        "start": start,
    }


def data_inventory(process: Process) -> list[InventoryRow]:
    months = process.retention_months
    purpose = process.personal_data_purpose or _("Ikke beskrevet for prosessen ennå.")
    contacts = Contact.objects.filter(input__process=process).aggregate(
        n=Count("pk"), first=Min("consent_at"), due=Min("delete_after")
    )
    # Illustrative answers (a demo's) are made up: nobody's personal data, never purged.
    answers = ContributorAnswer.objects.filter(
        input__process=process, is_illustrative=False
    ).aggregate(
        n=Count("pk"), inputs=Count("input", distinct=True), first=Min("input__received_at")
    )
    special = ContributorAnswer.objects.filter(
        input__process=process, question__special_category=True
    ).count()
    hosts = Invitation.objects.filter(process=process, personal_data_purged_at__isnull=True)
    host_figures = hosts.aggregate(
        n=Count("pk"), emails=Count("pk", filter=~Q(host_email="")), first=Min("created_at")
    )
    sessions = ChildSession.objects.filter(process=process)
    comments = (
        ChildRoute.objects.filter(session__process=process).exclude(comment="").count()
        + ChildPlace.objects.filter(session__process=process).exclude(comment="").count()
    )
    first_comment = sessions.filter(
        Q(routes__comment__gt="") | Q(places__comment__gt="")
    ).aggregate(first=Min("created_at"))["first"]
    attachments = ActivityAttachment.objects.filter(activity__method__process=process).aggregate(
        n=Count("pk"), size=Sum("size"), first=Min("uploaded_at")
    )
    uploads = (
        ImportBatch.objects.filter(process=process)
        .exclude(file="")
        .aggregate(n=Count("pk"), first=Min("created_at"))
    )
    deletions = PersonalDataDeletion.objects.filter(process=process).count()
    answer_note = _("%(answers)s svar fra %(inputs)s innspill") % {
        "answers": answers["n"],
        "inputs": answers["inputs"],
    }
    if special:
        answer_note += " " + _("(%(count)s i særlige kategorier)") % {"count": special}
    return [
        InventoryRow(
            _("E-postadresser fra innbyggere som vil ha beskjed om innspillet sitt"),
            purpose,
            contacts["n"],
            _("adresser"),
            _day(contacts["first"]),
            _rule(months, _("samtykket")),
            contacts["due"],
        ),
        InventoryRow(
            _("Svar om deg (frivillige spørsmål i innspillskjemaet)"),
            purpose,
            answers["n"],
            answer_note,
            _day(answers["first"]),
            _rule(months, _("innspillet kom inn")),
            _after(_day(answers["first"]), months),
        ),
        InventoryRow(
            _("Gjestebud-verters navn og e-post"),
            _("For å sende verten lenken til rapporten og kunne kontakte verten om den."),
            host_figures["n"],
            _("verter (%(emails)s med e-post)") % {"emails": host_figures["emails"]},
            _day(host_figures["first"]),
            _rule(months, _("lenken utløp eller rapporten ble godkjent")),
        ),
        InventoryRow(
            _("Barnetråkk: trinn, skole og kommentarer (aldri navn)"),
            _("For å se hvor barn ferdes og hvilke steder de liker eller synes er utrygge."),
            comments,
            _("kommentarer fra %(sessions)s økter") % {"sessions": sessions.count()},
            _day(first_comment),
            _rule(months, _("barnet tegnet")) + " " + _("(kommentarene; kartet blir)"),
            _after(_day(first_comment), months),
        ),
        InventoryRow(
            _("Vedlegg til aktiviteter (bilder av flippover, skjemaer)"),
            _("Dokumentasjon av hva som kom fram i aktiviteten."),
            attachments["n"],
            _("filer, %(mb).1f MB") % {"mb": (attachments["size"] or 0) / 1_000_000},
            _day(attachments["first"]),
            _("Så lenge aktiviteten finnes; slettes av stab på aktivitetens side"),
        ),
        InventoryRow(
            _("Opplastede importfiler (kan holde navn fra eksporter)"),
            _("Bare til importen er ferdig."),
            uploads["n"],
            _("filer"),
            _day(uploads["first"]),
            _("Når importen er ferdig; ellers etter %(days)s dager")
            % {"days": settings.SAMMEN_IMPORT_FILE_DAYS},
        ),
        InventoryRow(
            _("Slettinger bestilt av innbyggerne selv"),
            _("For å vise innbyggeren på kvitteringssiden hva som ble gjort."),
            deletions,
            _("kvitteringskoder med dato, uten andre opplysninger"),
            None,
            _("Så lenge prosessen finnes"),
        ),
    ]

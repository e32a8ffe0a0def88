"""Small factories for gjestebud tests. They go through the services, as the app does."""

import datetime
from typing import Any

from django.utils import timezone

from sammen.gjestebud.models import Invitation
from sammen.gjestebud.services import IssuedInvitation, Report, create_invitation, save_report
from sammen.processes.models import Process
from sammen.processes.services import add_focus_area
from sammen.processes.tests import factories as process_factories


def make_process(slug: str = "nabolaget", **fields: Any) -> Process:
    process = process_factories.make_process(slug=slug, **fields)
    add_focus_area(actor=None, process=process, key="sted", title="Stedsutvikling")
    add_focus_area(actor=None, process=process, key="tjenester", title="Offentlige tjenester")
    return process


def make_invitation(process: Process, **fields: Any) -> IssuedInvitation:
    fields.setdefault("host_name", "Kari Nordmann")
    fields.setdefault("host_email", "kari@example.no")
    fields.setdefault("questions", ["Hva er bra her?", "Hva mangler?"])
    return create_invitation(actor=None, process=process, **fields)


def a_report(invitation: Invitation, **fields: Any) -> Report:
    area = invitation.process.focus_areas.get(key="sted")
    values = {
        "held_on": timezone.localdate() - datetime.timedelta(days=1),
        "guests": 7,
        "age_bands": {"18_29": 2, "30_49": 3},
        "answers": ["Naboskapet", "En møteplass"],
        "inputs": [("Benker ved butikken", area), ("Lengre åpningstid på biblioteket", None)],
    }
    values.update(fields)
    return Report(**values)


def submit(invitation: Invitation, **fields: Any) -> Invitation:
    return save_report(invitation=invitation, report=a_report(invitation, **fields), submit=True)

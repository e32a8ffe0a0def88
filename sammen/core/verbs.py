"""Every verb the audit log knows, in one place. A verb is "<model>.<action>": the model's
name as Django spells it (`Model._meta.model_name`) and what happened to it. The values are
stored, so they never change; the labels are what the admin and the history pages show.

record_audit() refuses a verb that is not listed here: an app that audits a new kind of
change adds its verb below (no migration needed, see verb_choices)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditVerb(models.TextChoices):
    # accounts
    USER_CREATE = "user.create", _("bruker opprettet")

    # processes (create and update by the services; all three by the admin)
    ORGANISATION_CREATE = "organisation.create", _("organisasjon opprettet")
    ORGANISATION_UPDATE = "organisation.update", _("organisasjon endret")
    ORGANISATION_DELETE = "organisation.delete", _("organisasjon slettet")
    PROCESS_CREATE = "process.create", _("prosess opprettet")
    PROCESS_UPDATE = "process.update", _("prosess endret")
    PROCESS_DELETE = "process.delete", _("prosess slettet")
    PRINCIPLE_CREATE = "principle.create", _("nøkkel opprettet")
    PRINCIPLE_UPDATE = "principle.update", _("nøkkel endret")
    PRINCIPLE_DELETE = "principle.delete", _("nøkkel slettet")
    PHASE_CREATE = "phase.create", _("fase opprettet")
    PHASE_UPDATE = "phase.update", _("fase endret")
    PHASE_DELETE = "phase.delete", _("fase slettet")
    FOCUSAREA_CREATE = "focusarea.create", _("innsatsområde opprettet")
    FOCUSAREA_UPDATE = "focusarea.update", _("innsatsområde endret")
    FOCUSAREA_DELETE = "focusarea.delete", _("innsatsområde slettet")
    TARGETGROUP_CREATE = "targetgroup.create", _("målgruppe opprettet")
    TARGETGROUP_UPDATE = "targetgroup.update", _("målgruppe endret")
    TARGETGROUP_DELETE = "targetgroup.delete", _("målgruppe slettet")

    # engagement
    METHOD_CREATE = "method.create", _("metode opprettet")
    METHOD_UPDATE = "method.update", _("metode endret")
    METHOD_DELETE = "method.delete", _("metode slettet")
    ACTIVITY_CREATE = "activity.create", _("aktivitet registrert")
    ACTIVITY_UPDATE = "activity.update", _("aktivitet endret")
    ACTIVITY_DELETE = "activity.delete", _("aktivitet slettet")
    ACTIVITY_ERASE_HOST_NAME = "activity.erase_host_name", _("vertens navn slettet")
    ACTIVITYATTACHMENT_CREATE = "activityattachment.create", _("vedlegg lastet opp")
    ACTIVITYATTACHMENT_DELETE = "activityattachment.delete", _("vedlegg slettet")

    # inputs
    INPUT_CREATE = "input.create", _("innspill registrert")
    INPUT_UPDATE = "input.update", _("innspill endret")
    INPUT_DELETE = "input.delete", _("innspill slettet")
    INPUT_SORT = "input.sort", _("innspill sortert")
    INPUT_ASSESS = "input.assess", _("innspill vurdert")
    INPUT_DUPLICATE = "input.duplicate", _("innspill markert som duplikat")
    INPUT_UNDO = "input.undo", _("endring angret")
    INPUT_APPROVE = "input.approve", _("innspill godkjent")
    INPUT_REJECT = "input.reject", _("innspill avvist")

    # imports
    IMPORTBATCH_CREATE = "importbatch.create", _("fil lastet opp til import")
    IMPORTBATCH_MAP = "importbatch.map", _("kolonner valgt for import")
    IMPORTBATCH_COMPLETE = "importbatch.complete", _("import fullført")
    IMPORTBATCH_RESUME = "importbatch.resume", _("stoppet import fortsatt")
    IMPORTBATCH_CANCEL = "importbatch.cancel", _("import avbrutt")

    # gjestebud: the invitation's own events are told in these words on its page
    INVITATION_CREATE = "invitation.create", _("invitasjon laget")
    INVITATION_UPDATE = "invitation.update", _("invitasjon endret")
    INVITATION_REGENERATE_LINK = (
        "invitation.regenerate_link",
        _("ny lenke laget, den gamle virker ikke lenger"),
    )
    INVITATION_SEND_EMAIL = "invitation.send_email", _("e-post med lenken bestilt")
    INVITATION_EMAIL_SENT = "invitation.email_sent", _("invitasjonen sendt på e-post")
    INVITATION_EMAIL_FAILED = "invitation.email_failed", _("e-posten til verten kunne ikke sendes")
    INVITATION_SAVE_DRAFT = "invitation.save_draft", _("verten lagret et utkast")
    INVITATION_SUBMIT = "invitation.submit", _("verten sendte inn rapporten")
    INVITATION_RETURN = "invitation.return", _("sendt tilbake til verten")
    INVITATION_ACCEPT = "invitation.accept", _("godkjent og registrert som aktivitet")
    INVITATION_PURGE_PERSONAL_DATA = (
        "invitation.purge_personal_data",
        _("vertens navn og e-post slettet"),
    )

    # childrens_map
    MAPAREA_CREATE = "maparea.create", _("kartområde opprettet")
    MAPAREA_UPDATE = "maparea.update", _("kartområde endret")
    NAMEDPLACE_CREATE = "namedplace.create", _("navngitt sted lagt til")
    CHILDSESSION_CREATE = "childsession.create", _("barnetråkk startet")
    CHILDROUTE_CREATE = "childroute.create", _("vei tegnet på kartet")
    CHILDPLACE_CREATE = "childplace.create", _("sted markert på kartet")

    # contributors
    CONTRIBUTORQUESTION_CREATE = "contributorquestion.create", _("spørsmål opprettet")
    CONTRIBUTORQUESTION_UPDATE = "contributorquestion.update", _("spørsmål endret")
    CONTRIBUTORQUESTION_DELETE = "contributorquestion.delete", _("spørsmål slettet")
    CONTACT_CREATE = "contact.create", _("e-postadresse lagret")
    CONTACT_DELETE = "contact.delete", _("e-postadresse slettet")

    # portal
    ACCESSIBILITYSTATEMENT_CREATE = (
        "accessibilitystatement.create",
        _("tilgjengelighetserklæring opprettet"),
    )
    ACCESSIBILITYSTATEMENT_UPDATE = (
        "accessibilitystatement.update",
        _("tilgjengelighetserklæring endret"),
    )
    ACCESSIBILITYSTATEMENT_DELETE = (
        "accessibilitystatement.delete",
        _("tilgjengelighetserklæring slettet"),
    )


def verb_choices() -> list[tuple[str, str]]:
    """The field's choices. A callable, so a verb added to AuditVerb needs no migration."""
    return AuditVerb.choices

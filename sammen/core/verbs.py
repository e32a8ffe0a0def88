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
    OIDCIDENTITY_CREATE = "oidcidentity.create", _("ekstern innlogging koblet til bruker")
    OIDCIDENTITY_UPDATE = "oidcidentity.update", _("ekstern innlogging endret")
    OIDCIDENTITY_DELETE = "oidcidentity.delete", _("ekstern innlogging fjernet fra bruker")
    ORGANISATIONMEMBERSHIP_CREATE = (
        "organisationmembership.create",
        _("bruker lagt til i organisasjon"),
    )
    ORGANISATIONMEMBERSHIP_UPDATE = (
        "organisationmembership.update",
        _("administratorrett i organisasjon endret"),
    )
    ORGANISATIONMEMBERSHIP_DELETE = (
        "organisationmembership.delete",
        _("bruker fjernet fra organisasjon"),
    )
    PROCESSMEMBERSHIP_CREATE = "processmembership.create", _("medlem lagt til i prosessteam")
    PROCESSMEMBERSHIP_UPDATE = "processmembership.update", _("rolle i prosessteam endret")
    PROCESSMEMBERSHIP_DELETE = "processmembership.delete", _("medlem fjernet fra prosessteam")

    # processes (create and update by the services; all three by the admin)
    ORGANISATION_CREATE = "organisation.create", _("organisasjon opprettet")
    ORGANISATION_UPDATE = "organisation.update", _("organisasjon endret")
    ORGANISATION_DELETE = "organisation.delete", _("organisasjon slettet")
    PROCESS_CREATE = "process.create", _("prosess opprettet")
    PROCESS_UPDATE = "process.update", _("prosess endret")
    PROCESS_DELETE = "process.delete", _("prosess slettet")
    PROCESS_ADD_INPUTS = "process.add_inputs", _("innspill lagt inn samlet")
    PROCESS_ADD_CONTACTS = "process.add_contacts", _("e-postadresser lagt inn samlet")
    PROCESS_ADD_ILLUSTRATIVE_ANSWERS = (
        "process.add_illustrative_answers",
        _("illustrerende svar om deltakerne lagt inn"),
    )
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
    PLANNEDACTIVITY_CREATE = "plannedactivity.create", _("planlagt aktivitet lagt til")
    PLANNEDACTIVITY_UPDATE = "plannedactivity.update", _("planlagt aktivitet endret")
    PLANNEDACTIVITY_MOVE = "plannedactivity.move", _("planlagt aktivitet flyttet")
    PLANNEDACTIVITY_DELETE = "plannedactivity.delete", _("planlagt aktivitet fjernet")
    PARTICIPATIONPLAN_CREATE = "participationplan.create", _("medvirkningsplan opprettet")
    PARTICIPATIONPLAN_UPDATE = "participationplan.update", _("medvirkningsplan endret")
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
    # a contributor's own requests about their personal data (never the data itself)
    INPUT_REQUEST_PERSONAL_DATA = (
        "input.request_personal_data",
        _("lenke til innsyn i personopplysninger sendt til innsenderen"),
    )
    INPUT_SHOW_PERSONAL_DATA = "input.show_personal_data", _("innsenderen så personopplysningene")
    INPUT_EXPORT_PERSONAL_DATA = (
        "input.export_personal_data",
        _("innsenderen lastet ned personopplysningene"),
    )
    INPUT_ERASE_PERSONAL_DATA = (
        "input.erase_personal_data",
        _("personopplysninger slettet etter ønske fra innsenderen, teksten anonymisert"),
    )
    INPUT_WITHDRAW = "input.withdraw", _("innspillet trukket av innsenderen")
    INPUT_PURGE_ANSWERS = (
        "input.purge_answers",
        _("svar om innsenderen slettet (lagringstiden ute)"),
    )

    # roadmap workshop (veikartverksted)
    WORKSHOP_CREATE = "workshop.create", _("veikartverksted satt opp")
    WORKSHOP_UPDATE = "workshop.update", _("veikartverksted endret")
    BALLOTCODE_CREATE = "ballotcode.create", _("stemmekoder laget")
    BALLOT_CREATE = "ballot.create", _("stemmeseddel levert")
    BALLOT_DELETE = "ballot.delete", _("stemmeseddel slettet")

    # insights: the population of a process's area
    POPULATIONTABLE_IMPORT = "populationtable.import", _("befolkningstall importert")

    # roadmap
    ROADMAP_UPDATE = "roadmap.update", _("veikartets merknad endret")
    GOAL_CREATE = "goal.create", _("mål opprettet")
    GOAL_UPDATE = "goal.update", _("mål endret")
    GOAL_MOVE = "goal.move", _("mål flyttet")
    GOAL_DELETE = "goal.delete", _("mål slettet")
    STRATEGY_CREATE = "strategy.create", _("strategi opprettet")
    STRATEGY_UPDATE = "strategy.update", _("strategi endret")
    STRATEGY_MOVE = "strategy.move", _("strategi flyttet")
    STRATEGY_DELETE = "strategy.delete", _("strategi slettet")
    ACTOR_CREATE = "actor.create", _("aktør opprettet")
    ACTION_CREATE = "action.create", _("tiltak opprettet")
    ACTION_UPDATE = "action.update", _("tiltak endret")
    ACTION_MOVE = "action.move", _("tiltak flyttet")
    ACTION_DELETE = "action.delete", _("tiltak slettet")
    ACTIONUPDATE_CREATE = "actionupdate.create", _("framdrift registrert")
    ACTIONINPUT_CREATE = "actioninput.create", _("innspill koblet til tiltak")
    ACTIONINPUT_UPDATE = "actioninput.update", _("merknad til kobling endret")
    ACTIONINPUT_MOVE = "actioninput.move", _("kobling flyttet til et annet tiltak")
    ACTIONINPUT_DELETE = "actioninput.delete", _("kobling mellom innspill og tiltak fjernet")

    # opinions (statements voting)
    CONVERSATION_CREATE = "conversation.create", _("påstandsavstemning satt opp")
    CONVERSATION_UPDATE = "conversation.update", _("påstandsavstemning endret")
    CONVERSATION_ANALYSE = "conversation.analyse", _("ny analyse av stemmene bestilt")
    CONVERSATION_IMPORT_POLIS = "conversation.import_polis", _("samtale importert fra Pol.is")
    CONVERSATION_EXPORT_POLIS = "conversation.export_polis", _("samtale eksportert for Pol.is")
    STATEMENT_CREATE = "statement.create", _("påstand skrevet")
    STATEMENT_APPROVE = "statement.approve", _("påstand godkjent")
    STATEMENT_REJECT = "statement.reject", _("påstand avvist")
    STATEMENT_TO_INPUT = "statement.to_input", _("påstand gjort til innspill")
    VOTER_CREATE = "voter.create", _("ny deltaker i påstandsavstemning")
    VOTE_CREATE = "vote.create", _("stemme avgitt")
    VOTE_UPDATE = "vote.update", _("stemme endret")

    # documents
    DOCUMENTVERSION_CREATE = "documentversion.create", _("dokumentversjon opprettet")
    DOCUMENTVERSION_RETRY = "documentversion.retry", _("ny generering av dokumentversjon")
    HEARING_CREATE = "hearing.create", _("høring opprettet")
    HEARING_PUBLISH = "hearing.publish", _("høring publisert")
    HEARING_UNPUBLISH = "hearing.unpublish", _("høring avpublisert")
    # Nynorsk and English texts given to a hearing, its questions or a progress update.
    HEARING_UPDATE = "hearing.update", _("høring endret")
    HEARINGQUESTION_UPDATE = "hearingquestion.update", _("høringsspørsmål endret")
    ACTIONUPDATE_UPDATE = "actionupdate.update", _("framdrift endret")
    HEARINGRESPONSE_CREATE = "hearingresponse.create", _("høringssvar registrert")
    HEARINGRESPONSE_ASSESS = "hearingresponse.assess", _("høringssvar vurdert")
    POLITICALTREATMENT_CREATE = "politicaltreatment.create", _("politisk behandling registrert")

    # imports
    IMPORTBATCH_CREATE = "importbatch.create", _("fil lastet opp til import")
    IMPORTBATCH_MAP = "importbatch.map", _("kolonner valgt for import")
    IMPORTBATCH_COMPLETE = "importbatch.complete", _("import fullført")
    IMPORTBATCH_PURGE_FILE = "importbatch.purge_file", _("importfil slettet (lagringstiden ute)")
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
    INVITATION_REQUEST_PERSONAL_DATA = (
        "invitation.request_personal_data",
        _("lenke til innsyn i personopplysninger sendt til verten"),
    )
    INVITATION_SHOW_PERSONAL_DATA = (
        "invitation.show_personal_data",
        _("verten så personopplysningene"),
    )
    INVITATION_EXPORT_PERSONAL_DATA = (
        "invitation.export_personal_data",
        _("verten lastet ned personopplysningene"),
    )
    INVITATION_ERASE_PERSONAL_DATA = (
        "invitation.erase_personal_data",
        _("vertens navn og e-post slettet etter ønske fra verten"),
    )
    INVITATION_WITHDRAW_REPORT = (
        "invitation.withdraw_report",
        _("verten trakk innspillene fra gjestebudet"),
    )

    # childrens_map
    MAPAREA_CREATE = "maparea.create", _("kartområde opprettet")
    MAPAREA_UPDATE = "maparea.update", _("kartområde endret")
    NAMEDPLACE_CREATE = "namedplace.create", _("navngitt sted lagt til")
    NAMEDPLACE_UPDATE = "namedplace.update", _("navngitt sted endret")
    NAMEDPLACE_DELETE = "namedplace.delete", _("navngitt sted fjernet")
    CHILDSESSION_CREATE = "childsession.create", _("barnetråkk startet")
    CHILDROUTE_CREATE = "childroute.create", _("vei tegnet på kartet")
    CHILDPLACE_CREATE = "childplace.create", _("sted markert på kartet")
    CHILDSESSION_PURGE_COMMENTS = (
        "childsession.purge_comments",
        _("barnas kommentarer slettet (lagringstiden ute)"),
    )

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

    # analysis (near-duplicate inputs)
    DUPLICATESCAN_CREATE = "duplicatescan.create", _("søk etter nesten like innspill bestilt")
    NEARDUPLICATEGROUP_MERGE = (
        "nearduplicategroup.merge",
        _("nesten like innspill slått sammen til en duplikatgruppe"),
    )
    NEARDUPLICATEGROUP_DISMISS = (
        "nearduplicategroup.dismiss",
        _("forslag om nesten like innspill avvist"),
    )

    # opendata (the licence an organisation publishes its open data under)
    OPENDATALICENCE_CREATE = "opendatalicence.create", _("lisens for åpne data valgt")
    OPENDATALICENCE_UPDATE = "opendatalicence.update", _("lisens for åpne data endret")
    # api
    APITOKEN_CREATE = "apitoken.create", _("API-nøkkel laget")
    APITOKEN_REVOKE = "apitoken.revoke", _("API-nøkkel trukket tilbake")


def verb_choices() -> list[tuple[str, str]]:
    """The field's choices. A callable, so a verb added to AuditVerb needs no migration."""
    return AuditVerb.choices

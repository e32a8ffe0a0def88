from django import template
from django.utils.translation import gettext_lazy as _

from sammen.core.templatetags.sammen import audit_description

register = template.Library()

ACTIONS = {
    "invitation.save_draft": _("verten lagret et utkast"),
    "invitation.submit": _("verten sendte inn rapporten"),
    "invitation.regenerate_link": _("ny lenke laget, den gamle virker ikke lenger"),
    "invitation.send_email": _("e-post med lenken bestilt"),
    "invitation.email_sent": _("invitasjonen sendt på e-post"),
    "invitation.email_failed": _("e-posten til verten kunne ikke sendes"),
    "invitation.return": _("sendt tilbake til verten"),
    "invitation.accept": _("godkjent og registrert som aktivitet"),
    "invitation.purge_personal_data": _("vertens navn og e-post slettet"),
}


@register.filter
def gjestebud_audit(entry) -> str:
    """The invitation's own events in words; the usual description for the rest."""
    if entry.verb in ACTIONS:
        return str(ACTIONS[entry.verb])
    return audit_description(entry)

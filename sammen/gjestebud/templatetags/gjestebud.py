from django import template

from sammen.core.templatetags.sammen import audit_description
from sammen.core.verbs import AuditVerb

register = template.Library()

# The invitation's own events, told in their verbs' words; the rest (created, changed) as
# the usual description with what changed.
EVENTS = frozenset(
    {
        AuditVerb.INVITATION_SAVE_DRAFT,
        AuditVerb.INVITATION_SUBMIT,
        AuditVerb.INVITATION_REGENERATE_LINK,
        AuditVerb.INVITATION_SEND_EMAIL,
        AuditVerb.INVITATION_EMAIL_SENT,
        AuditVerb.INVITATION_EMAIL_FAILED,
        AuditVerb.INVITATION_RETURN,
        AuditVerb.INVITATION_ACCEPT,
        AuditVerb.INVITATION_PURGE_PERSONAL_DATA,
    }
)


@register.filter
def gjestebud_audit(entry) -> str:
    """The invitation's own events in words; the usual description for the rest."""
    if entry.verb in EVENTS:
        return str(AuditVerb(entry.verb).label)
    return audit_description(entry)

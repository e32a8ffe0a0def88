from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sammen.accounts.permissions import is_organisation_admin
from sammen.core.services import record_audit
from sammen.processes.models import Organisation

from .licences import DEFAULT_LICENCE, LicenceKey
from .models import OpenDataLicence


def can_choose_licence(user, organisation: Organisation) -> bool:
    """Only the organisation's administrators (and operators) choose its licence: it binds
    every process of the organisation."""
    return is_organisation_admin(user, organisation)


@transaction.atomic
def choose_licence(*, actor, organisation: Organisation, licence: str) -> OpenDataLicence:
    """Publish the organisation's open data under `licence` (an SPDX key) from now on."""
    if actor is not None and not can_choose_licence(actor, organisation):
        raise PermissionDenied(
            _("Bare administratorer i %(organisation)s kan velge lisens for åpne data.")
            % {"organisation": organisation}
        )
    if licence not in LicenceKey.values:
        raise ValidationError(
            {"licence": _("Ukjent lisens: %(licence)s.") % {"licence": licence[:40]}}
        )
    row, created = OpenDataLicence.objects.select_for_update().get_or_create(
        organisation=organisation, defaults={"licence": licence}
    )
    before = DEFAULT_LICENCE.value if created else row.licence
    if created:
        record_audit(
            actor=actor,
            action="create",
            obj=row,
            changes={"licence": [before, licence]},
            scope=organisation,
        )
    elif row.licence != licence:
        row.licence = licence
        row.changed_at = timezone.now()
        row.save(update_fields=["licence", "changed_at"])
        record_audit(
            actor=actor,
            action="update",
            obj=row,
            changes={"licence": [before, licence]},
            scope=organisation,
        )
    return row

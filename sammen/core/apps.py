from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "sammen.core"
    verbose_name = _("Kjerne")

    def ready(self):
        from django.core.signals import request_finished

        from .admin import guard_date_hierarchies, hide_bokmal_columns_in_admin
        from .languages import write_originals_in_bokmal
        from .logs import clear_request_id

        request_finished.connect(clear_request_id, dispatch_uid="sammen.core.clear_request_id")

        guard_date_hierarchies()
        write_originals_in_bokmal()
        hide_bokmal_columns_in_admin()

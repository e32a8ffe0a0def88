from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "sammen.core"
    verbose_name = _("Kjerne")

    def ready(self):
        from .admin import guard_date_hierarchies
        from .languages import write_originals_in_bokmal

        guard_date_hierarchies()
        write_originals_in_bokmal()

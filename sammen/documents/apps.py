from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "sammen.documents"
    verbose_name = _("Dokumenter og politisk behandling")

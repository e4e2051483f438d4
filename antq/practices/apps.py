from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "antq.practices"
    label = "practices"
    verbose_name = _("Mô hình, điển hình tiên tiến và hoạt động phong trào")

    def ready(self) -> None:
        from antq.core.audit import register_action_labels
        from antq.core.navigation import UnitLink, register_commune_link
        from antq.practices.labels import PRACTICES_ACTION_LABELS

        register_action_labels(PRACTICES_ACTION_LABELS)
        register_commune_link(
            UnitLink(_("Mô hình, điển hình, hoạt động"), "stars", "practices:overview_unit")
        )

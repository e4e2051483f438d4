from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "antq.coordination"
    label = "coordination"
    verbose_name = _("Phối hợp và kiểm tra")

    def ready(self) -> None:
        from antq.coordination.labels import COORDINATION_ACTION_LABELS
        from antq.core.audit import register_action_labels
        from antq.core.navigation import UnitLink, register_commune_link

        register_action_labels(COORDINATION_ACTION_LABELS)
        register_commune_link(UnitLink(_("Phối hợp, kiểm tra"), "people-fill", "coordination:unit"))

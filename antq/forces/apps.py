from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForcesConfig(AppConfig):
    name = "antq.forces"
    label = "forces"
    verbose_name = _("Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở")

    def ready(self) -> None:
        from antq.core.audit import register_action_labels
        from antq.core.navigation import UnitLink, register_commune_link
        from antq.forces.labels import FORCES_ACTION_LABELS

        register_action_labels(FORCES_ACTION_LABELS)
        register_commune_link(UnitLink(_("Tổ bảo vệ ANTT ở cơ sở"), "people", "forces:roster"))

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

        from antq.core.attention import Source, register_attention_source
        from antq.forces.queries import attention_rankings

        register_attention_source(
            Source("forces.rankings", _("Xếp loại tổ bảo vệ ANTT chờ quyết định"), attention_rankings)
        )

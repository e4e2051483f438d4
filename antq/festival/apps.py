from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FestivalConfig(AppConfig):
    name = "antq.festival"
    label = "festival"
    verbose_name = _("Ngày hội toàn dân bảo vệ an ninh Tổ quốc")

    def ready(self) -> None:
        from antq.core.audit import register_action_labels
        from antq.festival.labels import FESTIVAL_ACTION_LABELS

        register_action_labels(FESTIVAL_ACTION_LABELS)

        from antq.core.attention import Source, register_attention_source
        from antq.festival.queries import attention_reports

        register_attention_source(
            Source("festival.reports", _("Báo cáo kết quả Ngày hội"), attention_reports)
        )

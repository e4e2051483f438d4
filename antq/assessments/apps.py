from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "antq.assessments"
    label = "assessments"
    verbose_name = _("Đánh giá “An toàn về ANTT” và phân loại phong trào")

    def ready(self) -> None:
        from antq.core.navigation import UnitLink, register_commune_link

        register_commune_link(
            UnitLink(
                _("Đăng ký, đánh giá “An toàn về ANTT”"), "clipboard-check", "assessments:commune_current"
            )
        )
        from antq.assessments.labels import (
            ASSESSMENT_ACTION_LABELS,
            CYCLE_ACTION_LABELS,
            REGISTRATION_ACTION_LABELS,
        )
        from antq.core.audit import register_action_labels

        register_action_labels(CYCLE_ACTION_LABELS)
        register_action_labels(REGISTRATION_ACTION_LABELS)
        from antq.assessments.labels import REVIEW_ACTION_LABELS

        register_action_labels(REVIEW_ACTION_LABELS)
        register_action_labels(ASSESSMENT_ACTION_LABELS)
        from antq.assessments.labels import OVERVIEW_ACTION_LABELS

        register_action_labels(OVERVIEW_ACTION_LABELS)
        from antq.assessments.labels import DECISION_ACTION_LABELS

        register_action_labels(DECISION_ACTION_LABELS)
        from antq.assessments.labels import YEAR_END_ACTION_LABELS

        register_action_labels(YEAR_END_ACTION_LABELS)

        from antq.assessments.queries import attention_reviews
        from antq.core.attention import Source, register_attention_source

        register_attention_source(
            Source("assessments.review", _("Hồ sơ tự đánh giá chờ xét duyệt"), attention_reviews)
        )

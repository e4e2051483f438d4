from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "antq.assessments"
    label = "assessments"
    verbose_name = _("Đánh giá “An toàn về ANTT” và phân loại phong trào")

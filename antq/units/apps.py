from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "antq.units"
    label = "units"
    verbose_name = _("Đơn vị hành chính và tổ chức")

    def ready(self) -> None:
        from antq.core.audit import register_action_labels

        register_action_labels(
            {
                "units.national_map.loaded": _("Nạp bản đồ hành chính"),
                "units.unit.merged": _("Sắp xếp đơn vị hành chính"),
                "units.residential_area.created": _("Thêm khu dân cư"),
                "units.residential_area.updated": _("Sửa khu dân cư"),
                "units.organisation.created": _("Thêm cơ quan, doanh nghiệp, trường"),
                "units.organisation.updated": _("Sửa cơ quan, doanh nghiệp, trường"),
                "units.participants.imported": _("Nhập danh sách từ Excel"),
                "units.participants.exported": _("Xuất danh sách ra Excel"),
                "units.import_template.downloaded": _("Tải mẫu nhập Excel"),
            }
        )

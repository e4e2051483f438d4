"""Vietnamese names of the periodic-report audit events (registered in ReportsConfig.ready)."""

from django.utils.translation import gettext_lazy as _

REPORTS_ACTION_LABELS = {
    "reports.report.generated": _("Lập báo cáo định kỳ"),
    "reports.report.narrative_saved": _("Sửa nội dung báo cáo định kỳ"),
    "reports.report.refreshed": _("Cập nhật số liệu báo cáo định kỳ"),
    "reports.report.submitted": _("Gửi báo cáo định kỳ"),
    "reports.report.accepted": _("Tiếp nhận báo cáo định kỳ"),
    "reports.report.returned": _("Trả lại báo cáo định kỳ"),
    "reports.report.aggregated": _("Tổng hợp báo cáo định kỳ của đơn vị cấp dưới"),
    "reports.render.requested": _("Yêu cầu xuất tệp báo cáo định kỳ"),
}

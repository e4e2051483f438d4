"""Vietnamese names of the coordination audit events (registered in CoordinationConfig.ready)."""

from django.utils.translation import gettext_lazy as _

COORDINATION_ACTION_LABELS = {
    "coordination.programme.created": _("Ghi nhận chương trình phối hợp"),
    "coordination.report.submitted": _("Ghi nhận báo cáo thực hiện chương trình phối hợp"),
    "coordination.report_file.added": _("Đính kèm tệp vào báo cáo thực hiện chương trình phối hợp"),
    "coordination.report_file.deleted": _("Xóa tệp đính kèm báo cáo thực hiện chương trình phối hợp"),
    "coordination.report_file.downloaded": _("Tải tệp đính kèm báo cáo thực hiện chương trình phối hợp"),
    "coordination.inspection.planned": _("Lập kế hoạch kiểm tra"),
    "coordination.findings.recorded": _("Ghi kết luận, kiến nghị kiểm tra"),
    "coordination.followup.reported": _("Báo cáo khắc phục kiến nghị kiểm tra"),
    "coordination.exported": _("Xuất danh sách phối hợp, kiểm tra ra Excel"),
}

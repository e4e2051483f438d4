"""Vietnamese names of the movement audit events (registered in MovementConfig.ready)."""

from django.utils.translation import gettext_lazy as _

MOVEMENT_ACTION_LABELS = {
    "movement.committee.saved": _("Ghi quyết định thành lập, kiện toàn Ban Chỉ đạo"),
    "movement.member.added": _("Thêm thành viên Ban Chỉ đạo"),
    "movement.member.updated": _("Sửa thông tin thành viên Ban Chỉ đạo"),
    "movement.member.ended": _("Thành viên thôi tham gia Ban Chỉ đạo"),
    "movement.member.removed": _("Xóa thành viên Ban Chỉ đạo nhập nhầm"),
    "movement.document.registered": _("Vào sổ văn bản chỉ đạo"),
    "movement.document.linked": _("Liên kết văn bản chỉ đạo"),
    "movement.attachment.added": _("Đính kèm tệp vào văn bản, báo cáo tiến độ"),
    "movement.attachment.downloaded": _("Tải tệp đính kèm văn bản, báo cáo tiến độ"),
    "movement.tasks.assigned": _("Giao nhiệm vụ theo kế hoạch"),
    "movement.task.created": _("Nhận nhiệm vụ được giao"),
    "movement.progress.reported": _("Báo cáo tiến độ nhiệm vụ"),
    "movement.overdue.notified": _("Nhắc nhiệm vụ quá hạn"),
    "movement.exported": _("Xuất Excel danh sách chỉ đạo, kế hoạch"),
}

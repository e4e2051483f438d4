"""Vietnamese names of the forces audit events (registered in ForcesConfig.ready)."""

from django.utils.translation import gettext_lazy as _

FORCES_ACTION_LABELS = {
    "forces.team.established": _("Thành lập tổ bảo vệ ANTT"),
    "forces.team.dissolved": _("Giải thể tổ bảo vệ ANTT"),
    "forces.member.added": _("Công nhận thành viên tổ bảo vệ ANTT"),
    "forces.member.ended": _("Cho thôi tham gia tổ bảo vệ ANTT"),
    "forces.person.updated": _("Sửa thông tin thành viên tổ bảo vệ ANTT"),
    "forces.allowance_rate.set": _("Nhập mức hỗ trợ hằng tháng của lực lượng bảo vệ ANTT"),
    "forces.allowance.exported": _("Xuất danh sách chi hỗ trợ hằng tháng"),
    "forces.overview.exported": _("Xuất tổng hợp lực lượng bảo vệ ANTT"),
    "forces.roster.imported": _("Nhập danh sách tổ bảo vệ ANTT từ Excel"),
    "forces.roster.exported": _("Xuất danh sách tổ bảo vệ ANTT ra Excel"),
    "forces.roster_template.downloaded": _("Tải tệp mẫu nhập danh sách tổ bảo vệ ANTT"),
}
FORCES_ACTION_LABELS.update(
    {
        "forces.ranking.proposed": _("Đề xuất xếp loại tổ, thành viên tổ bảo vệ ANTT"),
        "forces.ranking.tasks_recorded": _("Ghi số nhiệm vụ của tổ bảo vệ ANTT"),
        "forces.ranking.decided": _("Ghi nhận quyết định xếp loại tổ bảo vệ ANTT"),
        "forces.ranking.reopened": _("Mở lại kết quả xếp loại tổ bảo vệ ANTT"),
    }
)

"""Vietnamese names of the forces audit events (registered in ForcesConfig.ready)."""

from django.utils.translation import gettext_lazy as _

FORCES_ACTION_LABELS = {
    "forces.team.established": _("Thành lập tổ bảo vệ ANTT"),
    "forces.team.dissolved": _("Giải thể tổ bảo vệ ANTT"),
    "forces.member.added": _("Công nhận thành viên tổ bảo vệ ANTT"),
    "forces.member.ended": _("Cho thôi tham gia tổ bảo vệ ANTT"),
    "forces.person.updated": _("Sửa thông tin thành viên tổ bảo vệ ANTT"),
    "forces.roster.imported": _("Nhập danh sách tổ bảo vệ ANTT từ Excel"),
    "forces.roster.exported": _("Xuất danh sách tổ bảo vệ ANTT ra Excel"),
    "forces.roster_template.downloaded": _("Tải tệp mẫu nhập danh sách tổ bảo vệ ANTT"),
}

"""Vietnamese names of the festival audit events (registered in FestivalConfig.ready)."""

from django.utils.translation import gettext_lazy as _

FESTIVAL_ACTION_LABELS = {
    "festival.campaign.created": _("Lập kế hoạch Ngày hội toàn dân bảo vệ ANTQ"),
    "festival.campaign.updated": _("Sửa kế hoạch Ngày hội toàn dân bảo vệ ANTQ"),
    "festival.event.planned": _("Đăng ký điểm tổ chức Ngày hội"),
    "festival.result.reported": _("Báo cáo kết quả tổ chức Ngày hội"),
    "festival.exported": _("Xuất tổng hợp Ngày hội ra Excel"),
    "festival.commendation.proposed": _("Ghi khen thưởng tại Ngày hội (gửi đề nghị khen thưởng)"),
    "festival.commendation.linked": _("Gắn quyết định khen thưởng với điểm Ngày hội"),
    "festival.calendar_token.created": _("Tạo liên kết lịch iCal riêng"),
    "festival.calendar_token.revoked": _("Thu hồi liên kết lịch iCal riêng"),
    "festival.event.pilot_set": _("Chọn, bỏ điểm chỉ đạo, làm điểm Ngày hội"),
    "festival.photo.added": _("Thêm ảnh điểm Ngày hội"),
    "festival.report.exported": _("Tải báo cáo kết quả Ngày hội (PDF)"),
}

"""Vietnamese names of the tips audit events (registered in TipsConfig.ready)."""

from django.utils.translation import gettext_lazy as _

TIPS_ACTION_LABELS = {
    "tips.tip.received": _("Tiếp nhận tin báo, tố giác, phản ánh"),
    "tips.tip.verifying": _("Vào sổ và kiểm tra, xác minh tin báo"),
    "tips.tip.complex": _("Xác định tin báo phức tạp (thời hạn 2 tháng)"),
    "tips.tip.extended": _("Gia hạn giải quyết tin báo"),
    "tips.tip.outcome": _("Ghi kết quả giải quyết tin báo"),
    "tips.tip.transferred": _("Chuyển tin báo sang đơn vị khác"),
    "tips.tip.duplicate": _("Đánh dấu tin báo trùng"),
    "tips.message.citizen": _("Người gửi tin báo gửi trao đổi"),
    "tips.message.officer": _("Cán bộ trả lời người gửi tin báo"),
    "tips.identity.revealed": _("Xem danh tính người tố giác"),
    "tips.attachment.downloaded": _("Tải tệp đính kèm của tin báo"),
    "tips.retention.erased": _("Xóa danh tính, tệp của tin báo hết thời hạn lưu"),
    "tips.dsr.received": _("Nhận yêu cầu của chủ thể dữ liệu cá nhân"),
    "tips.dsr.resolved": _("Xử lý yêu cầu của chủ thể dữ liệu cá nhân"),
    "tips.keys.rotated": _("Mã hóa lại danh tính bằng khóa mới"),
}

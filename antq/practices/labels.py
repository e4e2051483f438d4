"""Vietnamese names of the practices audit events (registered in PracticesConfig.ready)."""

from django.utils.translation import gettext_lazy as _

PRACTICES_ACTION_LABELS = {
    "practices.model_type.added": _("Thêm loại mô hình vào danh mục"),
    "practices.model.registered": _("Đăng ký mô hình tự quản"),
    "practices.model.replicated": _("Nhân rộng mô hình tại điểm mới"),
    "practices.model.evaluated": _("Đánh giá mô hình hằng năm"),
    "practices.model.updated": _("Sửa thông tin mô hình"),
    "practices.cluster.handed_over": _("Bàn giao đơn vị thường trực cụm liên kết"),
    "practices.example.recorded": _("Ghi nhận điển hình tiên tiến"),
    "practices.activity.recorded": _("Ghi nhận hoạt động phong trào"),
    "practices.list.exported": _("Xuất Excel danh sách mô hình, điển hình, hoạt động"),
}

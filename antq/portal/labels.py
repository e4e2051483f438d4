"""Vietnamese labels of the portal's audit action codes."""

from django.utils.translation import gettext_lazy as _

PORTAL_ACTION_LABELS = {
    "portal.article.created": _("Viết bài cổng thông tin"),
    "portal.article.updated": _("Sửa bài cổng thông tin"),
    "portal.article.published": _("Đăng bài lên cổng thông tin"),
    "portal.article.withdrawn": _("Gỡ bài khỏi cổng thông tin"),
    "portal.file.added": _("Đính kèm tệp vào bài viết"),
    "portal.file.removed": _("Xóa tệp đính kèm của bài viết"),
    "portal.comment.approved": _("Duyệt bình luận"),
    "portal.comment.rejected": _("Từ chối bình luận"),
}

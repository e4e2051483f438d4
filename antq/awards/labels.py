"""Vietnamese names of the commendation audit events (registered in AwardsConfig.ready)."""

from django.utils.translation import gettext_lazy as _

AWARDS_ACTION_LABELS = {
    "awards.proposal.created": _("Lập đề nghị khen thưởng"),
    "awards.proposal.reviewed": _("Thẩm định đề nghị khen thưởng"),
    "awards.proposal.not_qualified": _("Kết luận đề nghị khen thưởng không đủ điều kiện"),
    "awards.proposal.raised": _("Nâng mức hình thức khen thưởng"),
    "awards.proposal.decided": _("Ban hành quyết định khen thưởng"),
    "awards.nominee_list.exported": _("Xuất danh sách trích ngang đề nghị tặng Kỷ niệm chương"),
    "awards.certificate.exported": _("Tải giấy khen, bằng khen"),
    "awards.legacy_service.recorded": _("Ghi nhận thời gian tham gia lực lượng trước đây"),
    "awards.legacy_service.removed": _("Xóa thời gian tham gia lực lượng trước đây"),
    "awards.bar.recorded": _("Ghi nhận trường hợp không xét, tạm hoãn xét Kỷ niệm chương"),
    "awards.bar.lifted": _("Kết thúc tạm hoãn xét Kỷ niệm chương"),
    "awards.leader.recorded": _("Lập hồ sơ cán bộ lãnh đạo xét Kỷ niệm chương"),
    "awards.leader.position_added": _("Ghi nhận thời gian giữ chức vụ"),
    "awards.leader.position_removed": _("Xóa thời gian giữ chức vụ"),
}

"""Vietnamese names of the commendation audit events (registered in AwardsConfig.ready)."""

from django.utils.translation import gettext_lazy as _

AWARDS_ACTION_LABELS = {
    "awards.proposal.created": _("Lập đề nghị khen thưởng"),
    "awards.proposal.reviewed": _("Thẩm định đề nghị khen thưởng"),
    "awards.proposal.not_qualified": _("Kết luận đề nghị khen thưởng không đủ điều kiện"),
    "awards.proposal.raised": _("Nâng mức hình thức khen thưởng"),
    "awards.proposal.decided": _("Ban hành quyết định khen thưởng"),
    "awards.nominee_list.exported": _("Xuất danh sách trích ngang đề nghị tặng Kỷ niệm chương"),
}

"""Vietnamese names of the cycle and catalogue audit events (registered in AssessmentsConfig.ready)."""

from django.utils.translation import gettext_lazy as _

CYCLE_ACTION_LABELS = {
    "assessments.cycle.opened": _("Mở kỳ đánh giá"),
    "assessments.cycle_rule.updated": _("Sửa thời hạn, bộ tiêu chí của kỳ đánh giá"),
    "assessments.criterion.updated": _("Sửa tiêu chí"),
    "assessments.thresholds.updated": _("Sửa ngưỡng điểm phân loại"),
    "assessments.item.confirmed": _("Xác nhận nội dung đã đối chiếu văn bản"),
}

REGISTRATION_ACTION_LABELS = {
    "assessments.registration.created": _("Đăng ký phấn đấu đạt tiêu chuẩn “An toàn về ANTT”"),
    "assessments.registration.updated": _("Sửa đăng ký phấn đấu"),
    "assessments.registration.withdrawn": _("Rút đăng ký phấn đấu"),
    "assessments.registrations.imported": _("Nhập đăng ký phấn đấu từ Excel"),
    "assessments.registration_import_template.downloaded": _("Tải tệp mẫu nhập đăng ký phấn đấu"),
    "assessments.event.recorded": _("Ghi nhận vụ việc loại trừ"),
    "assessments.event.deleted": _("Xóa vụ việc loại trừ"),
}

ASSESSMENT_ACTION_LABELS = {
    "assessments.assessment.started": _("Bắt đầu tự đánh giá"),
    "assessments.assessment.standard_saved": _("Lưu kết quả tự đánh giá tiêu chuẩn “An toàn về ANTT”"),
    "assessments.assessment.scores_saved": _("Lưu điểm tự chấm phân loại phong trào"),
    "assessments.assessment.submitted": _("Gửi hồ sơ tự đánh giá"),
    "assessments.evidence.added": _("Tải lên tệp minh chứng"),
    "assessments.evidence.deleted": _("Xóa tệp minh chứng"),
    "assessments.evidence.downloaded": _("Tải về tệp minh chứng"),
}

REVIEW_ACTION_LABELS = {
    "assessments.assessment.returned": _("Trả lại hồ sơ tự đánh giá"),
    "assessments.assessment.approved": _("Thẩm định hồ sơ tự đánh giá"),
    "assessments.assessment.reopened": _("Mở lại hồ sơ đã thẩm định"),
}

OVERVIEW_ACTION_LABELS = {
    "assessments.overview.exported": _("Xuất bảng tổng hợp kết quả kỳ đánh giá ra Excel"),
}

DECISION_ACTION_LABELS = {
    "assessments.decision.issued": _("Ban hành quyết định công nhận"),
    "assessments.assessment.decided": _("Ra quyết định công nhận hồ sơ"),
    "assessments.decision.exported": _("Tải quyết định công nhận, bảng điểm"),
    "assessments.certificate.exported": _("Tải giấy công nhận"),
    "assessments.dossier.exported": _("Tải tờ trình, danh sách đề nghị công nhận"),
}

YEAR_END_ACTION_LABELS = {
    "assessments.decision.revoked": _("Thu hồi quyết định công nhận"),
    "assessments.assessment.decision_revoked": _("Hủy kết quả công nhận do quyết định bị thu hồi"),
    "assessments.cycle.closed": _("Kết thúc kỳ đánh giá"),
    "assessments.criteria_set.versioned": _("Tạo phiên bản mới của bộ tiêu chí"),
}

from django.urls import URLPattern, path

from antq.assessments import (
    assessment_views,
    decision_views,
    overview_views,
    registration_import_views,
    registration_views,
    review_views,
    views,
)

app_name = "assessments"
urlpatterns: list[URLPattern] = [
    # The yearly cycle and the criteria catalogue (views.py).
    path("", views.home, name="home"),
    path("ky/mo/", views.cycle_open, name="cycle_open"),
    path("ky/<int:year>/", views.cycle_detail, name="cycle_detail"),
    path("ky/<int:year>/ket-thuc/", views.cycle_close, name="cycle_close"),
    path("quy-dinh/<int:pk>/sua/", views.rule_edit, name="rule_edit"),
    path("bo-tieu-chi/<int:pk>/", views.criteria_set, name="criteria_set"),
    path("bo-tieu-chi/<int:pk>/nguong/", views.thresholds_edit, name="thresholds_edit"),
    path("bo-tieu-chi/<int:pk>/phien-ban-moi/", views.criteria_set_version, name="criteria_set_version"),
    path("tieu-chi/<int:pk>/sua/", views.criterion_edit, name="criterion_edit"),
    # Q1 registrations and disqualifying events of one commune and year (registration_views.py).
    path("<str:key>/dang-ky/<int:year>/", registration_views.registrations, name="registrations"),
    path(
        "<str:key>/dang-ky/<int:year>/nhap-excel/",
        registration_import_views.registration_import,
        name="registration_import",
    ),
    path(
        "<str:key>/dang-ky/<int:year>/nhap-excel/mau.xlsx",
        registration_import_views.registration_import_template,
        name="registration_import_template",
    ),
    path("<str:key>/nam-hien-tai/", registration_views.commune_current, name="commune_current"),
    path(
        "<str:key>/dang-ky/<int:year>/doi-tuong/<int:subject>/",
        registration_views.register,
        name="register",
    ),
    path(
        "<str:key>/dang-ky/<int:year>/<int:pk>/sua/",
        registration_views.registration_edit,
        name="registration_edit",
    ),
    path(
        "<str:key>/dang-ky/<int:year>/<int:pk>/rut/",
        registration_views.registration_withdraw,
        name="registration_withdraw",
    ),
    path("<str:key>/vu-viec/<int:year>/", registration_views.events, name="events"),
    path("<str:key>/vu-viec/<int:year>/them/", registration_views.event_add, name="event_add"),
    path("<str:key>/vu-viec/<int:year>/<int:pk>/xoa/", registration_views.event_delete, name="event_delete"),
    # Review up the hierarchy: the queue of the reviewing unit and one assessment (review_views.py).
    path("xet-duyet/<int:year>/", review_views.review_queue, name="review_queue"),
    path("xet-duyet/<int:year>/tham-dinh/", review_views.review_batch, name="review_batch"),
    path("xet-duyet/<int:year>/<int:pk>/", review_views.review, name="review"),
    path("xet-duyet/<int:year>/<int:pk>/tra-lai/", review_views.review_return, name="review_return"),
    path("xet-duyet/<int:year>/<int:pk>/tham-dinh/", review_views.review_approve, name="review_approve"),
    path("xet-duyet/<int:year>/<int:pk>/mo-lai/", review_views.review_reopen, name="review_reopen"),
    # The cycle overview: national -> province -> commune, and its Excel (overview_views.py).
    path("tong-hop/<int:year>/", overview_views.overview_page, name="overview"),
    path("tong-hop/<int:year>/<str:key>/", overview_views.overview_unit, name="overview_unit"),
    path("tong-hop/<int:year>/<str:key>/excel/", overview_views.overview_export, name="overview_xlsx"),
    # The year-end self-assessment of one commune and year (assessment_views.py).
    path("<str:key>/tu-danh-gia/<int:year>/", assessment_views.assessment_list, name="assessment_list"),
    path(
        "<str:key>/tu-danh-gia/<int:year>/<int:subject>/",
        assessment_views.assessment,
        name="assessment",
    ),
    path(
        "<str:key>/tu-danh-gia/<int:year>/<int:subject>/gui/",
        assessment_views.assessment_submit,
        name="assessment_submit",
    ),
    path(
        "<str:key>/tu-danh-gia/<int:year>/<int:subject>/minh-chung/",
        assessment_views.evidence_upload,
        name="evidence_upload",
    ),
    path("minh-chung/<int:pk>/", assessment_views.evidence_download, name="evidence_download"),
    path("minh-chung/<int:pk>/xoa/", assessment_views.evidence_delete, name="evidence_delete"),
    # Recognition decisions, their documents, and the public list (decision_views.py).
    path("quyet-dinh/<int:year>/", decision_views.decision_create, name="decision_create"),
    path("quyet-dinh/<int:year>/to-trinh/<str:key>/pdf/", decision_views.dossier_pdf, name="dossier_pdf"),
    path("quyet-dinh/<int:year>/to-trinh/<str:key>/excel/", decision_views.dossier_xlsx, name="dossier_xlsx"),
    path("quyet-dinh/<int:year>/<int:pk>/", decision_views.decision, name="decision"),
    path("quyet-dinh/<int:year>/<int:pk>/thu-hoi/", decision_views.decision_revoke, name="decision_revoke"),
    path("quyet-dinh/<int:year>/<int:pk>/pdf/", decision_views.decision_pdf, name="decision_pdf"),
    path("quyet-dinh/<int:year>/<int:pk>/excel/", decision_views.decision_xlsx, name="decision_xlsx"),
    path("giay-cong-nhan/<int:year>/<int:pk>/", decision_views.certificate_pdf, name="certificate_pdf"),
    path("cong-khai/<int:year>/", decision_views.public_recognised, name="public_recognised"),
]

from django.urls import path

from antq.coordination import views

app_name = "coordination"

urlpatterns = [
    path("", views.home, name="home"),
    path("trien-khai.xlsx", views.overview_xlsx, name="overview_xlsx"),
    path("chuong-trinh/", views.programmes, name="programmes"),
    path("chuong-trinh.xlsx", views.programmes_xlsx, name="programmes_xlsx"),
    path("chuong-trinh/<int:pk>/", views.programme, name="programme"),
    path("chuong-trinh/<int:pk>/bao-cao/", views.report_add, name="report_add"),
    path("bao-cao/<int:pk>/tep/", views.report_attach, name="report_attach"),
    path("tep/<int:pk>/", views.report_file, name="report_file"),
    path("tep/<int:pk>/xoa/", views.report_file_delete, name="report_file_delete"),
    path("kiem-tra/", views.inspections, name="inspections"),
    path("kiem-tra.xlsx", views.inspections_xlsx, name="inspections_xlsx"),
    path("kiem-tra/<int:pk>/", views.inspection, name="inspection"),
    path("kiem-tra/<int:pk>/don-vi/<int:unit_pk>/ket-luan/", views.findings, name="findings"),
    path("kien-nghi/<int:pk>/khac-phuc/", views.follow_up, name="follow_up"),
    path("don-vi/<str:key>/", views.unit, name="unit"),
    path("don-vi/<str:key>/chuong-trinh/them/", views.programme_add, name="programme_add"),
    path("don-vi/<str:key>/kiem-tra/them/", views.inspection_add, name="inspection_add"),
]

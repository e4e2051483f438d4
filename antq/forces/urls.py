from django.urls import path

from antq.forces import allowance_views, overview_views, ranking_views, views
from antq.forces import roster_import_views as roster_io

app_name = "forces"

urlpatterns = [
    path("", views.home, name="home"),
    # Overview (overview_views.py) and allowance rates (allowance_views.py): before "<key>/".
    path("tong-hop/", overview_views.overview_page, name="overview"),
    path("tong-hop/<str:key>/", overview_views.overview_unit, name="overview_unit"),
    path("tong-hop/<str:key>/excel/", overview_views.overview_export, name="overview_xlsx"),
    path("muc-ho-tro/<str:key>/", allowance_views.rates, name="allowance_rates"),
    path("<str:key>/", views.roster, name="roster"),
    path("<str:key>/to/them/", views.team_add, name="team_add"),
    path("<str:key>/to/<int:pk>/", views.team_detail, name="team"),
    path("<str:key>/to/<int:pk>/giai-the/", views.team_dissolve, name="team_dissolve"),
    path("<str:key>/to/<int:pk>/them-thanh-vien/", views.member_add, name="member_add"),
    path("<str:key>/thanh-vien/<int:pk>/cho-thoi/", views.member_end, name="member_end"),
    path("<str:key>/nguoi/<int:pk>/sua/", views.person_edit, name="person_edit"),
    path("<str:key>/xep-loai/<int:year>/", ranking_views.ranking, name="ranking"),
    path("<str:key>/xep-loai/<int:year>/quyet-dinh/", ranking_views.ranking_decide, name="ranking_decide"),
    path("<str:key>/xep-loai/<int:year>/mo-lai/", ranking_views.ranking_reopen, name="ranking_reopen"),
    path(
        "<str:key>/xep-loai/<int:year>/to/<int:pk>/nhiem-vu/",
        ranking_views.ranking_tasks,
        name="ranking_tasks",
    ),
    path("<str:key>/xep-loai/<int:year>/danh-sach.pdf", ranking_views.ranking_pdf, name="ranking_pdf"),
    path("<str:key>/xep-loai/<int:year>/danh-sach.xlsx", ranking_views.ranking_xlsx, name="ranking_xlsx"),
    path("<str:key>/ho-tro/", allowance_views.payments, name="allowances"),
    path("<str:key>/ho-tro/excel/", allowance_views.payments_export, name="allowances_xlsx"),
    path("<str:key>/nhap-excel/", roster_io.roster_import, name="roster_import"),
    path("<str:key>/nhap-excel/mau/", roster_io.roster_import_template, name="roster_import_template"),
    path("<str:key>/nhap-excel/<int:pk>/", roster_io.roster_import_job, name="roster_import_job"),
    path(
        "<str:key>/nhap-excel/<int:pk>/tien-do/", roster_io.roster_import_status, name="roster_import_status"
    ),
    path(
        "<str:key>/nhap-excel/<int:pk>/loi.xlsx", roster_io.roster_import_errors, name="roster_import_errors"
    ),
    path("<str:key>/xuat-excel/", roster_io.roster_export, name="roster_export"),
]

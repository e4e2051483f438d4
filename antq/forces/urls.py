from django.urls import path

from antq.forces import roster_import_views as roster_io
from antq.forces import views

app_name = "forces"

urlpatterns = [
    path("", views.home, name="home"),
    path("<str:key>/", views.roster, name="roster"),
    path("<str:key>/to/them/", views.team_add, name="team_add"),
    path("<str:key>/to/<int:pk>/", views.team_detail, name="team"),
    path("<str:key>/to/<int:pk>/giai-the/", views.team_dissolve, name="team_dissolve"),
    path("<str:key>/to/<int:pk>/them-thanh-vien/", views.member_add, name="member_add"),
    path("<str:key>/thanh-vien/<int:pk>/cho-thoi/", views.member_end, name="member_end"),
    path("<str:key>/nguoi/<int:pk>/sua/", views.person_edit, name="person_edit"),
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

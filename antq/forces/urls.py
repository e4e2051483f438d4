from django.urls import path

from antq.forces import ranking_views, views

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
]

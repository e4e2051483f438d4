from django.urls import path

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
]

from django.urls import path

from antq.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.home, name="home"),
    path("chi-so/", views.board_home, name="board_home"),
    path("chi-so/ban-do/", views.map_page, name="map"),
    path("chi-so/<str:key>/", views.board_page, name="board"),
    path("chi-so/<str:key>/excel/", views.board_export, name="board_export"),
    path("<str:key>/", views.summary, name="summary"),
    path("<str:key>/excel/", views.export, name="export"),
]

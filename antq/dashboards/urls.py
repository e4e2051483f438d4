from django.urls import path

from antq.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.home, name="home"),
    path("<str:key>/", views.summary, name="summary"),
    path("<str:key>/excel/", views.export, name="export"),
]

from django.urls import path

from antq.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("dang-xay-dung/<slug:slug>/", views.building, name="building"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
]

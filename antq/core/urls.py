from django.urls import path

from antq.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("dang-xay-dung/<slug:slug>/", views.building, name="building"),
    path("healthz", views.healthz, name="healthz"),
    # Pages without our <link rel="icon"> (the admin, PDFs opened in the browser) ask for this.
    path("favicon.ico", views.favicon, name="favicon"),
    path("readyz", views.readyz, name="readyz"),
    path("thong-bao/", views.notifications, name="notifications"),
    path("thong-bao/chua-doc/", views.notification_count, name="notification_count"),
    path("thong-bao/tuy-chon/", views.notification_preferences, name="notification_preferences"),
]

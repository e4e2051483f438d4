from django.urls import path

from antq.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.home, name="home"),
    path("lap/", views.generate, name="generate"),
    path("<int:pk>/", views.report, name="report"),
    path("<int:pk>/noi-dung/", views.narrative, name="narrative"),
    path("<int:pk>/cap-nhat-so-lieu/", views.refresh, name="refresh"),
    path("<int:pk>/tong-hop/", views.aggregate, name="aggregate"),
    path("<int:pk>/gui/", views.submit, name="submit"),
    path("<int:pk>/xem-xet/<str:verb>/", views.review, name="review"),
    path("<int:pk>/tai/<str:fmt>/", views.download, name="download"),
    path("<int:pk>/xuat/<str:fmt>/", views.render_start, name="render"),
    path("tep/<int:pk>/", views.job, name="job"),
    path("tep/<int:pk>/tai/", views.job_file, name="job_file"),
    path("theo-doi/<str:key>/<slug:code>/<str:period>/", views.follow, name="follow"),
]

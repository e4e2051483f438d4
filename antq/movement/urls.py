from django.urls import path

from antq.movement import views

app_name = "movement"

urlpatterns = [
    path("", views.home, name="home"),
    path("van-ban/<int:pk>/", views.document, name="document"),
    path("van-ban/<int:pk>/tien-do.xlsx", views.rollup_xlsx, name="rollup_xlsx"),
    path("tep/<int:pk>/", views.attachment_download, name="attachment"),
    path("nhiem-vu/<int:pk>/", views.task, name="task"),
    path("thanh-vien/<int:pk>/", views.member, name="member"),
    path("<str:key>/", views.overview, name="overview"),
    path("<str:key>/xuat/<slug:kind>.xlsx", views.export, name="export"),
    path("<str:key>/ban-chi-dao/", views.committee, name="committee"),
    path("<str:key>/van-ban/", views.documents, name="documents"),
    path("<str:key>/cap-tren-giao/", views.inbox, name="inbox"),
]

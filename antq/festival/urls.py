from django.urls import path

from antq.festival import views

app_name = "festival"

urlpatterns = [
    path("", views.home, name="home"),
    path("don-vi/<str:key>/ke-hoach/them/", views.campaign_add, name="campaign_add"),
    path("ke-hoach/<int:pk>/", views.campaign, name="campaign"),
    path("ke-hoach/<int:pk>/sua/", views.campaign_edit, name="campaign_edit"),
    path("ke-hoach/<int:pk>/don-vi/<str:key>/", views.commune, name="commune"),
    path("ke-hoach/<int:pk>/don-vi/<str:key>/tong-hop.xlsx", views.rollup_xlsx, name="rollup_xlsx"),
    path("ke-hoach/<int:pk>/don-vi/<str:key>/bao-cao.pdf", views.rollup_pdf, name="rollup_pdf"),
    path("ke-hoach/<int:pk>/don-vi/<str:key>/diem/them/", views.event_add, name="event_add"),
    path("nam/<int:year>/don-vi/<str:key>/", views.year, name="year"),
    path("nam/<int:year>/don-vi/<str:key>/tong-hop.xlsx", views.year_xlsx, name="year_xlsx"),
    path("nam/<int:year>/don-vi/<str:key>/bao-cao.pdf", views.year_pdf, name="year_pdf"),
    path("lich/<str:key>/", views.calendar, name="calendar"),
    path("lich/<str:key>.ics", views.calendar_ics, name="calendar_ics"),
    path("lich/<str:key>/lien-ket/", views.calendar_token, name="calendar_token"),
    path("ical/<str:token>/<str:key>.ics", views.calendar_feed, name="calendar_feed"),
    path("diem/<int:pk>/", views.event, name="event"),
    path("diem/<int:pk>/ket-qua/", views.result, name="result"),
    path("diem/<int:pk>/diem-chi-dao/", views.event_pilot, name="event_pilot"),
    path("diem/<int:pk>/anh/them/", views.photo_add, name="photo_add"),
    path("anh/<int:pk>/", views.photo, name="photo"),
    path("diem/<int:pk>/khen-thuong/them/", views.commendation_add, name="commendation_add"),
    path("diem/<int:pk>/khen-thuong/gan-quyet-dinh/", views.commendation_link, name="commendation_link"),
]

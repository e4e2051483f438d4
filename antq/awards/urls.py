from django.urls import path

from antq.awards import views

app_name = "awards"

urlpatterns = [
    path("don-vi/<str:key>/", views.unit, name="unit"),
    path("don-vi/<str:key>/de-nghi/", views.propose, name="propose"),
    path("don-vi/<str:key>/ky-niem-chuong/", views.medal, name="medal"),
    path("don-vi/<str:key>/ky-niem-chuong.xlsx", views.medal_xlsx, name="medal_xlsx"),
    path("nguoi/<int:pk>/", views.person, name="person"),
    path("de-nghi/<int:pk>/", views.proposal, name="proposal"),
    path("quyet-dinh/<int:pk>.pdf", views.decision_pdf, name="decision_pdf"),
]

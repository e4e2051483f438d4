from django.urls import path

from antq.awards import views

app_name = "awards"

urlpatterns = [
    path("don-vi/<str:key>/", views.unit, name="unit"),
    path("don-vi/<str:key>/de-nghi/", views.propose, name="propose"),
    path("don-vi/<str:key>/quyet-dinh/", views.decide_many, name="decide_many"),
    path(
        "don-vi/<str:key>/de-nghi/tu-nguon/<str:kind>/<int:source_id>/",
        views.propose_from,
        name="propose_from",
    ),
    path("don-vi/<str:key>/lanh-dao/", views.leaders, name="leaders"),
    path("lanh-dao/<int:pk>/", views.leader, name="leader"),
    path("don-vi/<str:key>/ky-niem-chuong/", views.medal, name="medal"),
    path("don-vi/<str:key>/ky-niem-chuong.xlsx", views.medal_xlsx, name="medal_xlsx"),
    path("nguoi/<int:pk>/", views.person, name="person"),
    path("de-nghi/<int:pk>/", views.proposal, name="proposal"),
    path("quyet-dinh/<int:pk>.pdf", views.decision_pdf, name="decision_pdf"),
    path("quyet-dinh/<int:pk>/giay-khen.pdf", views.certificates_pdf, name="certificates_pdf"),
    path("quyet-dinh/<int:pk>/giay-khen/<int:nominee>.pdf", views.certificates_pdf, name="certificate_pdf"),
]

from django.urls import path

from antq.awards import views

app_name = "awards"

urlpatterns = [
    path("don-vi/<str:key>/", views.unit, name="unit"),
    path("de-nghi/<int:pk>/", views.proposal, name="proposal"),
    path("quyet-dinh/<int:pk>.pdf", views.decision_pdf, name="decision_pdf"),
]

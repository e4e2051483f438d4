from django.urls import URLPattern, path

from antq.assessments import views

app_name = "assessments"
urlpatterns: list[URLPattern] = [
    # The yearly cycle and the criteria catalogue (views.py).
    path("", views.home, name="home"),
    path("ky/mo/", views.cycle_open, name="cycle_open"),
    path("ky/<int:year>/", views.cycle_detail, name="cycle_detail"),
    path("quy-dinh/<int:pk>/sua/", views.rule_edit, name="rule_edit"),
    path("bo-tieu-chi/<int:pk>/", views.criteria_set, name="criteria_set"),
    path("bo-tieu-chi/<int:pk>/nguong/", views.thresholds_edit, name="thresholds_edit"),
    path("tieu-chi/<int:pk>/sua/", views.criterion_edit, name="criterion_edit"),
]

from django.urls import path

from antq.practices import views

app_name = "practices"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("cong-khai/", views.showcase, name="showcase"),
    path("danh-muc/", views.model_types, name="types"),
    path("chi-tiet/<int:pk>/", views.model_detail, name="model"),
    path("chi-tiet/<int:pk>/danh-gia/", views.model_evaluate, name="model_evaluate"),
    path("chi-tiet/<int:pk>/nhan-rong/", views.model_replicate, name="model_replicate"),
    path("chi-tiet/<int:pk>/sua/", views.model_edit, name="model_edit"),
    path("chi-tiet/<int:pk>/ban-giao/", views.cluster_handover, name="cluster_handover"),
    path("<str:key>/", views.overview_unit, name="overview_unit"),
    path("<str:key>/mo-hinh/", views.model_list, name="models"),
    path("<str:key>/mo-hinh/them/", views.model_add, name="model_add"),
    path("<str:key>/dien-hinh/", views.example_list, name="examples"),
    path("<str:key>/dien-hinh/them/", views.example_add, name="example_add"),
    path("<str:key>/hoat-dong/", views.activity_list, name="activities"),
    path("<str:key>/hoat-dong/them/", views.activity_add, name="activity_add"),
    path("<str:key>/excel/<str:kind>/", views.export, name="export"),
]

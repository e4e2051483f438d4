from django.urls import path

from antq.units import imports_views, views

app_name = "units"
urlpatterns = [
    path("", views.national, name="national"),
    path("tim-kiem/", views.search, name="search"),
    path("<str:key>/", views.detail, name="detail"),
    path("<str:key>/nhap-excel/", imports_views.import_page, name="import"),
    path("<str:key>/nhap-excel/mau.xlsx", imports_views.import_template, name="import_template"),
    path("<str:key>/xuat-excel.xlsx", views.export, name="export"),
    path("<str:key>/khu-dan-cu/them/", views.area_form, name="area_add"),
    path("<str:key>/khu-dan-cu/<int:pk>/sua/", views.area_form, name="area_edit"),
    path("<str:key>/to-chuc/them/", views.organisation_form, name="org_add"),
    path("<str:key>/to-chuc/<int:pk>/sua/", views.organisation_form, name="org_edit"),
]

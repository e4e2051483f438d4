from django.contrib.auth import views as auth_views
from django.urls import path

from antq.accounts import views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("xac-thuc/", views.otp, name="otp"),
    path("ho-so/", views.profile, name="profile"),
    path("ho-so/khoa-api/<int:pk>/thu-hoi/", views.revoke_token, name="revoke_token"),
    path("doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path("nhat-ky/", views.audit, name="audit"),
]

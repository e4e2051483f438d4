from django.urls import path

from antq.tips import views

app_name = "tips"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/xu-ly/<slug:verb>/", views.act, name="act"),
    path("<int:pk>/danh-tinh/", views.reveal, name="reveal"),
    path("<int:pk>/tep/<int:attachment_id>/", views.attachment, name="attachment"),
    path("<int:pk>/yeu-cau/<int:request_id>/", views.resolve_request, name="resolve_request"),
]

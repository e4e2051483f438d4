"""The public intake pages (no login): tip-off and feedback forms and the follow-up by code."""

from django.urls import path

from antq.tips import public_views

app_name = "tips_public"

urlpatterns = [
    path("to-giac/", public_views.tip_form, name="tip"),
    path("to-giac/xa/", public_views.communes, name="communes"),
    path("to-giac/theo-doi/", public_views.follow, name="follow"),
    path("to-giac/theo-doi/trao-doi/", public_views.follow_message, name="message"),
    path("to-giac/theo-doi/du-lieu-ca-nhan/", public_views.data_request, name="data_request"),
    path("phan-anh/", public_views.feedback_form, name="feedback"),
]

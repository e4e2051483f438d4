from django.urls import path

from antq.portal import editor_views, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("tin-tuc/", views.news_list, name="news"),
    path("tin-tuc/<int:pk>/", views.article, name="article"),
    path("tin-tuc/<int:pk>/binh-luan/", views.comment, name="comment"),
    path("tep/<int:pk>/", views.file, name="file"),
    path("ngay-hoi/", views.events, name="events"),
    path("tieu-bieu/", views.recognised, name="recognised"),
    path("cach-to-giac/", views.how_to_report, name="how_to_report"),
    path("bien-tap/", editor_views.article_list, name="editor_list"),
    path("bien-tap/viet-bai/", editor_views.article_create, name="editor_create"),
    path("bien-tap/<int:pk>/", editor_views.article_edit, name="editor_edit"),
    path("bien-tap/<int:pk>/dang/", editor_views.article_publish, name="editor_publish"),
    path("bien-tap/<int:pk>/go/", editor_views.article_withdraw, name="editor_withdraw"),
    path("bien-tap/<int:pk>/tep/", editor_views.file_upload, name="editor_file_upload"),
    path("bien-tap/tep/<int:pk>/xoa/", editor_views.file_remove, name="editor_file_remove"),
    path("bien-tap/binh-luan/", editor_views.comment_queue, name="editor_comments"),
    path("bien-tap/binh-luan/<int:pk>/duyet/", editor_views.comment_approve, name="editor_comment_approve"),
    path("bien-tap/binh-luan/<int:pk>/tu-choi/", editor_views.comment_reject, name="editor_comment_reject"),
]

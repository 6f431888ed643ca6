from __future__ import annotations

from django.urls import path

from requests.gathering import views

app_name = "gathering"
urlpatterns = [
    path("contacts/<int:pk>/ask/", views.ask, name="ask"),
    path("requests/<int:gid>/close/", views.close, name="close"),
    path("requests/<int:gid>/files/<int:fid>/", views.attachment_download, name="file"),
    path("disclosures/", views.disclosure_log, name="disclosure_log"),
    path("answer/<str:token>/", views.answer, name="answer"),
    path("answer/<str:token>/code/", views.code, name="code"),
    path("answer/<str:token>/pass-on/", views.pass_on, name="pass_on"),
]

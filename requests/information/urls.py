from __future__ import annotations

from django.urls import path

from requests.information import views

app_name = "information"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("start/", views.start, name="start"),
    path("new/<int:level>/", views.new, name="new"),
    path("queue/", views.queue, name="queue"),
    path("disclosure-team/", views.disclosure_queue, name="disclosure_queue"),
    path("disclosure-log/", views.log, name="log"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/verify/", views.verify, name="verify"),
    path("<int:pk>/evidence/", views.evidence, name="evidence"),
    path("<int:pk>/claim/", views.claim, name="claim"),
    path("<int:pk>/answer/", views.answer, name="answer"),
]

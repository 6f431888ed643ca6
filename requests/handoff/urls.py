from __future__ import annotations

from django.urls import path

from requests.handoff import views

app_name = "handoff"
urlpatterns = [
    path("endpoints/", views.endpoints, name="endpoints"),
    path("endpoints/add/", views.endpoint_add, name="endpoint_add"),
    path("endpoints/<int:pk>/", views.endpoint_edit, name="endpoint_edit"),
    path("endpoints/<int:pk>/new-secret/", views.endpoint_rotate, name="endpoint_rotate"),
    path("failed/", views.failed, name="failed"),
    path("failed/<int:pk>/send-again/", views.resend, name="resend"),
]

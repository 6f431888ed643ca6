from __future__ import annotations

from django.urls import path

from requests.information import api

urlpatterns = [
    path("information-requests/check", api.check, name="information-check"),
    path("information-requests", api.create, name="information-create"),
    path("information-requests/<int:pk>", api.detail, name="information-detail"),
    path("information-requests/<int:pk>/verify", api.verify, name="information-verify"),
]

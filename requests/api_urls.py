from __future__ import annotations

from django.urls import path

from requests import api

urlpatterns = [
    path(
        "requests-for-support",
        api.RequestForSupportCreateView.as_view(),
        name="requests-for-support-create",
    ),
]

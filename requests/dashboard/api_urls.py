from __future__ import annotations

from django.urls import path

from requests.dashboard import api

urlpatterns = [
    path("dashboard", api.DashboardView.as_view(), name="dashboard-api"),
]

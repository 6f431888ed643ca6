from __future__ import annotations

from django.urls import path

from requests.triage import api

urlpatterns = [
    path("triage/queue/", api.QueueView.as_view(), name="triage-api-queue"),
    path("triage/contacts/<int:pk>/claim/", api.ClaimView.as_view(), name="triage-api-claim"),
    path(
        "triage/contacts/<int:pk>/decision/",
        api.DecisionView.as_view(),
        name="triage-api-decision",
    ),
]

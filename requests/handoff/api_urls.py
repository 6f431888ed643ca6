from __future__ import annotations

from django.urls import path

from requests.handoff import api

urlpatterns = [
    path("handoffs", api.HandoffFeedView.as_view(), name="handoff-feed"),
    path(
        "contacts/<int:pk>/handoff-receipt",
        api.ReceiptView.as_view(),
        name="handoff-receipt",
    ),
    path("schema/contact-handoff-v1.json", api.SchemaView.as_view(), name="handoff-schema"),
]

from __future__ import annotations

from django.urls import path

from requests.gathering import api

urlpatterns = [
    path("gathering-requests/", api.GatheringListView.as_view(), name="gathering-api-list"),
    path(
        "gathering-requests/<int:pk>/answer",
        api.GatheringAnswerView.as_view(),
        name="gathering-api-answer",
    ),
]

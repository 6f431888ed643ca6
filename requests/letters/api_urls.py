from __future__ import annotations

from django.urls import path

from requests.letters import api

urlpatterns = [
    path(
        "letters/contacts/<int:pk>/",
        api.ContactLettersView.as_view(),
        name="letters-api-contact",
    ),
]

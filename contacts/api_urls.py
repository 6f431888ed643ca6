from __future__ import annotations

from django.urls import path

from contacts import api

urlpatterns = [
    path("contacts/now", api.CallNowView.as_view(), name="contacts-now"),
    path("contacts", api.DirectoryView.as_view(), name="contacts-list"),
]

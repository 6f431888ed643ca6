from __future__ import annotations

from django.urls import path

from contacts import views

app_name = "contacts"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("hours/", views.hours_change, name="hours_change"),
    path("hours/<int:pk>/remove/", views.hours_change_remove, name="hours_change_remove"),
]

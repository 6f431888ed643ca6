from __future__ import annotations

from django.urls import path

from referral_portal.outbox import views

app_name = "outbox"
urlpatterns = [
    path("", views.failed, name="failed"),
    path("<int:pk>/send-again/", views.resend, name="resend"),
]

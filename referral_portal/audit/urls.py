from django.urls import path

from referral_portal.audit import views

app_name = "audit"
urlpatterns = [path("", views.audit_trail, name="trail")]

from django.urls import path

from referral_portal.rights import views

app_name = "rights"
urlpatterns = [path("subject-access/", views.subject_access_export, name="subject_access")]

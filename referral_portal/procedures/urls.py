from django.urls import path

from referral_portal.procedures import views

app_name = "procedures"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:kind>/", views.edit, name="edit"),
]

from __future__ import annotations

from django.urls import path

from requests.letters import views

app_name = "letters"
urlpatterns = [
    path("contact/<int:contact_id>/recipients/", views.recipients, name="recipients"),
    path(
        "contact/<int:contact_id>/preview/<str:recipient_key>/",
        views.preview,
        name="preview",
    ),
    path("to-post/", views.to_post, name="to_post"),
    path("to-post/print/", views.print_all, name="print_all"),
    path("<int:pk>/pdf/", views.letter_pdf, name="letter_pdf"),
    path("<int:pk>/posted/", views.mark_posted, name="mark_posted"),
    path("<int:pk>/resend/", views.resend, name="resend"),
]

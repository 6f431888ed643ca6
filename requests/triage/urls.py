from __future__ import annotations

from django.urls import path

from requests.triage import pr_views, views

app_name = "triage"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("next/", views.take_next, name="take_next"),
    path("approvals/", views.approvals, name="approvals"),
    path("enquiries/", views.enquiries_open, name="enquiries_open"),
    path("approvals/requests/<int:pk>/", views.approval_decide, name="approval_decide"),
    path("approvals/decisions/<int:pk>/", views.decision_review, name="decision_review"),
    path("contacts/<int:pk>/", views.record, name="record"),
    path("contacts/<int:pk>/claim/", views.claim, name="claim"),
    path("contacts/<int:pk>/release/", views.release, name="release"),
    path("contacts/<int:pk>/reassign/", views.reassign, name="reassign"),
    path("contacts/<int:pk>/gathering/", views.gathering, name="gathering"),
    path("contacts/<int:pk>/parental-responsibility/", pr_views.pr_overview, name="pr_check"),
    path(
        "contacts/<int:pk>/parental-responsibility/add-person/",
        pr_views.pr_person_add,
        name="pr_person_add",
    ),
    path(
        "contacts/<int:pk>/parental-responsibility/<int:person_id>/",
        pr_views.pr_person,
        name="pr_person",
    ),
    path("contacts/<int:pk>/professionals/", views.professional, name="professional"),
    path("contacts/<int:pk>/override/", views.override_request, name="override"),
    path("contacts/<int:pk>/extension/", views.extension_request, name="extension"),
    path("contacts/<int:pk>/decision/", views.decision, name="decision"),
    path("contacts/<int:pk>/enquiries/", views.enquiries, name="enquiries"),
]

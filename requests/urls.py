from __future__ import annotations

from django.urls import path

from requests import views

app_name = "requests"

P = "requests-for-support/<int:pk>/"

urlpatterns = [
    path("requests-for-support/start/", views.start, name="start"),
    path("requests-for-support/drafts/", views.drafts, name="drafts"),
    path("requests-for-support/mine/", views.mine, name="mine"),
    path("requests-for-support/agency/", views.agency, name="agency"),
    path("requests-for-support/weather/", views.hidden, name="hidden"),
    path(P, views.task_list, name="task_list"),
    path(P + "immediate-danger/", views.danger, name="danger"),
    path(P + "children/", views.children, name="children"),
    path(P + "children/add/", views.child_edit, name="child_add"),
    path(P + "children/<int:child_pk>/", views.child_edit, name="child_edit"),
    path(P + "children/<int:child_pk>/remove/", views.child_remove, name="child_remove"),
    path(P + "people/", views.people, name="people"),
    path(P + "people/add/", views.person_edit, name="person_add"),
    path(P + "people/<int:person_pk>/", views.person_edit, name="person_edit"),
    path(P + "people/<int:person_pk>/remove/", views.person_remove, name="person_remove"),
    path(P + "level-of-need/", views.level, name="level"),
    path(P + "early-help/", views.early_help, name="early_help"),
    path(P + "prevent/", views.prevent, name="prevent"),
    path(P + "attachments/", views.attachments, name="attachments"),
    path(
        P + "attachments/<int:attachment_pk>/remove/",
        views.attachment_remove,
        name="attachment_remove",
    ),
    path(
        P + "attachments/<int:attachment_pk>/download/",
        views.attachment_download,
        name="attachment_download",
    ),
    path(P + "check/", views.check, name="check"),
    path(P + "delete/", views.draft_delete, name="draft_delete"),
    path(P + "sent/", views.sent, name="sent"),
    path(P + "status/", views.status, name="status"),
    path(P + "<slug:slug>/", views.section, name="section"),
]

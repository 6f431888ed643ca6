from __future__ import annotations

from django.urls import path

from thresholds import views

app_name = "thresholds"
urlpatterns = [
    path("", views.start, name="start"),
    path("saved/", views.saved, name="saved"),
    path("<slug:authority>/", views.guide, name="guide"),
    path("<slug:authority>/assess/", views.assess, name="assess"),
    path("<slug:authority>/assessments/<uuid:ref>/", views.result, name="result"),
    path("<slug:authority>/assessments/<uuid:ref>/save/", views.save, name="save"),
    path(
        "<slug:authority>/assessments/<uuid:ref>/request-for-support/",
        views.handoff,
        name="handoff",
    ),
]

from __future__ import annotations

from django.urls import path

from thresholds import api

urlpatterns = [
    path("thresholds/indicators", api.IndicatorsView.as_view(), name="thresholds-indicators"),
    path("thresholds/assess", api.AssessView.as_view(), name="thresholds-assess"),
]

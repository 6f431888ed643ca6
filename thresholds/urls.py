from __future__ import annotations

app_name = "thresholds"
urlpatterns: list = []

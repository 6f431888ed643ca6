from __future__ import annotations

app_name = "information"
urlpatterns: list = []

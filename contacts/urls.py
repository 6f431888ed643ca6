from __future__ import annotations

app_name = "contacts"
urlpatterns: list = []

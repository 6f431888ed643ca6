from __future__ import annotations

app_name = "letters"
urlpatterns: list = []

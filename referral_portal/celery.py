"""The Celery app. Settings come from Django's settings (``CELERY_*``).

With no REDIS_URL, tasks run eagerly in the web process once the transaction commits
(``delay_on_commit``), so a first run works without a broker.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "referral_portal.settings")

app = Celery("referral_portal", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Every installed app's tasks.py (Django's INSTALLED_APPS, read lazily).
app.autodiscover_tasks()
# The portal's own tasks (the worker heartbeat): referral_portal is a package, not an app.
app.autodiscover_tasks(["referral_portal"])

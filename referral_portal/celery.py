"""The Celery app. Settings come from Django's settings (``CELERY_*``).

With no REDIS_URL, tasks run eagerly in the web process (``task_always_eager``): the outbox
sends what a request wrote once its transaction commits, so a first run works without a
broker. How work is queued after a commit: ``referral_portal/tasks.py``.

Database connections in the worker live as they do in the web process. Celery's Django fixup
closes every connection before and after each task unless ``CELERY_DB_REUSE_MAX`` is set: a
new PostgreSQL connection (a server process started, authenticated, the prepared statements
prepared again) for every email sent. The settings give it a reuse count, and each task instead
closes what Django would close at the end of a request (``close_old_connections``): a
connection older than CONN_MAX_AGE or one left unusable by an error; the next task checks the
connection it reuses (CONN_HEALTH_CHECKS), so a restarted database costs no task.
"""

from __future__ import annotations

import gc
import os
from typing import Any

from celery import Celery
from celery.signals import beat_init, task_postrun, task_prerun, worker_process_shutdown

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "referral_portal.settings")

app = Celery("referral_portal", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Every installed app's tasks.py (Django's INSTALLED_APPS, read lazily).
app.autodiscover_tasks()
# The portal's own tasks (the worker heartbeat): referral_portal is a package, not an app.
app.autodiscover_tasks(["referral_portal"])


@task_prerun.connect
@task_postrun.connect
def _connections_tidy(sender: Any = None, **kwargs: Any) -> None:
    """As at the start and end of a request: close only old or broken connections."""
    request = getattr(sender, "request", None)
    if getattr(request, "is_eager", False):
        return  # in the web process's own transaction: its connection is not ours to close
    from django.db import close_old_connections

    close_old_connections()


_frozen = {"done": False}


@task_postrun.connect
def _freeze_after_first_task(sender: Any = None, **kwargs: Any) -> None:
    """Once per worker process, after its first task has loaded what every task reuses (fonts,
    stylesheets, templates, the modules behind them): those objects leave the garbage
    collector's generations (``gc.freeze``). A full collection then no longer walks ~140,000
    long-lived objects a few times per hundred letters, and after a fork the pages holding them
    are not written to by the collector."""
    request = getattr(sender, "request", None)
    if _frozen["done"] or getattr(request, "is_eager", False):
        return
    _frozen["done"] = True
    gc.collect()
    gc.freeze()


@worker_process_shutdown.connect
def _smtp_close(**kwargs: Any) -> None:
    """The process's SMTP connection (kept open between emails) is closed with QUIT."""
    from referral_portal.outbox import smtp

    smtp.close()


@beat_init.connect
def _one_beat(sender: object = None, **kwargs: object) -> None:
    """However many beats are started, one sends the schedule (referral_portal/beat_lock.py)."""
    from django.conf import settings

    from referral_portal.beat_lock import beat_lock_hold

    if settings.REDIS_URL:
        beat_lock_hold(settings.REDIS_URL)

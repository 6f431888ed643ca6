"""Clear the cached directory whenever a row changes, however it was changed.

Auditing happens in the services and the admin (the people who change things); this only
keeps the cache honest for anything else that saves a row (shell, fixtures, factories).
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from contacts.models import OneOffDay, OpeningHours, Service
from contacts.selectors import forget_directories
from referral_portal.accounts.models import Authority


@receiver([post_save, post_delete], sender=Service)
@receiver([post_save, post_delete], sender=OpeningHours)
@receiver([post_save, post_delete], sender=OneOffDay)
def _directory_row_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, Service):
        query = Authority.objects.filter(pk=instance.authority_id)
    else:
        query = Authority.objects.filter(services__pk=instance.service_id)
    forget_directories(query.values_list("slug", flat=True))


@receiver([post_save, post_delete], sender=Authority)
def _authority_changed(sender: Any, instance: Authority, **kwargs: Any) -> None:
    forget_directories([instance.slug])

"""Contacts with the front door: a Request for Support and the children it is about.

A contact starts as a practitioner's draft and, once submitted, is an item in its authority's
triage queue. The Request for Support and triage issues extend these models.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ContactStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    RECEIVED = "received", "Received"
    IN_TRIAGE = "in_triage", "Being looked at"
    AWAITING_MANAGER = "awaiting_manager", "Awaiting manager agreement"
    RETURNED = "returned", "Returned by manager"
    DECIDED = "decided", "Decision made"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Contact(models.Model):
    """A Request for Support to an authority's front door."""

    authority = models.ForeignKey(
        "accounts.Authority", on_delete=models.PROTECT, related_name="contacts"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contacts"
    )
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="contacts")
    status = models.CharField(
        max_length=20, choices=ContactStatus.choices, default=ContactStatus.DRAFT
    )
    reference = models.CharField(max_length=20, unique=True, null=True, blank=True)
    immediate_danger = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["authority", "status", "due_at"], name="contact_queue"),
            models.Index(fields=["created_by", "status"], name="contact_owner"),
            models.Index(fields=["agency", "status"], name="contact_agency"),
        ]

    def __str__(self) -> str:
        return self.reference or f"Draft {self.pk}"


class Child(models.Model):
    """A child a contact is about (fictional in every demo and test)."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="children")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_due_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "children"

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

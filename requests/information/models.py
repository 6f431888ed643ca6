"""Information requests (seed 002): the request, its identity check and the disclosure log."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from requests.information import consent as rules


class Status(models.TextChoices):
    AWAITING_VERIFICATION = "awaiting_verification", "Awaiting verification"
    RECEIVED = "received", "Received"
    NEEDS_MORE_INFORMATION = "needs_more_information", "Needs more information"
    ANSWERED = "answered", "Answered"
    REFUSED = "refused", "Refused"
    ROUTED = "routed", "Sent to the Disclosure Team"
    VERIFICATION_FAILED = "verification_failed", "Identity not verified"


class Level(models.IntegerChoices):
    ONE = 1, "Level 1: is the child known?"
    TWO = 2, "Level 2: more detail about a closed case"
    THREE = 3, "Level 3: whole case assessments for court proceedings or a section 47 investigation"


def _choices(labels: Mapping[Any, str]) -> list[tuple[str, str]]:
    return [(str(key), label) for key, label in labels.items()]


class InformationRequest(models.Model):
    """One partner agency's request about one child (002.L1.6: "enquiring about one child")."""

    authority = models.ForeignKey(
        "accounts.Authority", on_delete=models.PROTECT, related_name="information_requests"
    )
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="information_requests"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="information_requests"
    )
    reference = models.CharField(max_length=24, unique=True)
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    status = models.CharField(max_length=30, choices=Status.choices)
    created_at = models.DateTimeField(default=timezone.now)
    received_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The child (fictional in every demo and test).
    child_first_name = models.CharField(max_length=100)
    child_last_name = models.CharField(max_length=100)
    child_date_of_birth = models.DateField(null=True, blank=True)
    child_address = models.TextField(blank=True)

    # Level 2 and 3 (002.L2.1: the Request for Information form).
    purpose = models.TextField(blank=True)
    consent = models.CharField(
        max_length=20, choices=_choices(rules.CONSENT_LABELS), blank=True, default=""
    )
    consent_date = models.DateField(null=True, blank=True)
    consent_given_by = models.CharField(max_length=200, blank=True)
    consent_recorded_by = models.CharField(max_length=200, blank=True)
    evidence_path = models.CharField(max_length=200, blank=True)
    evidence_name = models.CharField(max_length=200, blank=True)
    evidence_mime = models.CharField(max_length=100, blank=True)
    exemption = models.CharField(
        max_length=20, choices=_choices(rules.EXEMPTION_LABELS), blank=True, default=""
    )
    exemption_details = models.TextField(blank=True)
    # Probation (002.P.3 to 002.P.8).
    offence_concerns = models.JSONField(default=list, blank=True)
    offence_details = models.TextField(blank=True)
    wider_family = models.TextField(blank=True)
    reason_needed = models.CharField(
        max_length=30, choices=_choices(rules.REASON_LABELS), blank=True, default=""
    )
    consent_not_sought_reason = models.TextField(blank=True)
    safeguarding_confirmed = models.BooleanField(null=True, blank=True)

    # Level 1 identity check (002.L1.7): a hashed one-time code sent to the work email.
    verification_email = models.EmailField(blank=True)
    verification_code_hash = models.CharField(max_length=128, blank=True)
    verification_expires_at = models.DateTimeField(null=True, blank=True)
    verification_attempts = models.PositiveSmallIntegerField(default=0)
    verified_at = models.DateTimeField(null=True, blank=True)

    # The front door's handling.
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claimed_information_requests",
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    dispensation_reason = models.TextField(blank=True)  # 002.P.9
    more_information_needed = models.TextField(blank=True)
    more_information_reply = models.TextField(blank=True)
    refused_reason = models.TextField(blank=True)
    routed_to_email = models.EmailField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The officers' queue: one authority's open requests, oldest first.
            models.Index(fields=["authority", "status", "received_at"], name="info_queue"),
            models.Index(fields=["created_by", "-created_at"], name="info_owner"),
            models.Index(fields=["agency", "-created_at"], name="info_agency"),
            # The 24-hour dashboard counts an authority's requests by level over a period.
            models.Index(fields=["authority", "created_at"], name="info_received"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def api_agency_type(self) -> str:
        return str(rules.api_agency_type(self.agency.agency_type))

    def assessment(self) -> rules.Assessment:
        """What the consent rules say about this request as it stands."""
        return rules.assess(
            level=self.level,
            agency_type=self.api_agency_type,
            consent=self.consent or None,
            exemption=self.exemption or None,
            offence_concerns=self.offence_concerns or [],
            offence_details=self.offence_details,
            reason_needed=self.reason_needed or None,
            consent_not_sought_reason=self.consent_not_sought_reason,
            safeguarding_confirmed=self.safeguarding_confirmed,
        )

    @property
    def child_name(self) -> str:
        return f"{self.child_first_name} {self.child_last_name}"


class Disclosure(models.Model):
    """The disclosure log: what was told to whom, at what level, on what basis, by whom."""

    request = models.OneToOneField(
        InformationRequest, on_delete=models.PROTECT, related_name="disclosure"
    )
    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    disclosed = models.JSONField(default=dict)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recipient_email = models.EmailField()
    recipient_agency = models.CharField(max_length=200)
    basis = models.CharField(max_length=30, choices=_choices(rules.BASIS_LABELS))
    basis_detail = models.TextField(blank=True)
    consent_date = models.DateField(null=True, blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["authority", "-at"], name="disclosure_log")]

    def __str__(self) -> str:
        return f"Disclosure for {self.request_id}"

    @property
    def field_names(self) -> list[str]:
        """The disclosed fields in the level's order (JSON object keys come back sorted)."""
        return [
            name.replace("_", " ")
            for name in rules.disclosable_fields(self.level)
            if name in self.disclosed
        ]

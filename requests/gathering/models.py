"""Information gathering requests (seed 003, "Gathering information"): what the front door asked
a named professional, what was disclosed to them, and their answers.

003: "Gathering information from other professionals helps Children and Family Services to
understand if the professionals who know your child (or children) are concerned about their
welfare", once the family has agreed or the Duty Manager has overridden the need for agreement.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class GatheringStatus(models.TextChoices):
    OPEN = "open", "Waiting for an answer"
    ANSWERED = "answered", "Answered"
    CLOSED = "closed", "Closed without an answer"


class AnswerKind(models.TextChoices):
    ANSWER = "answer", "Answer"
    NO_INFORMATION = "no_information", "We hold no information"
    CANNOT_SHARE = "cannot_share", "We cannot share this"


class GatheringRequest(models.Model):
    """One professional asked questions about the children of one contact.

    ``recipient_*`` is who holds the request now (a safeguarding lead may pass it to a
    colleague of the same agency). ``link_nonce`` is part of the signed link: it changes when
    the request is passed on, so the earlier link stops working.
    """

    contact = models.ForeignKey(
        "requests.Contact", on_delete=models.CASCADE, related_name="gathering_requests"
    )
    authority = models.ForeignKey("accounts.Authority", on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    # Copied when sent: the 90-day figures are by agency type.
    agency_type = models.CharField(max_length=20)
    recipient_name = models.CharField(max_length=200)
    recipient_email = models.EmailField()
    # Addressed to the agency's safeguarding lead (who may pass it to a colleague).
    to_safeguarding_lead = models.BooleanField(default=False)
    passed_on_by = models.CharField(max_length=200, blank=True)
    questions = models.JSONField(default=list, help_text="The questions, in order")
    # Field names of what was disclosed to identify the children: never the referral.
    disclosed = models.JSONField(default=list)
    # "consent" or "override": why information could be gathered (the disclosure's basis).
    basis = models.CharField(max_length=20)
    reply_by = models.DateTimeField()
    status = models.CharField(
        max_length=20, choices=GatheringStatus.choices, default=GatheringStatus.OPEN
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    link_nonce = models.CharField(max_length=32)
    # The professional's answers saved but not sent (one draft per request).
    draft = models.JSONField(default=dict, blank=True)
    draft_saved_at = models.DateTimeField(null=True, blank=True)
    # One-time code to the verified agency address: a hash only, expiring, rate-limited.
    code_hash = models.CharField(max_length=128, blank=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    code_attempts = models.PositiveSmallIntegerField(default=0)
    codes_sent = models.JSONField(default=list, blank=True, help_text="When codes were sent")
    answered_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    overdue_flagged_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.TextField(blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sent_at", "id"]
        indexes = [
            models.Index(fields=["authority", "status", "reply_by"], name="gathering_open"),
            models.Index(fields=["authority", "sent_at"], name="gathering_sent"),
            models.Index(fields=["agency", "status"], name="gathering_agency"),
        ]

    def __str__(self) -> str:
        return f"Gathering request {self.pk} on {self.contact_id}"

    @property
    def is_open(self) -> bool:
        return self.status == GatheringStatus.OPEN

    def is_overdue(self, now: object = None) -> bool:
        moment = now or timezone.now()
        return self.is_open and self.reply_by <= moment  # type: ignore[operator]  # a datetime (now or the caller's)


class GatheringAnswer(models.Model):
    """A sent answer: final. A correction is a new answer, which names the one it corrects."""

    request = models.ForeignKey(GatheringRequest, on_delete=models.CASCADE, related_name="answers")
    # [{"question": ..., "kind": AnswerKind, "text": ...}] in the request's question order.
    answers = models.JSONField(default=list)
    answered_by_name = models.CharField(max_length=200)
    answered_by_email = models.EmailField()
    answered_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # "Signed in to the portal" or "One-time code sent to <address>"; "API key of <address>".
    verified_how = models.CharField(max_length=300)
    sent_at = models.DateTimeField(default=timezone.now)
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["sent_at", "id"]

    def __str__(self) -> str:
        return f"Answer {self.pk} to {self.request_id}"


class GatheringAttachment(models.Model):
    """A file sent with an answer, checked like the Request for Support's and stored alike."""

    request = models.ForeignKey(
        GatheringRequest, on_delete=models.CASCADE, related_name="attachments"
    )
    # None while the answer is a draft.
    answer = models.ForeignKey(
        GatheringAnswer, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    name = models.CharField(max_length=120)
    stored_name = models.CharField(max_length=64, unique=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by_email = models.EmailField()
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class GatheringDisclosure(models.Model):
    """The disclosure log of information gathering: who was told which details of the children,
    on what basis, by whom (on sending, and when a request is passed to a colleague)."""

    request = models.ForeignKey(
        GatheringRequest, on_delete=models.CASCADE, related_name="disclosures"
    )
    authority = models.ForeignKey("accounts.Authority", on_delete=models.CASCADE, related_name="+")
    to_name = models.CharField(max_length=200)
    to_email = models.EmailField()
    to_agency = models.CharField(max_length=200)
    fields = models.JSONField(default=list)
    basis = models.CharField(max_length=20)
    by_label = models.CharField(max_length=254, help_text="Who disclosed: the officer, or the lead")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["authority", "-at"], name="gathering_disclosure_log")]

    def __str__(self) -> str:
        return f"Disclosure {self.pk} for {self.request_id}"

"""Triage of contacts by the front door (seed 003): the queue, the record of the work, decisions.

Triage data lives here, beside ``requests.Contact`` (one-to-one or foreign keys), so that the
Request for Support models can change without this app's migrations following them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from requests.triage.states import TriageState


class Outcome(models.TextChoices):
    """The possible outcomes of an initial contact, in the words of "What to expect: Initial
    Contact with Children and Family Services", "Possible outcomes of contacting us": "offered
    advice and, if necessary, ... directed to other services", "No further action", "Further
    enquiries or information gathering ... This could include enquiries undertaken by the ...
    (MASH)", "Single Assessment", "Child Protection enquiries".

    "Early help" is not one of that document's outcomes: it is this portal's addition, from the
    early help pathway of Worcestershire's "Multi Agency Levels of Need" guidance (§7).
    """

    ADVICE = "advice", "Advice and, if necessary, directing to other services"
    NO_FURTHER_ACTION = "nfa", "No further action"
    FURTHER_ENQUIRIES = (
        "mash",
        "Further enquiries or information gathering (could include the MASH)",
    )
    SINGLE_ASSESSMENT = "single_assessment", "Single Assessment"
    CHILD_PROTECTION = "s47", "Child Protection enquiries"
    EARLY_HELP = "early_help", "Early help"


class ConsentToGather(models.TextChoices):
    """003: "You will usually be asked to give your agreement before information gathering"."""

    GIVEN = "given", "Given"
    REFUSED = "refused", "Refused"
    NOT_SOUGHT = "not_sought", "Not sought"


class HoldsPR(models.TextChoices):
    YES = "yes", "Has parental responsibility"
    NO = "no", "Does not have parental responsibility"
    NOT_KNOWN = "not_known", "Not known yet"


class Triage(models.Model):
    """The front door's work on one contact: its state, consent to gather, MASH, immediate action.

    ``version`` goes up by one on every save, so a save made from an old copy of the record is
    refused (two officers editing at once) instead of silently overwriting the other.
    """

    contact = models.OneToOneField(
        "requests.Contact", on_delete=models.CASCADE, related_name="triage"
    )
    state = models.CharField(
        max_length=20, choices=TriageState.choices, default=TriageState.RECEIVED
    )
    version = models.PositiveIntegerField(default=1)
    consent_to_gather = models.CharField(max_length=20, choices=ConsentToGather.choices, blank=True)
    consent_notes = models.TextField(blank=True)
    # Who gave consent, when and how: required when it is recorded as given after a refusal or
    # "not sought" (the referrer's answer or the officer's), so a refusal is not lifted by
    # changing a radio answer (003: agreement, or the Duty Manager's override).
    consent_given_by = models.CharField(max_length=200, blank=True)
    consent_given_at = models.DateTimeField(null=True, blank=True)
    consent_given_how = models.CharField(max_length=200, blank=True)
    mash_started_at = models.DateTimeField(null=True, blank=True)
    mash_concluded_at = models.DateTimeField(null=True, blank=True)
    mash_summary = models.TextField(blank=True)
    # 003: "If a safeguarding issue is identified, immediate action will be taken."
    immediate_action_needed = models.BooleanField(default=False)
    immediate_action_taken = models.TextField(blank=True)
    immediate_action_by = models.CharField(max_length=200, blank=True)
    immediate_action_at = models.DateTimeField(null=True, blank=True)
    # The approved extended deadline (003: "this time can sometimes be extended").
    extended_due_at = models.DateTimeField(null=True, blank=True)
    # When that extension was approved, and the deadline it replaced: an extension counts on
    # the dashboard only if it was approved before the deadline it extended.
    extension_approved_at = models.DateTimeField(null=True, blank=True)
    extended_from = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Triage of {self.contact_id}"


class QueueEntry(models.Model):
    """One OPEN contact in its authority's queue; deleted when the contact is decided or withdrawn.

    Kept small on purpose: the queue page reads only this table (and the page's contacts), so it
    reads the same whether the authority has a thousand contacts or a million.
    """

    contact = models.OneToOneField(
        "requests.Contact", on_delete=models.CASCADE, related_name="queue_entry"
    )
    authority = models.ForeignKey("accounts.Authority", on_delete=models.CASCADE, related_name="+")
    urgent = models.BooleanField(default=False)
    due_at = models.DateTimeField()
    received_at = models.DateTimeField()
    state = models.CharField(max_length=20, choices=TriageState.choices)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    held_since = models.DateTimeField(null=True, blank=True)
    agency_type = models.CharField(max_length=20, blank=True)
    level_of_need = models.PositiveSmallIntegerField(null=True, blank=True)
    # Copied from the submitted contact so the queue page never reads the contacts table,
    # whose open rows are scattered among a million closed ones.
    reference = models.CharField(max_length=20, blank=True)
    immediate_danger = models.BooleanField(default=False)
    agency_name = models.CharField(max_length=200, blank=True)
    child_names = models.TextField(blank=True, help_text="One child per line")

    class Meta:
        ordering = ["-urgent", "due_at", "id"]
        indexes = [
            # The queue order within an authority; also serves "Take next" and keyset pages.
            models.Index(fields=["authority", "-urgent", "due_at", "id"], name="queue_order"),
            models.Index(fields=["held_by"], name="queue_held_by"),
        ]
        verbose_name_plural = "queue entries"

    def __str__(self) -> str:
        return f"Queue entry for {self.contact_id}"


class PRCheck(models.Model):
    """The front door's answer: does this person hold parental responsibility for this child?

    003: "The social worker will ask if you have Parental Responsibility (PR) for the child (or
    children)". One row per answer, per person and child; the newest row for a (person, child)
    is the front door's record, and it decides who is sent an outcome letter (003 line 35).
    Rows from before PR was recorded per child have no person or child: kept for the record,
    they decide nothing.
    """

    contact = models.ForeignKey(
        "requests.Contact", on_delete=models.CASCADE, related_name="pr_checks"
    )
    person = models.ForeignKey(
        "requests.Person",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="pr_checks",
    )
    child = models.ForeignKey(
        "requests.Child",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="pr_checks",
    )
    person_name = models.CharField(max_length=200, blank=True)
    relationship = models.CharField(max_length=100, blank=True)
    holds_pr = models.CharField(max_length=20, choices=HoldsPR.choices)
    confirmed = models.BooleanField(default=True)
    how_checked = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "id"]
        indexes = [models.Index(fields=["contact", "person", "child"], name="pr_check_answer")]

    def __str__(self) -> str:
        return self.person_name or f"PR check {self.pk}"


class ProfessionalContacted(models.Model):
    """A professional asked for information. They receive the outcome letter later (003)."""

    contact = models.ForeignKey(
        "requests.Contact", on_delete=models.CASCADE, related_name="professionals_contacted"
    )
    name = models.CharField(max_length=200)
    agency = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    # Where the outcome letter is posted when there is no email (issue 17 point 5).
    address = models.TextField(blank=True)
    contacted_at = models.DateTimeField()
    # Contacted during the further enquiries that followed a "further enquiries" outcome.
    during_enquiries = models.BooleanField(default=False)
    asked = models.TextField()
    said = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["contacted_at", "id"]
        verbose_name_plural = "professionals contacted"

    def __str__(self) -> str:
        return f"{self.name} ({self.agency})"


class ApprovalKind(models.TextChoices):
    CONSENT_OVERRIDE = "consent_override", "Gather information without consent"
    EXTENSION = "extension", "Extend the 24-hour deadline"
    # Raised by the service, not asked for: see docs/decisions.md (consent after a refusal).
    CONSENT_CHANGE = "consent_change", "Consent recorded as given after a refusal or not sought"


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a duty manager"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"


class ExtensionReason(models.TextChoices):
    """003: extended "to allow for further investigation ... by the duty worker or through MASH"."""

    FURTHER_INVESTIGATION = "investigation", "Further investigation by the duty worker"
    MASH = "mash", "Enquiries through the MASH"


class ApprovalRequest(models.Model):
    """An officer asks a duty manager: to gather without consent, or to extend the deadline."""

    contact = models.ForeignKey(
        "requests.Contact", on_delete=models.CASCADE, related_name="approval_requests"
    )
    authority = models.ForeignKey("accounts.Authority", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=ApprovalKind.choices)
    status = models.CharField(
        max_length=20, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING
    )
    reason = models.TextField()
    extension_reason = models.CharField(max_length=20, choices=ExtensionReason.choices, blank=True)
    new_due_at = models.DateTimeField(null=True, blank=True)
    # For a consent change: the answer before it, restored if a duty manager reverses it.
    consent_before = models.CharField(max_length=20, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    manager_comment = models.TextField(blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        indexes = [models.Index(fields=["authority", "status"], name="approval_pending")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.contact_id}"


class DecisionStatus(models.TextChoices):
    AWAITING_MANAGER = "awaiting_manager", "Awaiting manager agreement"
    AGREED = "agreed", "Agreed"
    RETURNED = "returned", "Returned with a comment"


class Decision(models.Model):
    """An officer's proposed outcome. It takes effect only when a duty manager agrees (003)."""

    contact = models.ForeignKey(
        "requests.Contact", on_delete=models.CASCADE, related_name="decisions"
    )
    authority = models.ForeignKey("accounts.Authority", on_delete=models.CASCADE, related_name="+")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    # Internal: the officer's reasoning for the manager and the record. Never printed in a letter.
    rationale = models.TextField()
    # Decisions made before issue 17: what the letters said happens next.
    next_steps = models.TextField(blank=True)
    # What the letters say (issue 17 point 3): pre-filled from 003's wording, edited by the officer.
    family_text = models.TextField(blank=True, help_text="What we tell the family")
    family_text_easy_read = models.TextField(
        blank=True, help_text="What we tell the family, in EasyRead"
    )
    referrer_text = models.TextField(
        blank=True, help_text="What we tell the referrer and the professionals contacted"
    )
    # The manager's reason for agreeing although PR is not known or no PR holder gets a letter.
    letters_confirmation = models.TextField(blank=True)
    immediate_action_taken = models.TextField(blank=True)
    # The final outcome of further enquiries (see FurtherEnquiries), not the initial decision.
    after_enquiries = models.BooleanField(default=False)
    status = models.CharField(
        max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.AWAITING_MANAGER
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(default=timezone.now)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    manager_comment = models.TextField(blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["made_at", "id"]
        indexes = [models.Index(fields=["authority", "status"], name="decision_status")]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} for {self.contact_id}"


class FurtherEnquiries(models.Model):
    """The follow-up of an agreed "further enquiries or information gathering (MASH)" outcome.

    003: "Further enquiries or information gathering may be undertaken. This could include
    enquiries undertaken by the Multi Agency Safeguarding Hub (MASH)", and "Any professional who
    has been contacted for information during enquiries will also be sent an outcomes letter".
    Open until its final outcome (a ``Decision`` with ``after_enquiries``) is agreed by a duty
    manager; that agreement sends the final letters.
    """

    contact = models.OneToOneField(
        "requests.Contact", on_delete=models.CASCADE, related_name="further_enquiries"
    )
    authority = models.ForeignKey("accounts.Authority", on_delete=models.CASCADE, related_name="+")
    opened_by_decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who follows the enquiries through",
    )
    opened_at = models.DateTimeField(default=timezone.now)
    enquiries = models.TextField(blank=True, help_text="What is being asked, and by whom")
    result = models.TextField(blank=True, help_text="What the enquiries found")
    final_decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    concluded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "further enquiries"
        indexes = [
            models.Index(fields=["authority", "concluded_at"], name="enquiries_open"),
        ]

    def __str__(self) -> str:
        return f"Further enquiries on {self.contact_id}"

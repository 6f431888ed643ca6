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


class ConcernCategory(models.TextChoices):
    """The categories of abuse and the other concerns the seeds name (001 §7.2, 000; FGM from
    004 Appendix 1, Level 4 Health), and a
    child in need or family support: the Request for Support is also for "intensive family
    support" (000), and a child in need includes a disabled child (004 §6)."""

    PHYSICAL = "physical", "Physical abuse"
    EMOTIONAL = "emotional", "Emotional abuse"
    SEXUAL = "sexual", "Sexual abuse"
    NEGLECT = "neglect", "Neglect"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse, including controlling or coercive behaviour"
    CSE = "cse", "Child sexual exploitation"
    CRIMINAL_EXPLOITATION = "criminal_exploitation", "Criminal exploitation, including gangs"
    TRAFFICKING = "trafficking", "Trafficking"
    ONLINE_ABUSE = "online_abuse", "Online abuse"
    FGM = "fgm", "Female genital mutilation (FGM)"
    RADICALISATION = "radicalisation", "Radicalisation or extremism"
    CHILD_IN_NEED = "child_in_need", "Child in need or family support, with no harm suspected"


# Categories that are not a harm: "past harm" is asked only when another category is chosen.
NEED_CATEGORIES = frozenset({ConcernCategory.CHILD_IN_NEED.value})


def has_harm_category(categories: list[str] | None) -> bool:
    return any(c not in NEED_CATEGORIES for c in categories or [])


class Consent(models.TextChoices):
    """004 §4: the parents' consent given, refused, or not sought or not established."""

    GIVEN = "given", "Yes, discussed with the parents and they consented"
    REFUSED = "refused", "The parents refused consent"
    NOT_SOUGHT = "not_sought", "Consent was not sought, or could not be established"


class ConsentNotSoughtReason(models.TextChoices):
    """004 §4: seeking agreement is "likely to" do one of two things, or it was not established."""

    SIGNIFICANT_HARM = (
        "significant_harm",
        ("Seeking consent would place the child at risk of significant harm"),
    )
    LOSS_OF_EVIDENCE = (
        "loss_of_evidence",
        ("Seeking consent would lead to the risk of loss of evidential material"),
    )
    NOT_ESTABLISHED = (
        "not_established",
        "Consent could not be established, for example it was not practicable to ask",
    )


class ChildConsent(models.TextChoices):
    """004 §4: "the consent of the parents and the child, if the child has capacity"."""

    GIVEN = "given", "Yes, the child consented"
    REFUSED = "refused", "No, the child did not consent"
    NO_CAPACITY = "no_capacity", "The child does not have capacity to consent"
    NOT_SOUGHT = "not_sought", "The child's consent was not sought"


class ConsentAdvice(models.TextChoices):
    """004 §4: on a refusal, advice from a manager or the nominated safeguarding lead."""

    SOUGHT = "sought", "Yes, I sought advice from a manager or the nominated safeguarding lead"
    UNDUE_DELAY = "undue_delay", "No, seeking advice would cause undue delay"


class YesNo(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"


class YesNoNotKnown(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other"
    NOT_KNOWN = "not_known", "Not known"


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

    # The referrer: the signed-in user (never anonymous, 004 §4), their role and how to reach them.
    referrer_role = models.CharField(max_length=200, blank=True)
    referrer_phone = models.CharField(max_length=40, blank=True)
    referrer_email = models.EmailField(blank=True)
    # Categories of concern (ConcernCategory values).
    categories = models.JSONField(default=list, blank=True)
    # Signs of Safety and Wellbeing (000).
    past_harm = models.TextField(blank=True)
    future_danger = models.TextField(blank=True)
    complicating_factors = models.TextField(blank=True)
    existing_strengths = models.TextField(blank=True)
    existing_safety = models.TextField(blank=True)
    needs_to_happen = models.TextField(blank=True)
    safety_scale = models.PositiveSmallIntegerField(null=True, blank=True)
    safety_scale_reason = models.TextField(blank=True)
    child_words = models.TextField(blank=True)
    child_heard_how = models.TextField(blank=True)
    # Level of need: chosen with a reason, or a snapshot of a saved levels-of-need assessment
    # (a plain id, not a foreign key: the thresholds app migrates on its own).
    level_of_need = models.PositiveSmallIntegerField(null=True, blank=True)
    level_reason = models.TextField(blank=True)
    assessment_id = models.PositiveIntegerField(null=True, blank=True)
    assessment_snapshot = models.JSONField(default=dict, blank=True)
    # Consent (004 §4).
    consent = models.CharField(max_length=20, choices=Consent.choices, blank=True)
    consent_refused_details = models.TextField(blank=True)
    consent_not_sought_reason = models.CharField(
        max_length=20, choices=ConsentNotSoughtReason.choices, blank=True
    )
    consent_not_sought_details = models.TextField(blank=True)
    consent_advice = models.CharField(max_length=20, choices=ConsentAdvice.choices, blank=True)
    consent_advice_outcome = models.TextField(blank=True)
    consent_child_protection = models.CharField(max_length=3, choices=YesNo.choices, blank=True)
    child_consent = models.CharField(max_length=20, choices=ChildConsent.choices, blank=True)
    child_consent_details = models.TextField(blank=True)
    # Before referring (004 §3): discussed with a safeguarding lead or manager; Early Help so far.
    discussed_with_lead = models.CharField(max_length=3, choices=YesNo.choices, blank=True)
    early_help_in_place = models.CharField(max_length=10, choices=YesNoNotKnown.choices, blank=True)
    # Below the threshold for social care (levels 1-3): the referrer read the authority's Early
    # Help route and confirmed what they ask for (000; 004 §7). Nothing is refused on it.
    early_help_confirmed = models.BooleanField(default=False)
    declaration_at = models.DateTimeField(null=True, blank=True)
    # What was typed on a page that did not pass validation, so nothing typed is lost.
    pending_input = models.JSONField(default=dict, blank=True)
    # The 24-hour aim extended (003), with the reason in plain words for the referrer.
    due_extended_reason = models.TextField(blank=True)
    # When the draft-expiry warning was written to the email outbox (claimed with a
    # conditional update, so it is written once; cleared by any save of the draft).
    expiry_warning_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["authority", "status", "due_at"], name="contact_queue"),
            models.Index(fields=["created_by", "status"], name="contact_owner"),
            models.Index(fields=["agency", "status"], name="contact_agency"),
            # The 24-hour dashboard: an authority's contacts received in a period.
            models.Index(fields=["authority", "submitted_at"], name="contact_received"),
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
    sex = models.CharField(max_length=20, choices=Sex.choices, blank=True)
    ethnicity = models.CharField(max_length=100, blank=True)
    address = models.TextField(blank=True)
    school = models.CharField(max_length=200, blank=True)
    first_language = models.CharField(max_length=100, blank=True)
    additional_needs = models.TextField(blank=True)
    # Communication needs, as for adults (004 §5).
    interpreter_language = models.CharField(max_length=100, blank=True)
    needs_bsl = models.BooleanField(default=False)
    needs_easy_read = models.BooleanField(default=False)
    needs_large_print = models.BooleanField(default=False)
    other_communication_needs = models.TextField(blank=True)
    # Name and date of birth folded for possible matches: no case, accents or spacing.
    match_key = models.CharField(max_length=250, blank=True, db_index=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "children"

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def communication_needs(self) -> list[str]:
        """The child's communication needs in words, as the officer's pages show them."""
        needs = []
        if self.interpreter_language:
            needs.append(f"Interpreter: {self.interpreter_language}")
        if self.needs_bsl:
            needs.append("British Sign Language (BSL) interpreter")
        if self.needs_easy_read:
            needs.append("EasyRead")
        if self.needs_large_print:
            needs.append("Large, clear print")
        if self.other_communication_needs:
            needs.append(f"Other: {self.other_communication_needs}")
        return needs


class ParentalResponsibility(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"


class Person(models.Model):
    """Someone in the child's household or with parental responsibility (PR).

    Communication needs (004 §5) shape the outcome letters; an unsafe address holds them back.
    """

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="people")
    full_name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=100)
    # The referrer's declaration summed up over the children ("yes" if they hold PR for any
    # child, "no" if for none, "not_known" otherwise; empty before any child is answered).
    # Written with the per-child answers (``DeclaredPR``), which are the declaration itself.
    parental_responsibility = models.CharField(
        max_length=20, choices=ParentalResponsibility.choices, blank=True
    )
    lives_with_child = models.BooleanField(default=True)
    address = models.TextField(blank=True)
    address_unsafe = models.BooleanField(default=False)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    interpreter_language = models.CharField(max_length=100, blank=True)
    needs_bsl = models.BooleanField(default=False)
    needs_easy_read = models.BooleanField(default=False)
    needs_large_print = models.BooleanField(default=False)
    # 004 §4 / issue 17 point 4: letters to people with PR are held while anyone is named as the
    # alleged source of harm. Set by the referrer or by the front door.
    alleged_source_of_harm = models.BooleanField(default=False)
    # Someone the referrer did not know of, added by the front door (003: the social worker
    # "will ask if you have Parental Responsibility"); empty for the referrer's own entries.
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.full_name

    @property
    def has_pr(self) -> bool:
        return self.parental_responsibility == ParentalResponsibility.YES

    @property
    def declared_pr_answers(self) -> list[tuple[Child, str]]:
        """The referrer's answer for each child of the contact, in the words shown to people:
        "Yes", "No", "Not known", or "Not answered" (a child added after the person)."""
        answers = {
            d.child_id: d.get_parental_responsibility_display() for d in self.declared_pr.all()
        }
        return [
            (child, answers.get(child.pk, "Not answered")) for child in self.contact.children.all()
        ]


def pr_summary(values: list[str]) -> str:
    """A person's per-child answers summed up (``Person.parental_responsibility``)."""
    if not values:
        return ""
    if ParentalResponsibility.YES in values:
        return ParentalResponsibility.YES
    if all(v == ParentalResponsibility.NO for v in values):
        return ParentalResponsibility.NO
    return ParentalResponsibility.NOT_KNOWN


class DeclaredPR(models.Model):
    """The referrer's declaration: does this person hold parental responsibility for this child?

    Half-siblings are common, so it is asked per child (issue 17 point 1). It is what the
    referrer said, never a decision: only the front door's confirmation (``triage.PRCheck``)
    decides who is sent an outcome letter.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="declared_pr")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="declared_pr")
    parental_responsibility = models.CharField(
        max_length=20, choices=ParentalResponsibility.choices
    )

    class Meta:
        ordering = ["child_id"]
        verbose_name = "declared parental responsibility"
        constraints = [
            models.UniqueConstraint(fields=["person", "child"], name="declaredpr_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person_id}/{self.child_id}: {self.parental_responsibility}"


class Attachment(models.Model):
    """A file sent with a request, stored under MEDIA_ROOT with a random name."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(max_length=120, help_text="The sanitised name shown to people")
    stored_name = models.CharField(max_length=64, unique=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class PossibleMatch(models.Model):
    """A child in this contact with the same name and date of birth as one in an open contact.

    For officers only: a referrer is never shown another request's child.
    """

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="possible_matches")
    matched_child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["child", "matched_child"], name="possiblematch_unique")
        ]

    def __str__(self) -> str:
        return f"{self.child_id} ~ {self.matched_child_id}"


class ReferenceCounter(models.Model):
    """The last reference number given per authority and year: locked while a request submits."""

    authority = models.ForeignKey("accounts.Authority", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["authority", "year"], name="referencecounter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.authority_id}/{self.year}: {self.last}"


class IdempotencyKey(models.Model):
    """An API call's Idempotency-Key and the first answer, returned again on a retry."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    body_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotencykey_unique")
        ]

    def __str__(self) -> str:
        return self.key

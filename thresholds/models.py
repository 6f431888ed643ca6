"""The levels-of-need framework as data, and the assessments made with it.

Framework (one authority, one version) → Level (1–4) and Domain → Area → Indicator. A
framework row is never edited once used: an edit in the admin makes a new version
(``services.framework_new_version``) and older assessments keep pointing at theirs.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

LEVEL_NUMBERS = (1, 2, 3, 4)


class Framework(models.Model):
    """One version of an authority's multi-agency levels-of-need guidance."""

    authority = models.ForeignKey(
        "accounts.Authority", on_delete=models.PROTECT, related_name="frameworks"
    )
    title = models.CharField(max_length=300)
    version = models.CharField(max_length=60, help_text="For example: 2017-09, 2017-09 rev 2")
    source = models.CharField(max_length=300, help_text="The document this version comes from")
    published = models.DateField(help_text="Date of the source document")
    consent_guidance = models.TextField(blank=True)
    equality_guidance = models.TextField(blank=True)
    restoration_notes = models.TextField(
        blank=True,
        help_text="How the tables were restored where the published text lost their layout, "
        "one paragraph per choice (shown on the guidance page)",
    )
    is_current = models.BooleanField(
        default=True, help_text="The version new assessments and the guidance pages use"
    )
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["authority", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "version"], name="framework_unique_version"
            ),
            # Exactly one version answers "the authority's framework".
            models.UniqueConstraint(
                fields=["authority"],
                condition=models.Q(is_current=True),
                name="framework_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"


class Level(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="levels")
    number = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    title = models.CharField(max_length=200)
    meaning = models.TextField()
    pathway = models.TextField(help_text="What a practitioner does at this level")
    consent = models.TextField(help_text="The consent guidance that applies at this level")

    class Meta:
        ordering = ["framework", "number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="level_unique_number")
        ]

    def __str__(self) -> str:
        return f"Level {self.number}: {self.title}"


class Domain(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="domains")
    name = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["framework", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "name"], name="domain_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["domain__position", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["domain", "name"], name="area_unique_name")]

    def __str__(self) -> str:
        return f"{self.domain.name}: {self.name}"


class Indicator(models.Model):
    """One example of need from the appendix, at one level, in one area."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="indicators")
    level = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    text = models.TextField()
    position = models.PositiveIntegerField(default=0, help_text="Order in the source table")

    class Meta:
        ordering = ["level", "area__domain__position", "area__position", "position", "id"]
        indexes = [models.Index(fields=["area", "level"], name="indicator_area_level")]

    def __str__(self) -> str:
        return self.text


class Assessment(models.Model):
    """The indicators a practitioner ticked and the level the tool suggested.

    Holds no child's personal data: only which examples of need applied. ``user`` is empty
    when the tool was used without signing in.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="assessments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="threshold_assessments",
    )
    indicators = models.ManyToManyField(Indicator, related_name="assessments")
    level = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    saved = models.BooleanField(default=False, help_text="Kept in the practitioner's list")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "saved", "-created_at"], name="assessment_mine")]

    def __str__(self) -> str:
        return f"Assessment {self.reference}"

    @property
    def reference(self) -> str:
        return f"LN-{self.pk:06d}" if self.pk else "LN-new"

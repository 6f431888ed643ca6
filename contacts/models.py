"""The contacts directory: each authority's services, their weekly hours and one-off days."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models


class ServiceKind(models.TextChoices):
    FRONT_DOOR = "front_door", "Front door (children's social care)"
    OUT_OF_HOURS = "out_of_hours", "Out-of-hours emergency team"
    ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care"
    ADULT_OUT_OF_HOURS = "adult_out_of_hours", "Adult social care out of hours"
    LADO = "lado", "Local Authority Designated Officer (LADO)"
    EARLY_HELP = "early_help", "Early help"
    DISCLOSURE_TEAM = "disclosure_team", "Disclosure Team"
    PREVENT_CHANNEL = "prevent_channel", "Prevent and Channel"
    POLICE_EMERGENCY = "police_emergency", "Police and ambulance emergency"


# The order kinds appear in the directory: the numbers a worried practitioner needs first.
KIND_ORDER = [kind.value for kind in ServiceKind]


class Availability(models.TextChoices):
    HOURS = "hours", "Opening hours below"
    ALWAYS = "always", "24 hours a day, every day"
    WHEN_FRONT_DOOR_CLOSED = "when_front_door_closed", "When the front door is closed"
    NOT_STATED = "not_stated", "Hours not published"


class Service(models.Model):
    """One service of an authority, as the public documents (seeds) give it."""

    authority = models.ForeignKey(
        "accounts.Authority", on_delete=models.CASCADE, related_name="services"
    )
    kind = models.CharField(max_length=30, choices=ServiceKind.choices)
    name = models.CharField(max_length=200)
    short_name = models.CharField(
        max_length=40, blank=True, help_text="Used in sentences, for example: CASS"
    )
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True, max_length=300)
    notes = models.TextField(blank=True)
    availability = models.CharField(
        max_length=30, choices=Availability.choices, default=Availability.NOT_STATED
    )
    source = models.CharField(
        max_length=200,
        blank=True,
        help_text="Where this comes from, by title and section, for example: Multi Agency Levels "
        "of Need (September 2017), Appendix 2",
    )

    class Meta:
        ordering = ["authority", "kind", "name"]
        constraints = [
            # service_for(authority, kind) answers with one service.
            models.UniqueConstraint(fields=["authority", "kind"], name="service_one_per_kind")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @property
    def phone_href(self) -> str:
        return "tel:" + "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class OpeningHours(models.Model):
    """A weekly opening range, local (Europe/London) wall time; opens inclusive, closes not."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    opens = models.TimeField()
    closes = models.TimeField(help_text="Earlier than opening time means after midnight")

    class Meta:
        ordering = ["service", "weekday", "opens"]
        verbose_name_plural = "opening hours"
        constraints = [
            models.UniqueConstraint(
                fields=["service", "weekday", "opens"], name="openinghours_unique_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self) -> None:
        if self.opens is not None and self.opens == self.closes:
            raise ValidationError({"closes": "Closing time must differ from opening time"})


class OneOffDay(models.Model):
    """A date whose hours differ from the week's: a closure, or changed hours.

    It replaces the weekly hours and the bank-holiday rule for that date (so a new bank
    holiday the library does not know yet is entered here as a closure).
    """

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="one_off_days")
    date = models.DateField()
    closed = models.BooleanField(default=False, help_text="Closed all day")
    opens = models.TimeField(null=True, blank=True)
    closes = models.TimeField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True, help_text="For example: Christmas Eve")

    class Meta:
        ordering = ["service", "date"]
        verbose_name = "closure or changed hours"
        verbose_name_plural = "closures and changed hours"
        constraints = [
            models.UniqueConstraint(fields=["service", "date"], name="oneoffday_unique_date")
        ]

    def __str__(self) -> str:
        if self.closed:
            return f"{self.date:%d %B %Y}: closed"
        return f"{self.date:%d %B %Y}: {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self) -> None:
        if self.closed:
            self.opens = self.closes = None
            return
        errors = {}
        if self.opens is None:
            errors["opens"] = "Enter an opening time, or tick closed all day"
        if self.closes is None:
            errors["closes"] = "Enter a closing time, or tick closed all day"
        if not errors and self.opens == self.closes:
            errors["closes"] = "Closing time must differ from opening time"
        if errors:
            raise ValidationError(errors)

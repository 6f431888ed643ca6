"""Forms for the triage pages. Validation of input only; the rules are in services and rules."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

from django import forms

from referral_portal.accounts.models import AgencyType, Role, User
from referral_portal.govuk.widgets import DateField
from requests.triage.models import (
    ConsentToGather,
    ExtensionReason,
    HoldsPR,
    Outcome,
)
from requests.triage.states import OPEN_STATES, TriageState

LONDON = ZoneInfo("Europe/London")
_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


def _london(day: dt.date, time_text: str) -> dt.datetime | None:
    match = _TIME.match(time_text or "")
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return None
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)


class _DateTimeMixin:
    """A GOV.UK date plus a 24-hour time typed as 14:30, read as London time."""

    def _combine(self, data: dict[str, Any], date_name: str, time_name: str, out: str) -> None:
        day = data.get(date_name)
        if day is None or time_name not in data:
            return
        when = _london(day, data.get(time_name, ""))
        if when is None:
            self.add_error(time_name, "Enter a real time, like 14:30")  # type: ignore[attr-defined]
        else:
            data[out] = when


class QueueFilterForm(forms.Form):
    state = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any")] + [(s.value, s.label) for s in TriageState if s in OPEN_STATES],
    )
    agency_type = forms.ChoiceField(
        label="Referring agency type", required=False, choices=[("", "Any")] + AgencyType.choices
    )
    level = forms.TypedChoiceField(
        label="Level of need",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any")] + [(str(n), f"Level {n}") for n in (1, 2, 3, 4)],
    )
    mine = forms.BooleanField(label="Held by me", required=False)
    unassigned = forms.BooleanField(label="Unassigned", required=False)
    overdue = forms.BooleanField(label="Overdue", required=False)


class GatheringForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    consent_to_gather = forms.ChoiceField(
        label="Has the family agreed to information being gathered?",
        choices=ConsentToGather.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether consent to gather information was given"},
    )
    consent_notes = forms.CharField(
        label="Notes about consent", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    mash = forms.ChoiceField(
        label="MASH enquiry",
        choices=[
            ("", "Not started"),
            ("started", "Started"),
            ("concluded", "Concluded"),
        ],
        required=False,
        widget=forms.RadioSelect,
    )
    mash_summary = forms.CharField(
        label="What the MASH found", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    immediate_action_needed = forms.BooleanField(
        label="A safeguarding issue needs immediate action",
        required=False,
        help_text="The contact moves to the top of the queue",
    )
    immediate_action_taken = forms.CharField(
        label="Immediate action taken", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class PRCheckForm(forms.Form):
    person_name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={"required": "Enter the person's full name"},
    )
    relationship = forms.CharField(
        label="Relationship to the child", max_length=100, required=False
    )
    holds_pr = forms.ChoiceField(
        label="Do they have parental responsibility?",
        choices=HoldsPR.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether they have parental responsibility"},
    )
    confirmed = forms.BooleanField(label="Confirmed", required=False)
    how_checked = forms.CharField(
        label="How it was checked", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ProfessionalForm(_DateTimeMixin, forms.Form):
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the professional's name"}
    )
    agency = forms.CharField(
        label="Agency", max_length=200, error_messages={"required": "Enter their agency"}
    )
    email = forms.EmailField(
        label="Email address",
        required=False,
        help_text="They are sent the outcome letter",
        error_messages={"invalid": "Enter an email address like name@example.org"},
    )
    contacted_on = DateField(label="Date contacted", subject="the date they were contacted")
    contacted_time = forms.CharField(
        label="Time contacted",
        max_length=5,
        help_text="24-hour clock, for example 14:30",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"required": "Enter the time they were contacted"},
    )
    asked = forms.CharField(
        label="What was asked",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what was asked"},
    )
    said = forms.CharField(
        label="What they said", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._combine(data, "contacted_on", "contacted_time", "contacted_at")
        return data


class OverrideRequestForm(forms.Form):
    reason = forms.CharField(
        label="Why should information be gathered without consent?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the reason for the override"},
    )


class ExtensionRequestForm(_DateTimeMixin, forms.Form):
    extension_reason = forms.ChoiceField(
        label="Why is more time needed?",
        choices=ExtensionReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why more time is needed"},
    )
    reason = forms.CharField(
        label="Details",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the details"},
    )
    new_due_on = DateField(label="New deadline date", subject="the new deadline")
    new_due_time = forms.CharField(
        label="New deadline time",
        max_length=5,
        help_text="24-hour clock, for example 14:30",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"required": "Enter the time of the new deadline"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._combine(data, "new_due_on", "new_due_time", "new_due_at")
        return data


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome"},
    )
    rationale = forms.CharField(
        label="Rationale",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the rationale for the decision"},
    )
    next_steps = forms.CharField(
        label="Next steps",
        help_text="The outcome letters will say this",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the next steps"},
    )
    immediate_action_taken = forms.CharField(
        label="Immediate action taken",
        required=False,
        help_text="Where a safeguarding issue needed it",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ApprovalDecideForm(forms.Form):
    answer = forms.ChoiceField(
        label="Your answer",
        choices=[("approve", "Approve"), ("decline", "Decline")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select approve or decline"},
    )
    comment = forms.CharField(
        label="Comment",
        required=False,
        help_text="Needed if you decline",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answer") == "decline" and not data.get("comment", "").strip():
            self.add_error("comment", "Say why the request is declined")
        return data


class DecisionReviewForm(forms.Form):
    answer = forms.ChoiceField(
        label="Do you agree this decision?",
        choices=[("agree", "Agree"), ("return", "Return it to the officer with a comment")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select agree or return"},
    )
    comment = forms.CharField(
        label="Comment",
        required=False,
        help_text="Needed if you return it",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answer") == "return" and not data.get("comment", "").strip():
            self.add_error("comment", "Say what needs to change before the decision can be agreed")
        return data


class ReassignForm(forms.Form):
    officer = forms.ModelChoiceField(
        label="Give it to",
        queryset=User.objects.none(),
        error_messages={"required": "Choose an officer"},
    )

    def __init__(self, *args: Any, authority_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["officer"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(
            authority_id=authority_id, role__in=[Role.OFFICER, Role.MANAGER], status="active"
        )

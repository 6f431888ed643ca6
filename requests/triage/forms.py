"""Forms for the triage pages. Validation of input only; the rules are in services and rules."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

from django import forms

from referral_portal.accounts.models import AgencyType, Role, User
from referral_portal.govuk.widgets import DateField
from requests.triage import rules
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
            self.add_error(time_name, "Enter a real time, like 14:30")  # type: ignore[attr-defined]  # a mixin of forms.Form
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


def _optional_when(
    form: forms.Form, data: dict[str, Any], date_name: str, time_name: str, out: str
) -> None:
    """An optional date and time: both or neither, read as London time into ``out``."""
    day, time_text = data.get(date_name), (data.get(time_name) or "").strip()
    data[out] = None
    if day is None and not time_text:
        return
    if day is None:
        if date_name not in form.errors:
            form.add_error(date_name, "Enter the date as well as the time")
        return
    when = _london(day, time_text)
    if when is None:
        form.add_error(time_name, "Enter a real time, like 14:30")
    else:
        data[out] = when


def _time_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=5,
        required=False,
        help_text="24-hour clock, for example 14:30",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )


class GatheringForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    consent_to_gather = forms.ChoiceField(
        label="Has the family agreed to information being gathered?",
        choices=ConsentToGather.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether consent to gather information was given"},
    )
    consent_given_by = forms.CharField(
        label="Who gave consent",
        max_length=200,
        required=False,
        help_text="Needed, with when and how, where consent was refused or not sought before. "
        "A duty manager is told of the change.",
    )
    consent_given_on = DateField(
        label="Date consent was given", subject="the date consent was given", required=False
    )
    consent_given_time = _time_field("Time consent was given")
    consent_given_how = forms.CharField(
        label="How consent was given",
        max_length=200,
        required=False,
        help_text="For example, on the phone to the duty worker",
    )
    consent_notes = forms.CharField(
        label="Notes about consent", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    mash = forms.ChoiceField(
        help_text="A MASH enquiry gathers information: it needs consent or a duty manager's "
        "override",
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
        label="Immediate action taken",
        required=False,
        help_text="What was done. Needed, with who and when, before a decision is proposed on a "
        "contact needing immediate action or sent with immediate danger",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    immediate_action_by = forms.CharField(
        label="Who took the immediate action", max_length=200, required=False
    )
    immediate_action_on = DateField(
        label="Date the immediate action was taken",
        subject="the date the immediate action was taken",
        required=False,
    )
    immediate_action_time = _time_field("Time the immediate action was taken")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _optional_when(self, data, "consent_given_on", "consent_given_time", "consent_given_at")
        _optional_when(
            self, data, "immediate_action_on", "immediate_action_time", "immediate_action_at"
        )
        return data

    def for_service(self) -> dict[str, Any]:
        """The cleaned answers as ``services.triage_update`` takes them."""
        data = self.cleaned_data
        names = (
            "version",
            "consent_to_gather",
            "consent_notes",
            "consent_given_by",
            "consent_given_at",
            "consent_given_how",
            "mash",
            "mash_summary",
            "immediate_action_needed",
            "immediate_action_taken",
            "immediate_action_by",
            "immediate_action_at",
        )
        return {name: data.get(name) for name in names}


def _one_line(value: str) -> str:
    return " ".join((value or "").split())


class PersonPRForm(forms.Form):
    """The front door's answer, per child, for one person (003: PR "for the child (or
    children)"). One radio question per child of the contact."""

    how_checked = forms.CharField(
        label="How was it checked?",
        help_text="For example: birth certificate seen, or a court order checked with the family",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    alleged_source_of_harm = forms.BooleanField(
        label="This person is named as the alleged source of harm",
        help_text="Letters to the people with parental responsibility are then held until a "
        "duty manager releases them",
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        person: Any,
        children: list[Any],
        declared: dict[int, str] | None = None,
        **kwargs: Any,
    ) -> None:
        """``declared``: the referrer's words for each child id, shown with its question."""
        super().__init__(*args, **kwargs)
        self.children = children
        fields: dict[str, forms.Field] = {}
        for child in children:
            child_name = _one_line(f"{child.first_name} {child.last_name}")
            said = (declared or {}).get(child.pk, "")
            fields[f"child_{child.pk}"] = forms.ChoiceField(
                label=f"Does {_one_line(person.full_name)} hold parental responsibility for "
                f"{child_name}?",
                help_text=f"The referrer said: {said.lower()}" if said else "",
                choices=HoldsPR.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Select whether they hold parental responsibility for {child_name}"
                },
            )
        # The children's questions first, then how it was checked.
        self.fields = {**fields, **self.fields}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        answers = {
            child.pk: data[f"child_{child.pk}"]
            for child in self.children
            if data.get(f"child_{child.pk}")
        }
        data["answers"] = answers
        if (
            any(v in (HoldsPR.YES, HoldsPR.NO) for v in answers.values())
            and not (data.get("how_checked") or "").strip()
        ):
            self.add_error("how_checked", "Say how parental responsibility was checked")
        return data


class PersonAddForm(forms.Form):
    """Someone the referrer did not name: how to reach them and their needs (004 §5)."""

    full_name = forms.CharField(
        label="Full name", max_length=200, error_messages={"required": "Enter their full name"}
    )
    relationship = forms.CharField(
        label="Relationship to the child or children",
        max_length=100,
        help_text="For example: grandmother",
        error_messages={"required": "Enter their relationship to the child"},
    )
    address = forms.CharField(
        label="Postal address",
        required=False,
        help_text="The outcome letter is posted here if there is no email address",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    email = forms.EmailField(
        label="Email address",
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.org"},
    )
    phone = forms.CharField(label="Phone number", max_length=40, required=False)
    interpreter_language = forms.CharField(
        label="Language they need an interpreter for",
        max_length=100,
        required=False,
        help_text="Leave empty if they do not need one",
    )
    needs_bsl = forms.BooleanField(label="They use British Sign Language", required=False)
    needs_easy_read = forms.BooleanField(label="They need EasyRead", required=False)
    needs_large_print = forms.BooleanField(label="They need large print", required=False)
    alleged_source_of_harm = forms.BooleanField(
        label="This person is named as the alleged source of harm", required=False
    )

    def clean_full_name(self) -> str:
        return _one_line(self.cleaned_data.get("full_name", ""))

    def clean_relationship(self) -> str:
        return _one_line(self.cleaned_data.get("relationship", ""))


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
        help_text="They are sent the outcome letter: give an email address or a postal address",
        error_messages={"invalid": "Enter an email address like name@example.org"},
    )
    address = forms.CharField(
        label="Postal address",
        required=False,
        help_text="Needed if there is no email address: the letter is posted here",
        widget=forms.Textarea(attrs={"rows": 4}),
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

    def clean_name(self) -> str:
        return _one_line(self.cleaned_data.get("name", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._combine(data, "contacted_on", "contacted_time", "contacted_at")
        if "email" in data and not (data.get("email") or (data.get("address") or "").strip()):
            self.add_error("address", "Enter their email address or their full postal address")
        elif "email" in data and not data.get("email"):
            if not rules.postal_address_full(data.get("address") or ""):
                self.add_error("address", rules.POSTAL_ADDRESS_SHORT)
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


class EnquiriesForm(forms.Form):
    enquiries = forms.CharField(
        label="What enquiries are being made, and by whom",
        help_text="For example, the MASH is asking health, police and the school",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the enquiries being made"},
    )
    result = forms.CharField(
        label="What the enquiries found",
        required=False,
        help_text="Needed before the final outcome is proposed",
        widget=forms.Textarea(attrs={"rows": 5}),
    )


def final_outcomes() -> list[tuple[str, str]]:
    """The final outcome of further enquiries: any outcome but another round of them."""
    return [choice for choice in Outcome.choices if choice[0] != Outcome.FURTHER_ENQUIRIES]


class DecisionOutcomeForm(forms.Form):
    """Step 1 of the decision: the outcome, so the letters' texts can start from its wording."""

    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome"},
    )

    def __init__(
        self, *args: Any, final: bool = False, offered: list[str] | None = None, **kwargs: Any
    ) -> None:
        """``offered``: the outcomes the authority offers (early help only where it has a
        route), by value; all of them when not given."""
        super().__init__(*args, **kwargs)
        outcome = self.fields["outcome"]
        assert isinstance(outcome, forms.ChoiceField)
        choices = final_outcomes() if final else list(Outcome.choices)
        if offered is not None:
            choices = [c for c in choices if c[0] in offered]
        outcome.choices = choices
        if final:
            outcome.label = "Final outcome of the enquiries"


class DecisionForm(forms.Form):
    """Step 2: the internal rationale, kept apart from what the letters say (issue 17 point 3)."""

    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Outcome.choices,
        widget=forms.HiddenInput,
        error_messages={"required": "Select the outcome"},
    )
    rationale = forms.CharField(
        label="Rationale (internal)",
        help_text="For the duty manager and the record. It is never printed in any letter.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the rationale for the decision"},
    )
    family_text = forms.CharField(
        label="What we tell the family",
        help_text="Printed in the letter to each person with parental responsibility. Plain "
        "English; it starts from the outcome's standard wording. Do not name anyone who could "
        "be put at risk.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter what we tell the family"},
    )
    family_text_easy_read = forms.CharField(
        label="What we tell the family, in EasyRead",
        help_text="Someone with parental responsibility needs EasyRead: this is printed in "
        "their letter instead. Short sentences, one idea each.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    referrer_text = forms.CharField(
        label="What we tell the referrer",
        help_text="Printed in the referrer's letter and in the letters to professionals "
        "contacted during enquiries.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter what we tell the referrer"},
    )
    immediate_action_taken = forms.CharField(
        label="Immediate action taken",
        required=False,
        help_text="Where a safeguarding issue needed it (internal)",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    # Only where no duty manager agrees (issue 19) and the letters will not reach everyone.
    letters_reason = forms.CharField(
        label="Why record this decision although the outcome letters will not reach everyone "
        "listed above?",
        required=False,
        help_text="Needed to record it: it is kept with the decision",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self,
        *args: Any,
        easy_read_needed: bool = False,
        letters_warnings: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.easy_read_needed = easy_read_needed
        self.letters_warnings = letters_warnings or []
        if not easy_read_needed:
            del self.fields["family_text_easy_read"]
        if not self.letters_warnings:
            del self.fields["letters_reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.easy_read_needed and not (data.get("family_text_easy_read") or "").strip():
            self.add_error("family_text_easy_read", "Enter what we tell the family in EasyRead")
        if self.letters_warnings and not (data.get("letters_reason") or "").strip():
            self.add_error(
                "letters_reason",
                "Give your reason for recording the decision although the letters will not "
                "reach everyone",
            )
        return data


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

    def __init__(self, *args: Any, kind: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kind == "consent_change":
            answer = self.fields["answer"]
            assert isinstance(answer, forms.ChoiceField)
            answer.label = "Is the consent recorded good enough to gather information?"
            answer.choices = [
                ("approve", "Yes, confirm it"),
                ("decline", "No, put back the earlier answer (information gathering stops)"),
            ]

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
    letters_reason = forms.CharField(
        label="Why agree although the outcome letters will not reach everyone listed above?",
        required=False,
        help_text="Needed to agree: it is recorded with the decision",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, letters_warnings: list[str] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.letters_warnings = letters_warnings or []
        if not self.letters_warnings:
            del self.fields["letters_reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answer") == "return" and not data.get("comment", "").strip():
            self.add_error("comment", "Say what needs to change before the decision can be agreed")
        if (
            data.get("answer") == "agree"
            and self.letters_warnings
            and not (data.get("letters_reason") or "").strip()
        ):
            self.add_error(
                "letters_reason",
                "Give your reason for agreeing although the letters will not reach everyone",
            )
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
        field.empty_label = "Choose an officer"  # not "---------" (review D18)
        field.queryset = User.objects.filter(
            authority_id=authority_id, role__in=[Role.OFFICER, Role.MANAGER], status="active"
        )

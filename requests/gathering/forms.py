"""Forms of information gathering. Input only; the rules are in services."""

from __future__ import annotations

from typing import Any

from django import forms

from referral_portal.accounts.models import Agency, User
from referral_portal.govuk.widgets import DateField
from requests.gathering.models import AnswerKind, GatheringRequest
from requests.gathering.questions import questions_for
from requests.triage.forms import _DateTimeMixin

NAMED = "named"


class AgencyForm(forms.Form):
    agency = forms.TypedChoiceField(
        label="Which agency do you want to ask?",
        coerce=int,
        help_text="Only agencies with a verified email domain can be asked in the portal",
        error_messages={"required": "Choose the agency to ask"},
    )

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["agency"]
        field.choices = [("", "Choose an agency")] + [
            (a.pk, f"{a.name} ({a.get_agency_type_display()})") for a in agencies
        ]


class AskForm(_DateTimeMixin, forms.Form):
    recipient = forms.ChoiceField(
        label="Who should answer?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who should answer"},
    )
    name = forms.CharField(label="Their name (if a named person)", required=False, max_length=200)
    email = forms.EmailField(
        label="Their work email address (if a named person)",
        required=False,
        help_text="It must be on one of the agency's verified domains",
        error_messages={"invalid": "Enter an email address like name@example.org"},
    )
    questions = forms.MultipleChoiceField(
        label="Questions",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    own_questions = forms.CharField(
        label="Your own questions",
        required=False,
        help_text="One question a line",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reply_by_on = DateField(label="Reply by: date", subject="the reply-by date")
    reply_by_time = forms.CharField(
        label="Reply by: time",
        max_length=5,
        help_text="24-hour clock, for example 14:30",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"required": "Enter the reply-by time"},
    )

    def __init__(
        self, *args: Any, agency: Agency, leads: list[User], note: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.agency = agency
        choices = [
            (f"lead:{u.pk}", f"{u.full_name or u.email}, safeguarding lead ({u.email})")
            for u in leads
        ]
        choices.append((NAMED, "A named person at the agency"))
        recipient: Any = self.fields["recipient"]
        recipient.choices = choices
        standard = questions_for(agency.agency_type)
        chosen: Any = self.fields["questions"]
        chosen.choices = list(standard)
        if standard:
            self.fields["questions"].help_text = note
        else:
            self.fields["questions"].widget = forms.MultipleHiddenInput()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._combine(data, "reply_by_on", "reply_by_time", "reply_by")
        recipient = data.get("recipient", "")
        if recipient == NAMED:
            if not (data.get("name") or "").strip():
                self.add_error("name", "Enter the professional's name")
            if "email" in data and not data.get("email"):
                self.add_error("email", "Enter the professional's work email address")
        standard = dict(questions_for(self.agency.agency_type))
        chosen = [standard[key] for key in data.get("questions", []) if key in standard]
        own = [line.strip() for line in (data.get("own_questions") or "").splitlines()]
        data["question_texts"] = chosen + [line for line in own if line]
        if "questions" in data and not data["question_texts"]:
            self.add_error(
                "questions" if standard else "own_questions",
                "Choose or write at least one question",
            )
        return data

    def lead_id(self) -> int | None:
        recipient = self.cleaned_data.get("recipient", "")
        return int(recipient.split(":", 1)[1]) if recipient.startswith("lead:") else None


class CloseForm(forms.Form):
    reason = forms.CharField(
        label="Why is this request closed without an answer?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the request is closed without an answer"},
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label="One-time code",
        max_length=6,
        help_text="The 6 numbers in the email we sent",
        widget=forms.TextInput(
            attrs={
                "class": "govuk-input--width-10",
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
            }
        ),
        error_messages={"required": "Enter the code from the email"},
    )


class PassOnForm(forms.Form):
    name = forms.CharField(
        label="Your colleague's name",
        max_length=200,
        error_messages={"required": "Enter your colleague's name"},
    )
    email = forms.EmailField(
        label="Their work email address",
        help_text="It must be on one of your agency's verified domains",
        error_messages={
            "required": "Enter your colleague's work email address",
            "invalid": "Enter an email address like name@example.org",
        },
    )


class AnswerForm(forms.Form):
    """One choice and one text per question; a file at a time (checked when it is saved)."""

    name = forms.CharField(
        label="Your name",
        max_length=200,
        error_messages={"required": "Enter your name"},
    )
    file = forms.FileField(
        label="Attach a file (optional)",
        required=False,
        help_text="PDF, DOCX, ODT, JPG or PNG, smaller than 10MB; up to 5 files",
    )

    def __init__(self, *args: Any, gathering: GatheringRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.gathering = gathering
        for index, question in enumerate(gathering.questions):
            self.fields[f"q{index}_kind"] = forms.ChoiceField(
                label=f"{index + 1}. {question}",
                choices=AnswerKind.choices,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"q{index}_text"] = forms.CharField(
                label=f"Your answer to question {index + 1}, or why you cannot share it",
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        self.order_fields(["name"] + [n for n in self.fields if n.startswith("q")] + ["file"])

    def answers(self) -> list[dict[str, str]]:
        data = self.cleaned_data
        return [
            {"kind": data.get(f"q{i}_kind") or "", "text": data.get(f"q{i}_text") or ""}
            for i in range(len(self.gathering.questions))
        ]

    @staticmethod
    def initial_from(draft: dict[str, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {"name": draft.get("name", "")}
        for index, entry in enumerate(draft.get("answers", [])):
            initial[f"q{index}_kind"] = entry.get("kind", "")
            initial[f"q{index}_text"] = entry.get("text", "")
        return initial

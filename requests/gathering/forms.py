"""Forms of information gathering. Input only; the rules are in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import ErrorDict

from referral_portal.accounts.models import Agency, User
from referral_portal.govuk.widgets import DateField
from requests.gathering.models import AnswerKind, GatheringRequest
from requests.gathering.questions import questions_for
from requests.triage.forms import _DateTimeMixin

NAMED = "named"
MAX_PEOPLE = 10


def row_fields(row: int) -> tuple[str, str]:
    """The name and email fields of named person `row` (1-based): row 1 is `name`/`email`."""
    return ("name", "email") if row == 1 else (f"name_{row}", f"email_{row}")


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
    recipient = forms.MultipleChoiceField(
        label="Who should answer?",
        help_text="Select all that apply. Each person gets their own request and link.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose who should answer"},
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
        self.rows = self._row_count()
        if self.is_bound and "add_person" in self.data and self.rows < MAX_PEOPLE:
            self.rows += 1
        for row in range(1, self.rows + 1):
            name, email = row_fields(row)
            self.fields[name] = forms.CharField(label="Name", required=False, max_length=200)
            self.fields[email] = forms.EmailField(
                label="Work email address",
                required=False,
                help_text="It must be on one of the agency's verified domains",
                error_messages={"invalid": "Enter an email address like name@example.org"},
            )
        choices = [
            (f"lead:{u.pk}", f"{u.full_name or u.email}, safeguarding lead ({u.email})")
            for u in leads
        ]
        choices.append((NAMED, "Named people at the agency (below)"))
        recipient: Any = self.fields["recipient"]
        recipient.choices = choices
        standard = questions_for(agency.agency_type)
        chosen: Any = self.fields["questions"]
        chosen.choices = list(standard)
        if standard:
            self.fields["questions"].help_text = note
        else:
            self.fields["questions"].widget = forms.MultipleHiddenInput()

    def _row_count(self) -> int:
        raw = self.data.get("people") if self.is_bound else None
        try:
            rows = int(raw or 1)
        except (TypeError, ValueError):
            rows = 1
        # Never fewer rows than were typed in, never more than the limit.
        typed = [
            r for r in range(2, MAX_PEOPLE + 1) if any(self.data.get(f) for f in row_fields(r))
        ]
        return max(1, min(MAX_PEOPLE, max([rows, *typed])))

    def adding_a_person(self) -> bool:
        """ "Add another person" re-shows the form with one more row, everything kept, no errors."""
        if not (self.is_bound and "add_person" in self.data):
            return False
        self._errors = ErrorDict()
        return True

    def named_rows(self) -> list[tuple[int, Any, Any]]:
        """Each named person's number and bound name and email fields, for the template."""
        rows = []
        for row in range(1, self.rows + 1):
            name, email = row_fields(row)
            rows.append((row, self[name], self[email]))
        return rows

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._combine(data, "reply_by_on", "reply_by_time", "reply_by")
        chosen_recipients = data.get("recipient") or []
        named: list[tuple[int, str, str]] = []
        if NAMED in chosen_recipients:
            seen: set[str] = set()
            for row in range(1, self.rows + 1):
                name_field, email_field = row_fields(row)
                name = (data.get(name_field) or "").strip()
                email = (data.get(email_field) or "").strip()
                invalid = email_field not in data  # already has its error
                if not name and not email and not invalid:
                    continue  # a blank row is left out
                if not name:
                    self.add_error(name_field, f"Enter the name of named person {row}")
                if not email and not invalid:
                    self.add_error(
                        email_field, f"Enter the work email address of named person {row}"
                    )
                elif email.lower() in seen:
                    self.add_error(email_field, f"Named person {row} is already in the list")
                elif name and email:
                    seen.add(email.lower())
                    named.append((row, name, email))
            if not named and not any(
                f in self.errors for r in range(1, self.rows + 1) for f in row_fields(r)
            ):
                self.add_error("name", "Enter the name of named person 1")
                self.add_error("email", "Enter the work email address of named person 1")
        data["named_people"] = named
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

    def lead_ids(self) -> list[int]:
        chosen = self.cleaned_data.get("recipient") or []
        return [int(r.split(":", 1)[1]) for r in chosen if r.startswith("lead:")]


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

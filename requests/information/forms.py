"""Forms of information requests. The consent rules come from ``requests.information.consent`` only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from referral_portal.govuk.widgets import DateField
from requests.information import consent as rules
from requests.information import services

YES_NO = [("yes", "Yes"), ("no", "No")]


def _choices(labels: dict[Any, str]) -> list[tuple[str, str]]:
    return [(str(key), label) for key, label in labels.items()]


class LevelForm(forms.Form):
    level = forms.TypedChoiceField(
        label="What do you need to know?",
        coerce=int,
        choices=[
            (
                "1",
                "Level 1: whether a child is known to children's social care, and who their "
                "worker is",
            ),
            ("2", "Level 2: more detail about a child or family whose case has been closed"),
            (
                "3",
                "Level 3: whole case assessments, for court proceedings or a section 47 "
                "investigation",
            ),
        ],
        widget=forms.RadioSelect(attrs={"stacked": True}),
        error_messages={"required": "Choose what you need to know"},
    )


class ChildForm(forms.Form):
    """002.L1.6: one child per request."""

    child_first_name = forms.CharField(
        label="Child's first name",
        max_length=100,
        error_messages={"required": "Enter the child's first name"},
    )
    child_last_name = forms.CharField(
        label="Child's last name",
        max_length=100,
        error_messages={"required": "Enter the child's last name"},
    )
    child_date_of_birth = DateField(
        label="Child's date of birth",
        subject="the child's date of birth",
        help_text="For example, 27 3 2015",
    )
    child_address = forms.CharField(
        label="Child's address (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, agency_type: str = "other", **kwargs: Any) -> None:
        self.agency_type = str(rules.api_agency_type(agency_type))
        super().__init__(*args, **kwargs)

    def clean_child_date_of_birth(self) -> Any:
        value = self.cleaned_data.get("child_date_of_birth")
        if value and value > timezone.localdate():
            raise forms.ValidationError("The child's date of birth must be in the past")
        return value


class Level1Form(ChildForm):
    level = 1


class Level2Form(ChildForm):
    """002.L2.1: the Request for Information form, with consent or its exemption."""

    level = 2

    purpose = forms.CharField(
        label="Why do you need this information?",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why you need this information"},
    )
    consent = forms.ChoiceField(
        label="Consent from the child or young person, or their parents or carers",
        help_text="Evidence of consent is generally needed and should come with the request. "
        "It is not needed where your agency is in one of the formal processes above.",
        choices=_choices(rules.CONSENT_LABELS),
        widget=forms.RadioSelect(attrs={"stacked": True}),
        required=False,
    )
    consent_date = DateField(
        label="Date consent was given",
        subject="the date consent was given",
        help_text="Optional. For example, 27 10 2026",
        required=False,
    )
    consent_given_by = forms.CharField(
        label="Who gave verbal consent (optional: name and relationship to the child)",
        required=False,
        max_length=200,
    )
    consent_recorded_by = forms.CharField(
        label="Who in your agency recorded the verbal consent (optional)",
        required=False,
        max_length=200,
    )
    evidence = forms.FileField(
        label="Signed letter or email giving consent",
        help_text="From the child or young person, or from a parent or carer (usually one with "
        "parental responsibility). A PDF, JPG or PNG, smaller than 10MB",
        required=False,
    )
    exemption = forms.ChoiceField(
        label="Is consent not needed because your agency is in one of these formal processes?",
        help_text="Consent is not needed where a local authority or an agency such as Cafcass is "
        "actively involved in a child protection enquiry (section 47) or care proceedings, is "
        "writing a section 7 or section 37 report, or is in the Public Law Outline (PLO). The "
        "officer confirms your agency's part in the process.",
        choices=[("", "No, none of these"), *_choices(rules.EXEMPTION_LABELS)],
        widget=forms.RadioSelect(attrs={"stacked": True}),
        required=False,
    )
    exemption_details = forms.CharField(
        label="Case details of that process",
        help_text="For example the court, case number or the date the enquiry started",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    offence_concerns = forms.MultipleChoiceField(
        label="What offences has the person committed?",
        help_text="Offences such as driving without due care and attention, or theft, would not "
        "be sufficient alone. Describe any other offence in words below.",
        choices=_choices(rules.OFFENCE_LABELS),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    offence_details = forms.CharField(
        label="Describe your concerns and any other offence",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    wider_family = forms.CharField(
        label="Wider family members and addresses (where possible)",
        help_text="Family members the person may come into contact with when released, and "
        "addresses where they are staying where a child may live",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    reason_needed = forms.ChoiceField(
        label="Why is the information needed?",
        choices=_choices(rules.REASON_LABELS),
        widget=forms.RadioSelect(attrs={"stacked": True}),
        required=False,
    )
    consent_not_sought_reason = forms.CharField(
        label="If consent has not been sought or was refused, why not, and why it can be "
        "overridden",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    safeguarding_confirmed = forms.BooleanField(
        label="I confirm our concerns are of a safeguarding nature and that, in Probation's "
        "opinion, consent can be overridden because not sharing the information could place a "
        "child or vulnerable adult at risk of harm",
        required=False,
    )

    PROBATION_FIELDS = (
        "offence_concerns",
        "offence_details",
        "wider_family",
        "reason_needed",
        "consent_not_sought_reason",
        "safeguarding_confirmed",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.agency_type != rules.ApiAgencyType.PROBATION:
            for name in self.PROBATION_FIELDS:
                del self.fields[name]

    def clean_evidence(self) -> Any:
        upload = self.cleaned_data.get("evidence")
        if upload:
            try:
                services.evidence_check(upload)
            except services.InformationRequestError as error:
                raise forms.ValidationError(str(error)) from error
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        consent = data.get("consent") or None
        exemption = data.get("exemption") or None
        if (
            consent == rules.Consent.WRITTEN
            and not data.get("evidence")
            and "evidence" not in (self.errors)
        ):
            self.add_error("evidence", "Upload the signed letter or email")  # 002.L2.7, L2.8
        if data.get("consent_date") and data["consent_date"] > timezone.localdate():
            self.add_error("consent_date", "The date consent was given must be in the past")
        if exemption and not data.get("exemption_details"):
            self.add_error("exemption_details", "Enter the case details of that process")
        assessment = rules.assess(
            level=self.level,
            agency_type=self.agency_type,
            consent=consent,
            exemption=exemption,
            offence_concerns=data.get("offence_concerns") or [],
            offence_details=data.get("offence_details"),
            reason_needed=data.get("reason_needed") or None,
            consent_not_sought_reason=data.get("consent_not_sought_reason"),
            safeguarding_confirmed=data.get("safeguarding_confirmed")
            if "safeguarding_confirmed" in self.fields
            else None,
        )
        for problem in assessment.problems:
            name = problem.field if problem.field in self.fields else None
            if name is None or name not in self.errors:
                self.add_error(name, problem.message)
        if data.get("offence_concerns") and rules.OffenceConcern.OTHER in data["offence_concerns"]:
            if not data.get("offence_details") and "offence_details" not in self.errors:
                self.add_error("offence_details", "Describe the other offence in words")
        return data


class Level3Form(ChildForm):
    """002.L3.1: whole case assessments, for court proceedings or a section 47 investigation."""

    level = 3

    purpose = forms.CharField(
        label="Which case assessments do you need to view, and why?",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter which case assessments you need to view, and why"},
    )
    exemption = forms.ChoiceField(
        label="Which proceedings or investigation are you involved in?",
        choices=[
            (str(key), label)
            for key, label in rules.EXEMPTION_LABELS.items()
            if key != rules.Exemption.PLO
        ],
        widget=forms.RadioSelect(attrs={"stacked": True}),
        error_messages={"required": "Choose the proceedings or investigation"},
    )
    exemption_details = forms.CharField(
        label="Case details",
        help_text="For example the court, case number or the date the enquiry started",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the case details"},
    )


REQUEST_FORMS: dict[int, type[ChildForm]] = {1: Level1Form, 2: Level2Form, 3: Level3Form}


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Enter the 6-digit code we sent to your work email",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        error_messages={
            "required": "Enter the 6-digit code",
            "min_length": "The code must be 6 digits",
            "max_length": "The code must be 6 digits",
        },
    )

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"]).strip()
        if not code.isdigit():
            raise forms.ValidationError("The code must be 6 digits")
        return code


class Level1AnswerForm(forms.Form):
    """002.L1.2-5: exactly the three outcomes, each with its own details and no others."""

    outcome = forms.ChoiceField(
        label="Is the child known to children's social care?",
        choices=list(rules.LEVEL1_OUTCOMES.items()),
        widget=forms.RadioSelect(attrs={"stacked": True}),
        error_messages={"required": "Choose whether the child is known"},
    )
    worker_name = forms.CharField(label="Allocated worker's name", required=False, max_length=200)
    worker_phone = forms.CharField(
        label="Allocated worker's telephone number", required=False, max_length=40
    )
    worker_email = forms.EmailField(label="Allocated worker's email address", required=False)
    closed_on = DateField(
        label="Date the case was closed", subject="the date the case was closed", required=False
    )

    REQUIRED_MESSAGES = {
        "worker_name": "Enter the allocated worker's name",
        "worker_phone": "Enter the allocated worker's telephone number",
        "worker_email": "Enter the allocated worker's email address",
        "closed_on": "Enter the date the case was closed",
    }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        outcome = data.get("outcome")
        if outcome not in rules.LEVEL1_OUTCOMES:
            return data
        wanted = rules.level1_fields_for_outcome(outcome)
        for name, message in self.REQUIRED_MESSAGES.items():
            if name in self.errors:
                continue
            if name in wanted and not data.get(name):
                self.add_error(name, message)
            elif name not in wanted and data.get(name):
                self.add_error(
                    name,
                    f"Leave this empty: it is not disclosed when the outcome is "
                    f"\u201c{rules.LEVEL1_OUTCOMES[outcome].lower()}\u201d",
                )
        if data.get("closed_on") and data["closed_on"] > timezone.localdate():
            self.add_error("closed_on", "The date the case was closed must be in the past")
        return data

    def disclosed(self) -> dict[str, Any]:
        outcome = self.cleaned_data["outcome"]
        keep = ("outcome", *rules.level1_fields_for_outcome(outcome))
        return {name: self.cleaned_data.get(name) for name in keep}


class Level2AnswerForm(forms.Form):
    """002.L2.4-5: the limited Level 2 disclosure, nothing more."""

    involvement_dates = forms.CharField(
        label=rules.FIELD_LABELS["involvement_dates"],
        help_text="For example: March 2019 to January 2021",
        max_length=500,
        error_messages={"required": "Enter the dates of involvement"},
    )
    involvement_reasons = forms.CharField(
        label=rules.FIELD_LABELS["involvement_reasons"],
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reasons for involvement"},
    )
    child_protection_plan = forms.ChoiceField(
        label=rules.FIELD_LABELS["child_protection_plan"],
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Answer the Child Protection Plan question"},
    )
    child_in_need_plan = forms.ChoiceField(
        label=rules.FIELD_LABELS["child_in_need_plan"],
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Answer the Child in Need plan question"},
    )
    section_47 = forms.ChoiceField(
        label=rules.FIELD_LABELS["section_47"],
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Answer the section 47 question"},
    )
    early_help = forms.ChoiceField(
        label=rules.FIELD_LABELS["early_help"],
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Answer the Early Help question"},
    )
    been_in_care = forms.ChoiceField(
        label=rules.FIELD_LABELS["been_in_care"],
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Answer the question about care"},
    )

    def disclosed(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in rules.LEVEL2_FIELDS}


class Level3AnswerForm(forms.Form):
    whole_case_record = forms.CharField(
        label="How the case assessments were shared",
        help_text="For example: case assessments sent by secure email on 3 March",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter how the case assessments were shared"},
    )

    def disclosed(self) -> dict[str, Any]:
        return {"whole_case_record": self.cleaned_data["whole_case_record"]}


ANSWER_FORMS: dict[int, type[forms.Form]] = {
    1: Level1AnswerForm,
    2: Level2AnswerForm,
    3: Level3AnswerForm,
}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason"},
    )

    def __init__(
        self, *args: Any, label: str = "Reason", required_message: str = "", **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        if required_message:
            self.fields["reason"].error_messages["required"] = required_message

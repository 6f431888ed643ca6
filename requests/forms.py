"""The Request for Support's pages: one form per question topic, with GOV.UK messages.

Forms hold no business rule beyond checking what was typed: the services save it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone

from referral_portal.govuk.widgets import DateField
from requests import support_rules as rules
from requests.models import (
    ChildConsent,
    ConcernCategory,
    Consent,
    ConsentAdvice,
    ConsentNotSoughtReason,
    ParentalResponsibility,
    Sex,
    YesNo,
    YesNoNotKnown,
)

SHORT = 100
NAME = 200
LONG = 5000

YES_NO = [("yes", "Yes"), ("no", "No")]


def _text(
    label: str,
    *,
    required: str | None = None,
    limit: int = LONG,
    help_text: str = "",
    area: bool = True,
    subject: str | None = None,
) -> forms.CharField:
    """A text box or area whose messages name the question and its limit."""
    subject = subject or label
    # A one-line answer (a name, a relationship, a phone number) is printed in letters and
    # emails ("Dear …,"): line breaks and other control characters are refused (review L8).
    one_line = [
        RegexValidator(
            r"[\x00-\x1f\x7f\u2028\u2029]",
            inverse_match=True,
            message=f"{subject} must be on one line, without line breaks or tabs",
        )
    ]
    return forms.CharField(
        label=label,
        required=required is not None,
        max_length=limit,
        help_text=help_text,
        strip=True,
        validators=[] if area else one_line,
        widget=forms.Textarea(attrs={"rows": 5}) if area else forms.TextInput(),
        error_messages={
            "required": required or "",
            "max_length": f"{subject} must be {limit:,} characters or fewer",
            "null_characters_not_allowed": f"{subject} must not contain null characters",
        },
    )


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class DangerForm(forms.Form):
    immediate_danger = forms.ChoiceField(
        label="Is a child in immediate danger?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select yes if a child is in immediate danger",
            "invalid_choice": "Select yes if a child is in immediate danger",
        },
    )


class ReferrerForm(forms.Form):
    referrer_role = _text(
        "Your role",
        required="Enter your role",
        limit=200,
        area=False,
        help_text="For example: Designated Safeguarding Lead, health visitor",
    )
    referrer_phone = _text(
        "Phone number",
        required="Enter a phone number the front door can call you on",
        limit=40,
        area=False,
        help_text="A direct line or mobile: the front door may need to call you back today",
    )
    referrer_email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referrer_phone"].widget.attrs.update(
            {"autocomplete": "tel", "type": "tel", "class": "govuk-input--width-20"}
        )
        self.fields["referrer_email"].widget.attrs.update({"autocomplete": "email"})


class ChildForm(forms.Form):
    first_name = _text(
        "First name", required="Enter the child's first name", limit=SHORT, area=False
    )
    last_name = _text("Last name", required="Enter the child's last name", limit=SHORT, area=False)
    unborn = forms.ChoiceField(
        label="Is this an unborn child?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select yes if this is an unborn child",
            "invalid_choice": "Select yes if this is an unborn child",
        },
    )
    date_of_birth = DateField(
        label="Date of birth",
        subject="the child's date of birth",
        required=False,
        help_text="For example, 27 3 2017. Leave empty for an unborn child",
    )
    expected_due_date = DateField(
        label="Expected due date",
        subject="the expected due date",
        required=False,
        help_text="For an unborn child only. For example, 14 6 2027",
    )
    sex = forms.ChoiceField(
        label="Sex",
        choices=Sex.choices,
        widget=forms.RadioSelect(attrs={"stacked": True}),
        error_messages={
            "required": "Select the child's sex, or not known",
            "invalid_choice": "Select the child's sex, or not known",
        },
    )
    ethnicity = _text("Ethnicity (optional)", limit=SHORT, area=False, subject="Ethnicity")
    address = _text(
        "Address",
        required="Enter the child's address, or 'not known'",
        limit=500,
        subject="Address",
    )
    school = _text(
        "School, nursery or setting (optional)",
        limit=NAME,
        area=False,
        subject="School or setting",
    )
    first_language = _text(
        "First language (optional)", limit=SHORT, area=False, subject="First language"
    )
    additional_needs = _text(
        "Disability or additional needs (optional)",
        limit=2000,
        subject="Disability or additional needs",
    )
    # Communication needs (004 §5), the same questions as for adults.
    interpreter_language = _text(
        "Interpreter needed: which language? (optional)",
        limit=SHORT,
        area=False,
        subject="Interpreter language",
        help_text="Leave empty if no interpreter is needed",
    )
    needs_bsl = forms.BooleanField(
        label="Needs a British Sign Language (BSL) interpreter", required=False
    )
    needs_easy_read = forms.BooleanField(label="Needs information in EasyRead", required=False)
    needs_large_print = forms.BooleanField(label="Needs large, clear print", required=False)
    other_communication_needs = _text(
        "Other communication needs (optional)",
        limit=2000,
        subject="Other communication needs",
        help_text="For example, because of a learning disability, or sight or hearing loss",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["address"].widget.attrs["rows"] = 3
        self.fields["additional_needs"].widget.attrs["rows"] = 3
        self.fields["other_communication_needs"].widget.attrs["rows"] = 3

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        unborn = data.get("unborn")
        born, due = data.get("date_of_birth"), data.get("expected_due_date")
        if unborn == "no":
            data["expected_due_date"] = None
            if born is None and "date_of_birth" not in self.errors:
                self.add_error("date_of_birth", "Enter the child's date of birth")
            elif born is not None and born >= today:
                self.add_error("date_of_birth", "Date of birth must be in the past")
            elif born is not None and born < add_months(today, -12 * 25):
                self.add_error("date_of_birth", "Date of birth must be within the last 25 years")
        elif unborn == "yes":
            data["date_of_birth"] = None
            if due is None and "expected_due_date" not in self.errors:
                self.add_error("expected_due_date", "Enter the expected due date")
            elif due is not None and due < today:
                self.add_error(
                    "expected_due_date", "Expected due date must be today or in the future"
                )
            elif due is not None and due > add_months(today, 10):
                self.add_error(
                    "expected_due_date", "Expected due date must be within the next 10 months"
                )
        return data


class PersonForm(forms.Form):
    full_name = _text("Full name", required="Enter the person's full name", limit=NAME, area=False)
    relationship = _text(
        "Relationship to the child",
        required="Enter the person's relationship to the child",
        limit=SHORT,
        area=False,
        help_text="For example: mother, stepfather, grandmother, lodger",
    )
    lives_with_child = forms.ChoiceField(
        label="Do they live with the child?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select yes if the person lives with the child",
            "invalid_choice": "Select yes if the person lives with the child",
        },
    )
    address = _text("Address (optional)", limit=500, subject="Address")
    address_unsafe = forms.BooleanField(
        label="Sending letters to this address could put the child or someone else at risk",
        required=False,
    )
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.org",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    phone = _text("Phone number (optional)", limit=40, area=False, subject="Phone number")
    interpreter_language = _text(
        "Interpreter needed: which language? (optional)",
        limit=SHORT,
        area=False,
        subject="Interpreter language",
        help_text="Leave empty if no interpreter is needed",
    )
    needs_bsl = forms.BooleanField(
        label="Needs a British Sign Language (BSL) interpreter", required=False
    )
    needs_easy_read = forms.BooleanField(label="Needs information in EasyRead", required=False)
    needs_large_print = forms.BooleanField(label="Needs large, clear print", required=False)
    alleged_source_of_harm = forms.BooleanField(
        label="This person is alleged to have caused the harm you are worried about",
        help_text="The front door then holds back outcome letters to the family until a duty "
        "manager has checked it is safe to send them",
        required=False,
    )

    def __init__(
        self, *args: Any, children: list[tuple[Any, str]] | tuple[()] = (), **kwargs: Any
    ) -> None:
        """``children``: (key, name) for each child of the request: the question "Do they have
        parental responsibility for …?" is asked once per child (half-siblings are common), so
        with one child it is one question, as before. The answers are ``cleaned_data
        ["declared_pr"]``, by key."""
        super().__init__(*args, **kwargs)
        self.fields["address"].widget.attrs["rows"] = 3
        self.children = list(children)
        questions: dict[str, forms.Field] = {}
        for number, (key, name) in enumerate(self.children):
            name = " ".join(str(name).split()) or "this child"
            message = f"Select whether the person has parental responsibility for {name}"
            questions[pr_field(key)] = forms.ChoiceField(
                label=f"Do they have parental responsibility for {name}?",
                choices=ParentalResponsibility.choices,
                widget=forms.RadioSelect,
                help_text=(
                    "Answer for each child: children in one family can have different parents"
                    if number == 0 and len(self.children) > 1
                    else ""
                ),
                error_messages={"required": message, "invalid_choice": message},
            )
        # The questions where the one question was: after the relationship.
        names = list(self.fields)
        at = names.index("relationship") + 1
        self.fields = {
            **{n: self.fields[n] for n in names[:at]},
            **questions,
            **{n: self.fields[n] for n in names[at:]},
        }

    def clean_lives_with_child(self) -> bool:
        return bool(self.cleaned_data["lives_with_child"] == "yes")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["declared_pr"] = {
            key: data.pop(pr_field(key)) for key, _ in self.children if data.get(pr_field(key))
        }
        return data


def pr_field(key: Any) -> str:
    """The person form's question for one child (``key``: the child's id on the pages)."""
    return f"parental_responsibility_{key}"


class ConcernsForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label="What is this request about?",
        choices=ConcernCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "Select all that apply. A child or family who need support, with no harm suspected, "
            "is 'Child in need or family support'"
        ),
        error_messages={
            "required": "Select at least one category of concern or need",
            "invalid_choice": "Select a category of concern or need from the list",
        },
    )
    discussed_with_lead = forms.ChoiceField(
        label="Have you discussed this with your safeguarding lead or a line manager or "
        "supervisor?",
        choices=YesNo.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select yes if you have discussed this with your safeguarding lead or a "
            "line manager or supervisor",
            "invalid_choice": "Select yes if you have discussed this with your safeguarding lead "
            "or a line manager or supervisor",
        },
    )
    early_help_in_place = forms.ChoiceField(
        label="Is there an Early Help Assessment or a family plan for the child?",
        choices=YesNoNotKnown.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether there is an Early Help Assessment or a family plan",
            "invalid_choice": "Select whether there is an Early Help Assessment or a family plan",
        },
    )


class WorriesForm(forms.Form):
    """Signs of Safety's worries. "Past harm" is asked only for a category of harm."""

    def __init__(self, *args: Any, harm: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not harm:
            del self.fields["past_harm"]

    past_harm = _text(
        "Past harm",
        required="Enter what has happened to the child (past harm)",
        help_text="What has happened to the child that worries you? When, how often, how bad?",
    )
    future_danger = _text(
        "Future danger",
        required="Enter what you are worried could happen (future danger)",
        help_text="What are you worried will happen to the child if nothing changes?",
    )
    complicating_factors = _text(
        "Complicating factors (optional)",
        subject="Complicating factors",
        help_text="What makes it harder to deal with: for example alcohol, mental health, isolation",
    )


class WorkingWellForm(forms.Form):
    existing_strengths = _text(
        "Existing strengths",
        required="Enter the family's existing strengths",
        help_text="What is going well for the child and family? Who helps?",
    )
    existing_safety = _text(
        "Existing safety",
        required="Enter the safety that already exists, or say there is none",
        help_text="What has the family already done that keeps the child safe, even a little?",
    )


class NextStepsForm(forms.Form):
    needs_to_happen = _text(
        "What needs to happen?",
        required="Enter what needs to happen",
        subject="What needs to happen",
        help_text="What do you think needs to happen next, and what support do you ask for?",
    )


SCALE_QUESTION = "On a scale of 0 to 10, how safe is the child?"
SCALE_ANCHORS = (
    "10 means everyone knows the child is safe enough and no further involvement is needed. "
    "0 means things are so bad for the child that they are certain to be harmed again."
)


class SafetyScaleForm(forms.Form):
    safety_scale = forms.TypedChoiceField(
        label=SCALE_QUESTION,
        help_text=SCALE_ANCHORS,
        coerce=int,
        choices=[(str(n), str(n)) for n in range(11)],
        widget=forms.RadioSelect(attrs={"stacked": True}),
        error_messages={
            "required": "Select a number from 0 to 10",
            "invalid_choice": "Select a number from 0 to 10",
        },
    )
    safety_scale_reason = _text(
        "Why did you choose this number?",
        required="Enter why you chose this number",
        subject="Why you chose this number",
    )


class ChildsVoiceForm(forms.Form):
    child_words = _text(
        "What has the child said?",
        required="Enter what the child has said, in their own words, or why they cannot say",
        subject="What the child has said",
        help_text="Use the child's own words. For a baby or a child who cannot speak, say so",
    )
    child_heard_how = _text(
        "How were they heard?",
        required="Enter how the child was heard",
        subject="How the child was heard",
        help_text="For example: told their teacher at school, drew a picture, observed at nursery",
    )


LEVELS = [
    ("1", "Level 1: universal"),
    ("2", "Level 2: additional needs"),
    ("3", "Level 3: targeted, early help"),
    ("4", "Level 4: statutory or specialist"),
]


def level_form_for(authority: Any, *args: Any, **kwargs: Any) -> forms.Form:
    """The level question in the authority's own terms: its framework's levels where the portal
    holds one; otherwise the need described against the authority's own document (Birmingham:
    Right Help, Right Time), or against its threshold guidance where none is recorded. Never
    levels from another authority's guidance, nor generic ones."""
    from referral_portal.procedures.models import Kind
    from referral_portal.procedures.selectors import procedure_for
    from thresholds.selectors import framework_for

    framework = framework_for(authority=authority) if authority is not None else None
    if framework is not None:
        return LevelForm(*args, framework=framework, **kwargs)
    own = procedure_for(authority=authority, kind=Kind.LEVELS_OF_NEED)
    return OwnDocumentLevelForm(*args, procedure=own, authority=authority, **kwargs)


def level_refused(form: forms.Form) -> str:
    """The message for a level number given where the authority has no levels in the portal
    (the API; the page has no such field)."""
    document = getattr(form, "document", "")
    name = getattr(getattr(form, "authority", None), "name", "") or "This authority"
    if document:
        return (
            f"{name} sets out its levels of need in {document}, which this portal does not "
            f"hold: leave level_of_need out and describe the child's need against {document} "
            "in level_reason"
        )
    return (
        f"This portal holds no levels-of-need framework for {name}: leave level_of_need out "
        "and describe the child's need against your area's threshold guidance in level_reason"
    )


class OwnDocumentLevelForm(forms.Form):
    """No levels-of-need framework in the portal: name the authority's own document, or its
    threshold guidance where no document is recorded; no level numbers are offered."""

    level_reason = _text(
        "How does the child's need sit against your area's threshold guidance?",
        required="Describe the child's need against your area's threshold guidance",
        subject="The child's need",
    )

    def __init__(
        self, *args: Any, procedure: Any = None, authority: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.procedure = procedure
        self.authority = authority
        document = procedure.detail("document") if procedure is not None else ""
        self.document = document
        field = self.fields["level_reason"]
        if document:
            field.label = f"How does the child's need sit against {document}?"
            field.error_messages["required"] = f"Describe the child's need against {document}"
            field.help_text = (
                f"Use the words of {document}. This portal does not hold that document or its "
                "levels."
            )
        else:
            name = getattr(authority, "name", "") or "this authority"
            field.help_text = (
                f"This portal holds no levels-of-need guidance for {name}, so it offers no "
                "levels: describe the need in your area's own terms."
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["level_of_need"] = None  # no framework's number for this authority
        return data


class LevelForm(forms.Form):
    level_of_need = forms.TypedChoiceField(
        label="What level of need do you think the child has?",
        coerce=int,
        choices=LEVELS,
        widget=forms.RadioSelect(attrs={"stacked": True}),
        error_messages={
            "required": "Select the level of need",
            "invalid_choice": "Select the level of need",
        },
    )
    level_reason = _text(
        "Why this level?",
        required="Enter why you chose this level of need",
        subject="Why this level",
        help_text="Which indicators of the levels-of-need guidance describe the child?",
    )

    def __init__(self, *args: Any, framework: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.framework = framework
        if framework is not None:
            # The framework's own level titles and name.
            levels = list(framework.levels.order_by("number"))
            if levels:
                self.fields["level_of_need"].choices = [  # type: ignore[attr-defined]  # a ChoiceField
                    (str(level.number), f"Level {level.number}: {level.title}") for level in levels
                ]
            self.fields[
                "level_reason"
            ].help_text = f"Which indicators of {framework.title} describe the child?"


class AssessmentChoiceForm(forms.Form):
    assessment = forms.TypedChoiceField(
        label="Use a saved levels-of-need assessment",
        coerce=int,
        widget=forms.RadioSelect(attrs={"stacked": True}),
        error_messages={
            "required": "Select a saved assessment",
            "invalid_choice": "Select a saved assessment",
        },
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assessment"].choices = choices  # type: ignore[attr-defined]  # a ChoiceField


def _radios(label: str, choices: Any, message: str, *, required: bool = False) -> Any:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        widget=forms.RadioSelect(attrs={"stacked": True}),
        error_messages={"required": message, "invalid_choice": message},
    )


class ConsentForm(forms.Form):
    """The parents' and the child's consent, as 004 §4 words the rules (``support_rules``)."""

    consent = _radios(
        "Did the parents consent to this request?",
        Consent.choices,
        "Select whether the parents consented, refused, or consent was not sought or not "
        "established",
        required=True,
    )
    consent_refused_details = _text("What did the parents say?", subject="What the parents said")
    consent_advice = _radios(
        "Did you seek advice from a manager or the nominated safeguarding lead?",
        ConsentAdvice.choices,
        "Select whether you sought advice from a manager or the nominated safeguarding lead, or "
        "whether it would cause undue delay",
    )
    consent_advice_outcome = _text(
        "What was the outcome of the advice?",
        subject="The outcome of the advice",
        help_text="Leave empty if seeking advice would cause undue delay",
    )
    consent_child_protection = _radios(
        "Is there a child protection concern?",
        YesNo.choices,
        "Select yes if there is a child protection concern",
    )
    consent_not_sought_reason = _radios(
        "Why was consent not sought or not established?",
        ConsentNotSoughtReason.choices,
        "Select why consent was not sought or not established",
    )
    consent_not_sought_details = _text(
        "Explain why",
        subject="Why consent was not sought or not established",
        help_text=rules.CONSENT_EXPLAIN.text,
    )
    child_consent = _radios(
        "Did the child consent?",
        ChildConsent.choices,
        "Select whether the child consented, or does not have capacity to consent",
        required=True,
    )
    child_consent_details = _text(
        "Explain why the child's consent was not sought",
        subject="Why the child's consent was not sought",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, message in rules.consent_errors(data).items():
            if name not in self.errors:
                self.add_error(name, message)
        # Answers under a choice not taken are not kept: they would say something untrue.
        consent = data.get("consent")
        if consent != Consent.REFUSED:
            for name in (
                "consent_refused_details",
                "consent_advice",
                "consent_advice_outcome",
                "consent_child_protection",
            ):
                data[name] = ""
        elif data.get("consent_advice") != ConsentAdvice.SOUGHT:
            data["consent_advice_outcome"] = ""
        if consent != Consent.NOT_SOUGHT:
            data["consent_not_sought_reason"] = ""
            data["consent_not_sought_details"] = ""
        if data.get("child_consent") != ChildConsent.NOT_SOUGHT:
            data["child_consent_details"] = ""
        return data


class EarlyHelpForm(forms.Form):
    """Below the threshold for social care: the referrer confirms what they ask for (000; 004
    §7). Confirming sends the request on its way; nothing refuses it for its level."""

    early_help_confirmed = forms.BooleanField()

    def __init__(self, *args: Any, route: rules.EarlyHelpRoute, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["early_help_confirmed"]
        field.label = route.confirm
        field.error_messages["required"] = route.confirm_error


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        allow_empty_file=True,  # refused by the attachment check, with the file's name
        help_text="PDF, DOCX, ODT, JPG or PNG, smaller than 10MB. Up to 5 files",
        error_messages={
            "required": "Select a file to upload",
            "empty": "The selected file is empty",
            "invalid": "Select a file to upload",
        },
    )


class DeclarationForm(forms.Form):
    declaration = forms.BooleanField(
        label=(
            "I confirm that the information in this request is accurate to the best of my "
            "knowledge, and I understand that the family may learn that I made it"
        ),
        error_messages={"required": "Confirm the declaration to send your request"},
    )

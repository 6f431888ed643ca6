from __future__ import annotations

from typing import Any

from django import forms

from referral_portal.procedures.models import DETAIL_FIELDS, Procedure


class ProcedureForm(forms.Form):
    offered = forms.TypedChoiceField(
        label="Does the portal offer this procedure for your authority?",
        choices=[
            ("yes", "Yes: one of the authority's published sources gives it"),
            ("no", "No: no source gives it, so the portal offers none and says so"),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect(attrs={"stacked": True}),
        error_messages={"required": "Choose whether the portal offers this procedure"},
    )
    portal_standard = forms.BooleanField(
        label="The portal applies this as its own standard (the source is not the authority's)",
        required=False,
    )
    summary = forms.CharField(
        label="What people are told",
        help_text="In the source's words. When not offered: say that no process is published.",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    source_title = forms.CharField(
        label="Title of the source document", required=False, max_length=300
    )
    source_publisher = forms.CharField(label="Publisher", required=False, max_length=200)
    source_section = forms.CharField(
        label="Section",
        help_text="For example: Level 2, or Appendix 2",
        required=False,
        max_length=200,
    )

    def __init__(self, *args: Any, procedure: Procedure, **kwargs: Any) -> None:
        if not args or args[0] is None:
            kwargs.setdefault(
                "initial",
                {
                    "offered": "yes" if procedure.offered else "no",
                    "portal_standard": procedure.portal_standard,
                    "summary": procedure.summary,
                    "source_title": procedure.source_title,
                    "source_publisher": procedure.source_publisher,
                    "source_section": procedure.source_section,
                    **{k: procedure.detail(k) for k in DETAIL_FIELDS[procedure.kind]},
                },
            )
        super().__init__(*args, **kwargs)
        self.detail_names = list(DETAIL_FIELDS[procedure.kind])
        for key, (label, help_text, multiline) in DETAIL_FIELDS[procedure.kind].items():
            widget = forms.Textarea(attrs={"rows": 4}) if multiline else forms.TextInput()
            self.fields[key] = forms.CharField(
                label=f"{label} (optional)",
                help_text=help_text,
                required=False,
                max_length=4000,
                widget=widget,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("offered"):
            # Nothing stated that no source says: an offered procedure names its source.
            for name, message in (
                ("source_title", "Enter the title of the document this procedure comes from"),
                ("source_publisher", "Enter who publishes that document"),
                ("source_section", "Enter the section of the document"),
            ):
                if not (data.get(name) or "").strip() and name not in self.errors:
                    self.add_error(name, message)
        if "hours" in self.fields and data.get("hours"):
            if not str(data["hours"]).strip().isdigit() or not 1 <= int(data["hours"]) <= 720:
                self.add_error("hours", "Enter the hours as a whole number from 1 to 720")
        return data

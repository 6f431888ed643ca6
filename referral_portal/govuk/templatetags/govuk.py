"""Template helpers for GOV.UK Frontend markup."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField

from referral_portal.govuk import dates
from referral_portal.govuk.widgets import DateInput

register = template.Library()

# Dates and times as a person reads them, the same on every page (review D17).
register.filter("day", dates.day)
register.filter("when", dates.when)
register.filter("clock", dates.clock)


@register.filter
def govuk_kind(field: BoundField) -> str:
    """Which GOV.UK component renders this field."""
    widget = field.field.widget
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    if isinstance(widget, DateInput):
        return "date"
    # CheckboxSelectMultiple is a subclass of RadioSelect: test it first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    return "input"


def _described_by(field: BoundField) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


_CLASSES = {
    "input": "govuk-input",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "file": "govuk-file-upload",
}


@register.simple_tag
def govuk_widget(field: BoundField) -> Any:
    """The field's own widget with GOV.UK classes, error state and aria-describedby."""
    kind = govuk_kind(field)
    attrs: dict[str, Any] = {}
    existing = field.field.widget.attrs.get("class", "")
    css = [_CLASSES.get(kind, ""), existing]
    if field.errors:
        css.append(f"{_CLASSES.get(kind, 'govuk-input')}--error")
        if kind == "date":
            attrs["has_error"] = True
    attrs["class"] = " ".join(c for c in css if c)
    described = _described_by(field)
    if described:
        attrs["aria-describedby"] = described
    return field.as_widget(attrs=attrs)


@register.simple_tag
def described_by(field: BoundField) -> str:
    return _described_by(field)


def first_input_id(field: BoundField) -> str:
    """Where the error summary links: the first box of a date, the first radio or checkbox."""
    if govuk_kind(field) in {"date", "radios", "checkboxes"}:
        return f"{field.auto_id}_0"
    return field.id_for_label or field.auto_id


@register.inclusion_tag("govuk/error_summary.html")
def govuk_error_summary(*forms_: Any) -> dict[str, Any]:
    """The error summary for one or more forms: links to each field's first input."""
    errors = []
    for form in forms_:
        if form is None or not getattr(form, "is_bound", False) or form.is_valid():
            continue
        for error in form.non_field_errors():
            errors.append({"href": "", "message": error})
        for field in form:
            for error in field.errors:
                errors.append({"href": f"#{first_input_id(field)}", "message": error})
    return {"errors": errors}


@register.filter(name="described_by_filter")
def described_by_filter(field: BoundField) -> str:
    return _described_by(field)

"""The page's <title>: one pattern for every page, "Error: " first when the page shows errors."""

from __future__ import annotations

from django import forms, template
from django.template.context import Context

register = template.Library()


def _has_errors(value: object) -> bool:
    if isinstance(value, forms.BaseForm):
        return value.is_bound and bool(value.errors)  # non-field errors included
    if isinstance(value, forms.BaseFormSet):
        # A formset's ``errors`` is a list with one (maybe empty) dict per form.
        return value.is_bound and value.total_error_count() > 0
    return False


@register.simple_tag(takes_context=True)
def page_has_errors(context: Context) -> bool:
    """True when any bound form in the page's context has errors.

    GOV.UK asks for "Error: " before the title of a page with an error summary. Looking at
    every form in the context (not one variable named ``form``) keeps the pattern in the base
    template, whatever a view calls its forms. Pages that report an error without a form set
    ``error`` (a message) or ``forms_with_errors``.
    """
    flat = context.flatten()
    if flat.get("forms_with_errors"):
        return True
    if isinstance(flat.get("error"), str) and flat["error"]:
        return True
    return any(_has_errors(value) for value in flat.values())


@register.filter
def is_current(path: str, url: str) -> bool:
    """Whether a navigation item's address is the page being shown (or a page under it)."""
    if not url:
        return False
    if url == "/":
        return path == "/"
    return path == url or path.startswith(url)

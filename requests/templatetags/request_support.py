"""The referrer's consent, needs and Early Help answers (004 §3-§5; 000) for the officer's and
the manager's pages: ``{% support_answer_rows contact %}`` inside a summary list (the record
page's submission), ``{% support_answers contact %}`` as a section of its own (recipients)."""

from __future__ import annotations

from typing import Any

from django import template

from requests import support_rules as rules
from requests.models import ConcernCategory, Contact

register = template.Library()


def _context(contact: Contact) -> dict[str, Any]:
    return {
        "contact": contact,
        "consent_guidance": rules.consent_guidance(contact),
        "early_help": rules.early_help_route(
            authority=contact.authority, level=contact.level_of_need
        ),
    }


@register.inclusion_tag("requests/_support_answers_rows.html")
def support_answer_rows(contact: Contact) -> dict[str, Any]:
    return _context(contact)


@register.inclusion_tag("requests/_support_answers.html")
def support_answers(contact: Contact, heading_level: int = 3) -> dict[str, Any]:
    labels = dict(ConcernCategory.choices)
    return {
        **_context(contact),
        "heading": f"h{heading_level}",
        "categories": [labels.get(c, c) for c in contact.categories],
        "children": [c for c in contact.children.all() if c.communication_needs],
    }


@register.filter
def level_label(contact: Contact) -> str:
    """The level of need as the form offered it, "Level 3: Targeted support" (the area's
    framework's own title), not a bare "3" (review D17); empty when no level was chosen."""
    from requests.forms import LEVELS
    from thresholds.selectors import framework_for, level_of

    number = contact.level_of_need
    if number is None:
        return ""
    framework = framework_for(authority=contact.authority) if contact.authority_id else None
    if framework is not None:
        level = level_of(framework=framework, number=number)
        return f"Level {number}: {level.title}" if level else f"Level {number}"
    return dict(LEVELS).get(str(number), f"Level {number}")

"""``{% support_answers contact %}``: the referrer's consent, needs and Early Help answers (004
§4-§5; 000), for the officer's and the manager's pages."""

from __future__ import annotations

from typing import Any

from django import template

from requests import support_rules as rules
from requests.models import ConcernCategory, Contact

register = template.Library()


@register.inclusion_tag("requests/_support_answers.html")
def support_answers(contact: Contact, heading_level: int = 3) -> dict[str, Any]:
    route = rules.early_help_route(authority=contact.authority, level=contact.level_of_need)
    labels = dict(ConcernCategory.choices)
    return {
        "contact": contact,
        "heading": f"h{heading_level}",
        "categories": [labels.get(c, c) for c in contact.categories],
        "consent_guidance": rules.consent_guidance(contact),
        "early_help": route,
        "children": [c for c in contact.children.all() if c.communication_needs],
    }

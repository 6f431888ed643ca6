"""A subject-access export as a document a family can read: the same data as the JSON file,
in sections and summary lists, with record kinds named in words and database numbers left out
(the JSON beside it keeps them for staff)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from referral_portal.audit import records
from referral_portal.audit.models import AuditAction

# Keys holding database numbers: meaningful to the portal, not to a family.
_HIDDEN = {"id", "authority", "created_by", "contact", "child", "agency", "held_by", "made_by"}
_ACTIONS = dict(AuditAction.choices)


def _label(key: str) -> str:
    if "." in key:
        return records.label_for(key)
    return key.replace("_", " ").capitalize()


def _value(key: str, value: Any) -> str:
    if value is None or value == "":
        return "Not given"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if key == "action" and value in _ACTIONS:
        return str(_ACTIONS[value])
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == "T":
        try:
            return f"{dt.datetime.fromisoformat(value):%-d %B %Y, %H:%M}"
        except ValueError:
            return value
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        try:
            return f"{dt.date.fromisoformat(value):%-d %B %Y}"
        except ValueError:
            return value
    return str(value)


def _hidden(key: str, value: Any) -> bool:
    return (key in _HIDDEN or key.endswith("_id")) and isinstance(value, int | type(None))


def _join(parts: list[SafeString]) -> SafeString:
    """Already-escaped parts, one after another (format_html_join escapes nothing twice)."""
    return format_html_join("", "{}", ((part,) for part in parts))


def _block(data: Any, level: int) -> SafeString:
    heading = min(level, 4)
    size = {2: "m", 3: "s", 4: "s"}[heading]
    if isinstance(data, dict):
        simple = [(k, v) for k, v in data.items() if not isinstance(v, dict | list)]
        nested = [(k, v) for k, v in data.items() if isinstance(v, dict | list)]
        parts = []
        # Only what is held: an empty answer says nothing to a family.
        rows = [(k, v) for k, v in simple if not _hidden(k, v) and v not in (None, "")]
        if rows:
            parts.append(
                format_html(
                    '<dl class="govuk-summary-list">{}</dl>',
                    format_html_join(
                        "",
                        '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{}</dt>'
                        '<dd class="govuk-summary-list__value">{}</dd></div>',
                        ((_label(k), _value(k, v)) for k, v in rows),
                    ),
                )
            )
        for key, value in nested:
            if key == "history" and isinstance(value, list):
                parts.append(_history(value, heading))
                continue
            parts.append(
                format_html(
                    '<h{} class="govuk-heading-{}">{}</h{}>{}',
                    heading,
                    size,
                    _label(key),
                    heading,
                    _block(value, level + 1),
                )
            )
        return _join(parts)
    if isinstance(data, list):
        if not data:
            return format_html('<p class="govuk-body">None held.</p>')
        if all(not isinstance(item, dict | list) for item in data):
            return format_html(
                '<ul class="govuk-list govuk-list--bullet">{}</ul>',
                format_html_join("", "<li>{}</li>", ((_value("", item),) for item in data)),
            )
        return _join(
            [
                format_html('<div class="app-export-item">{}</div>', _block(item, level))
                for item in data
            ]
        )
    return format_html('<p class="govuk-body">{}</p>', _value("", data))


def _history(events: list[dict[str, Any]], heading: int) -> SafeString:
    if not events:
        return format_html("")
    return format_html(
        '<h{} class="govuk-heading-s">What happened to this record</h{}>'
        '<ul class="govuk-list">{}</ul>',
        heading,
        heading,
        format_html_join(
            "",
            "<li>{}: {} by {}</li>",
            (
                (
                    _value("at", e.get("at")),
                    _value("action", e.get("action")),
                    "the portal" if e.get("by") in (None, "", "anonymous") else e.get("by"),
                )
                for e in events
            ),
        ),
    )


def sections(data: dict[str, Any]) -> list[dict[str, Any]]:
    """One section per kind of record, each rendered as escaped HTML."""
    out = []
    for key, value in data.items():
        if key == "subject":
            continue
        out.append(
            {
                "title": _label(key),
                "count": len(value) if isinstance(value, list) else 1,
                "html": _block(value, 3),
            }
        )
    return out

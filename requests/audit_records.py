"""How the audit trail names Requests for Support: by their reference."""

from __future__ import annotations

from collections.abc import Sequence

from referral_portal.audit import records
from requests.models import Contact


def _names(ids: Sequence[str]) -> dict[str, str]:
    rows = Contact.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()])
    return {
        str(pk): reference or "(a draft)" for pk, reference in rows.values_list("pk", "reference")
    }


def _find(authority_id: int, text: str) -> list[str]:
    rows = Contact.objects.filter(authority_id=authority_id, reference__iexact=text.strip())
    return [str(pk) for pk in rows.values_list("pk", flat=True)]


records.register("requests.contact", label="Request for Support", names=_names, find=_find)
records.register("requests.draft", label="Drafts of Requests for Support")

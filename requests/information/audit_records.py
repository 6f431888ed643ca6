"""How the audit trail names information requests: by their reference."""

from __future__ import annotations

from collections.abc import Sequence

from referral_portal.audit import records
from requests.information.models import InformationRequest


def _names(ids: Sequence[str]) -> dict[str, str]:
    rows = InformationRequest.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()])
    return {str(pk): reference for pk, reference in rows.values_list("pk", "reference")}


def _find(authority_id: int, text: str) -> list[str]:
    rows = InformationRequest.objects.filter(
        authority_id=authority_id, reference__iexact=text.strip()
    )
    return [str(pk) for pk in rows.values_list("pk", flat=True)]


records.register(
    "information.informationrequest", label="Information request", names=_names, find=_find
)
records.register("information.disclosure", label="Disclosure log")

"""How the audit trail names outcome letters: by the Request for Support they answer."""

from __future__ import annotations

from collections.abc import Sequence

from referral_portal.audit import records
from requests.letters.models import Letter


def _names(ids: Sequence[str]) -> dict[str, str]:
    rows = Letter.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()])
    return {
        str(pk): f"for {reference}" if reference else ""
        for pk, reference in rows.values_list("pk", "contact__reference")
    }


records.register("letters.letter", label="Outcome letter", names=_names)
records.register("letters.to_post", label="Letters to post")

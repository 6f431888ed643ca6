"""How the audit trail names this app's records: accounts by the person's name."""

from __future__ import annotations

from collections.abc import Sequence

from referral_portal.accounts.models import User
from referral_portal.audit import records


def _names(ids: Sequence[str]) -> dict[str, str]:
    users = User.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()])
    return {str(u.pk): u.full_name or u.email for u in users}


records.register("accounts.user", label="Account of", names=_names)

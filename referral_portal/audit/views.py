from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from referral_portal.accounts.decorators import role_required
from referral_portal.accounts.http import AuthenticatedHttpRequest, staff_authority_id
from referral_portal.accounts.models import Role
from referral_portal.audit import records
from referral_portal.audit.forms import AuditFilterForm
from referral_portal.audit.selectors import audit_events_for_authority


@role_required(Role.MANAGER)
def audit_trail(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A duty manager reads their authority's trail, filtered by user, record and date."""
    authority_id = staff_authority_id(request.user)
    form = AuditFilterForm(request.GET or None, authority_id=authority_id)
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "actor_id": data["actor"].pk if data["actor"] else None,
            "object_type": data["object_type"],
            "records": (
                records.find(authority_id=authority_id, text=data["reference"])
                if data["reference"]
                else None
            ),
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }
    events = audit_events_for_authority(authority_id=authority_id, **filters)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    page.object_list = records.describe(page.object_list)  # type: ignore[assignment]  # the page shows described rows, not the events
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/trail.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )

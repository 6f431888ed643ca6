"""The public directory page: every service of the chosen authority, open or closed now."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from contacts.models import KIND_ORDER, ServiceKind
from contacts.panel import panel_for_directory
from contacts.selectors import directory_for, search_services, service_status
from referral_portal.accounts.models import Authority
from referral_portal.context_processors import current_authority


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    """Public information: no sign-in. ``?authority=<slug>`` shows another area's numbers."""
    slug = request.GET.get("authority", "")
    if slug:
        authority = Authority.objects.filter(slug=slug[:50]).first()
        if authority is None:
            raise Http404("No such area")
    else:
        authority = current_authority(request)
    if authority is None:
        target = reverse("choose_authority") + "?" + urlencode({"next": request.path})
        return redirect(target)
    now = timezone.now()
    entries = directory_for(authority)
    query = request.GET.get("q", "")[:100].strip()
    found = search_services(entries, query)
    groups = []
    for kind in KIND_ORDER:
        services = [
            {
                "entry": e,
                "status": service_status(e, entries, now),
                "changes": e.one_off_rows(timezone.localdate(now)),
            }
            for e in found
            if e.kind == kind
        ]
        if services:
            groups.append({"kind": kind, "label": ServiceKind(kind).label, "services": services})
    return render(
        request,
        "contacts/directory.html",
        {
            "authority": authority,
            "groups": groups,
            "query": query,
            "now_panel": panel_for_directory(entries, now),
            "today": timezone.localdate(now),
            "other_authorities": Authority.objects.exclude(pk=authority.pk),
        },
    )

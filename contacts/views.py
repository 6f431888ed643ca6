"""The public directory page, and the page where a manager changes the hours of one date."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contacts.forms import CLOSED, OneOffDayForm
from contacts.models import KIND_ORDER, OneOffDay, ServiceKind
from contacts.panel import panel_for_directory
from contacts.selectors import directory_for, is_slug, search_services, service_status
from contacts.services import one_off_day_remove, one_off_day_set
from referral_portal.accounts.access import get_for_user
from referral_portal.accounts.decorators import role_required
from referral_portal.accounts.http import AuthenticatedHttpRequest, staff_authority_id
from referral_portal.accounts.models import Authority, Role
from referral_portal.context_processors import current_authority

DIRECTORY_KEEPERS = (Role.MANAGER, Role.ADMIN)


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    """Public information: no sign-in. ``?authority=<slug>`` shows another area's numbers."""
    slug = request.GET.get("authority", "")
    if slug:
        authority = Authority.objects.filter(slug=slug).first() if is_slug(slug) else None
        if authority is None:
            raise Http404("No such area")
    else:
        authority = current_authority(request)
    if authority is None:
        target = reverse("choose_authority") + "?" + urlencode({"next": request.path})
        return redirect(target)
    now = timezone.now()
    today = timezone.localdate(now)
    entries = directory_for(authority)
    query = request.GET.get("q", "")[:100].strip()
    found = search_services(entries, query)
    groups = []
    for kind in KIND_ORDER:
        services = [
            {
                "entry": e,
                "status": service_status(e, entries, now),
                "changes": e.one_off_rows(today),
            }
            for e in found
            if e.kind == kind
        ]
        if services:
            groups.append({"kind": kind, "label": ServiceKind(kind).label, "services": services})
    user = request.user
    can_change = (
        user.is_authenticated
        and user.role in DIRECTORY_KEEPERS
        and user.authority_id == authority.pk
    )
    return render(
        request,
        "contacts/directory.html",
        {
            "authority": authority,
            "groups": groups,
            "query": query,
            "now_panel": panel_for_directory(entries, now),
            "other_authorities": Authority.objects.exclude(pk=authority.pk),
            "can_change": can_change,
        },
    )


@role_required(*DIRECTORY_KEEPERS)
@require_http_methods(["GET", "POST"])
def hours_change(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A closure or changed hours on one date, for a service of the manager's own authority."""
    authority_id = staff_authority_id(request.user)
    form = OneOffDayForm(request.POST or None, authority_id=authority_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        closed = data["change"] == CLOSED
        day = one_off_day_set(
            service=data["service"],
            date=data["date"],
            closed=closed,
            opens=None if closed else data["opens"],
            closes=None if closed else data["closes"],
            reason=data["reason"],
            actor=request.user,
            request=request,
        )
        messages.success(request, f"{day.service.label}: {day} saved")
        return redirect("contacts:hours_change")
    upcoming = OneOffDay.objects.filter(
        service__authority_id=authority_id, date__gte=timezone.localdate()
    ).select_related("service")
    return render(request, "contacts/hours_change.html", {"form": form, "upcoming": upcoming})


def get_one_off_day_for_user(request: AuthenticatedHttpRequest, pk: int) -> OneOffDay:
    """The one-off day if it belongs to the user's authority; 404 (audited) otherwise."""
    return get_for_user(
        OneOffDay.objects.select_related("service").filter(
            pk=pk, service__authority_id=staff_authority_id(request.user)
        ),
        user=request.user,
        object_id=pk,
        request=request,
        not_found="No such date",
        audit_view=False,  # the change made to it is audited
    )


@role_required(*DIRECTORY_KEEPERS)
@require_POST
def hours_change_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    day = get_one_off_day_for_user(request, pk)
    label = f"{day.service.label}: {day}"
    one_off_day_remove(day=day, actor=request.user, request=request)
    messages.success(request, f"{label} removed: the usual hours apply")
    return redirect("contacts:hours_change")

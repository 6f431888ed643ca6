"""The emails a person answers for that failed to send, with "Send again"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from referral_portal.accounts.decorators import role_required
from referral_portal.accounts.http import AuthenticatedHttpRequest
from referral_portal.accounts.models import Role
from referral_portal.errors import show
from referral_portal.outbox import selectors, services
from referral_portal.outbox.models import Email
from referral_portal.outbox.registry import kind_for

# The roles that answer for some kind of email (``registry.Kind.responsible``).
RESPONSIBLE = (Role.OFFICER, Role.MANAGER, Role.ADMIN)


@role_required(*RESPONSIBLE)
@require_GET
def failed(request: AuthenticatedHttpRequest) -> HttpResponse:
    trouble = selectors.emails_in_trouble(request.user)
    for emails in trouble.values():
        for email in emails:
            kind = kind_for(email.kind)
            email.kind_label = kind.label if kind else email.kind  # type: ignore[attr-defined]  # shown on the page only, not a field
            # A link only to a row the email is about (an email about nothing, or about a row
            # since removed by a retention run, is still listed, with no link).
            link = kind.link if kind is not None else None
            about = link(email) if link is not None and email.object_id is not None else ""
            email.about_url = about  # type: ignore[attr-defined]  # shown on the page only, not a field
    return render(request, "outbox/failed.html", trouble)


def get_email_for_user(request: AuthenticatedHttpRequest, pk: int) -> Email:
    """An email of the user's authority and of a kind they answer for; others are not found."""
    if request.user.role not in RESPONSIBLE:
        raise PermissionDenied
    return get_object_or_404(selectors.emails_for_user(request.user), pk=pk)


@login_required
@require_POST
def resend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    email = get_email_for_user(request, pk)
    try:
        services.email_resend(email=email, actor=request.user, request=request)
    except services.OutboxError as error:
        show(request, error)
    else:
        messages.success(request, f"The email to {email.to} will be sent again now")
    return redirect("outbox:failed")

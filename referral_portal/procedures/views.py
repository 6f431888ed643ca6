"""An authority's administrator reads and edits the authority's procedures."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from referral_portal.accounts.decorators import role_required
from referral_portal.accounts.http import AuthenticatedHttpRequest
from referral_portal.accounts.models import Role
from referral_portal.procedures import selectors, services
from referral_portal.procedures.forms import ProcedureForm
from referral_portal.procedures.models import Kind, Procedure


def _authority(request: HttpRequest) -> Any:
    authority = request.user.authority  # type: ignore[union-attr]  # role_required: a signed-in staff user
    if authority is None:
        raise Http404("No authority")
    return authority


@role_required(Role.ADMIN)
def index(request: HttpRequest) -> HttpResponse:
    authority = _authority(request)
    return render(
        request,
        "procedures/index.html",
        {"authority": authority, "procedures": selectors.procedures_of(authority=authority)},
    )


@role_required(Role.ADMIN)
def edit(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    if kind not in Kind.values:
        raise Http404("No such procedure")
    authority = _authority(request)
    procedure = selectors.procedure_row(authority=authority, kind=kind) or Procedure(
        authority=authority, kind=kind
    )
    form = ProcedureForm(request.POST or None, procedure=procedure)
    if request.method == "POST" and form.is_valid():
        services.procedure_save(
            authority=authority,
            kind=kind,
            data=form.cleaned_data,
            user=request.user,
            request=request,
        )
        messages.success(request, f"{Kind(kind).label}: saved")
        return redirect("procedures:index")
    return render(
        request,
        "procedures/edit.html",
        {"authority": authority, "procedure": procedure, "form": form},
    )

from __future__ import annotations

import json

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from referral_portal.accounts.decorators import role_required
from referral_portal.accounts.http import AuthenticatedHttpRequest, staff_authority_id
from referral_portal.accounts.models import Role
from referral_portal.audit.models import AuditAction
from referral_portal.audit.services import audit_record
from referral_portal.rights.document import sections
from referral_portal.rights.forms import SubjectAccessForm
from referral_portal.rights.selectors import records_found, subject_access


@role_required(Role.MANAGER)
@require_http_methods(["GET", "POST"])
def subject_access_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A duty manager exports everything held about one child in their authority (audited)."""
    form = SubjectAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = subject_access(authority_id=staff_authority_id(request.user), **form.cleaned_data)
        found = records_found(data)
        audit_record(
            actor=request.user,
            action=AuditAction.EXPORT,
            object_type="rights.subject_access",
            request=request,
            changes=found,
        )
        if not any(found.values()):
            form.add_error(None, "Nothing is held about a child with this name and date of birth")
        elif request.POST.get("format") == "json":
            # The same export, machine-readable, for staff and other systems.
            response = HttpResponse(
                json.dumps(data, indent=2, ensure_ascii=False),
                content_type="application/json; charset=utf-8",
            )
            response["Content-Disposition"] = 'attachment; filename="subject-access.json"'
            return response
        else:
            # The readable document, to print or save for the family.
            return render(
                request,
                "rights/subject_access_document.html",
                {
                    "form": form,
                    "subject": data["subject"],
                    "sections": sections(data),
                    "created": timezone.now(),
                },
            )
    return render(request, "rights/subject_access.html", {"form": form})

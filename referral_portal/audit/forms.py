from __future__ import annotations

from typing import Any

from django import forms

from referral_portal.accounts.models import User
from referral_portal.audit import records
from referral_portal.govuk.widgets import DateField


class AuditFilterForm(forms.Form):
    actor = forms.ModelChoiceField(
        label="User", queryset=User.objects.none(), required=False, empty_label="Anyone"
    )
    object_type = forms.ChoiceField(label="Kind of record", required=False)
    reference = forms.CharField(
        label="Reference",
        required=False,
        max_length=64,
        help_text="A Request for Support's or an information request's, for example BHM-2026-000001",
    )
    date_from = DateField(label="Start date", subject="the first date", required=False)
    date_to = DateField(label="End date", subject="the last date", required=False)

    def __init__(self, *args: Any, authority_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actor = self.fields["actor"]
        assert isinstance(actor, forms.ModelChoiceField)  # declared above
        actor.queryset = User.objects.filter(authority_id=authority_id)
        kind = self.fields["object_type"]
        assert isinstance(kind, forms.ChoiceField)  # declared above
        kind.choices = [("", "Any kind")] + [(k.object_type, k.label) for k in records.kinds()]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The end date must be the same as or after the start date")
        return data

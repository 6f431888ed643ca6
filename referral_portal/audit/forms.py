from __future__ import annotations

from typing import Any

from django import forms

from referral_portal.accounts.models import User
from referral_portal.govuk.widgets import DateField


class AuditFilterForm(forms.Form):
    actor = forms.ModelChoiceField(
        label="User", queryset=User.objects.none(), required=False, empty_label="Anyone"
    )
    object_type = forms.CharField(
        label="Record type",
        required=False,
        max_length=100,
        help_text="For example requests.contact",
    )
    object_id = forms.CharField(label="Record id", required=False, max_length=64)
    date_from = DateField(label="From", subject="the first date", required=False)
    date_to = DateField(label="To", subject="the last date", required=False)

    def __init__(self, *args: Any, authority_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actor = self.fields["actor"]
        assert isinstance(actor, forms.ModelChoiceField)  # declared above
        actor.queryset = User.objects.filter(authority_id=authority_id)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The last date must be the same as or after the first date")
        return data

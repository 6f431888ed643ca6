from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from referral_portal.govuk.widgets import DateField


class SubjectAccessForm(forms.Form):
    first_name = forms.CharField(
        label="Child's first name",
        max_length=100,
        error_messages={"required": "Enter the child's first name"},
    )
    last_name = forms.CharField(
        label="Child's last name",
        max_length=100,
        error_messages={"required": "Enter the child's last name"},
    )
    date_of_birth = DateField(label="Date of birth", subject="the child's date of birth")

    def clean_date_of_birth(self) -> dt.date:
        born: dt.date = self.cleaned_data["date_of_birth"]
        if born and born > timezone.localdate():
            raise forms.ValidationError("Date of birth must be in the past")
        return born

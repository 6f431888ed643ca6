from __future__ import annotations

from typing import Any

from django import forms

from requests.handoff import addresses
from requests.handoff.models import Section


class EndpointForm(forms.Form):
    name = forms.CharField(
        label="Name",
        help_text="What the receiving system is, for example: Mosaic integration",
        max_length=100,
        error_messages={"required": "Enter a name for the receiving system"},
    )
    url = forms.URLField(
        label="Address (URL) the portal sends to",
        help_text="Given by your integration team. It must start with https://",
        max_length=500,
        assume_scheme="https",
        error_messages={
            "required": "Enter the address the portal sends to",
            "invalid": "Enter a full address, like https://cms.council.example.org/portal-events",
        },
    )
    sections = forms.MultipleChoiceField(
        label="Optional parts to include",
        help_text="Leave unticked to keep the officer's internal notes inside the portal",
        choices=Section.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    active = forms.BooleanField(label="Send events to this address", required=False, initial=True)

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"].strip()
        try:
            addresses.check(url)
        except addresses.UnsafeURL as error:
            raise forms.ValidationError(str(error)) from None
        return url

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

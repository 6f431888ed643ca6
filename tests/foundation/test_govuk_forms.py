"""The GOV.UK form pack: day/month/year dates with the GOV.UK messages, error markup."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms

from referral_portal.govuk.widgets import DateField


class BirthForm(forms.Form):
    date_of_birth = DateField(label="Date of birth", subject="the child's date of birth")


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter the child's date of birth"),
        ("12", "", "2020", "Date of birth must include a month"),
        ("", "", "2020", "Date of birth must include a day and a month"),
        ("31", "2", "2020", "Date of birth must be a real date"),
        ("x", "2", "2020", "Date of birth must be a real date, in numbers"),
        ("1", "2", "20", "Year must include 4 numbers"),
    ],
)
def test_date_errors_say_what_is_wrong(day, month, year, message):
    form = BirthForm({"date_of_birth_0": day, "date_of_birth_1": month, "date_of_birth_2": year})
    assert not form.is_valid()
    assert form.errors["date_of_birth"] == [message]


def test_a_real_date_is_accepted_and_typed_values_are_kept_on_error():
    form = BirthForm({"date_of_birth_0": "7", "date_of_birth_1": "3", "date_of_birth_2": "2019"})
    assert form.is_valid() and form.cleaned_data["date_of_birth"] == dt.date(2019, 3, 7)
    bad = BirthForm({"date_of_birth_0": "31", "date_of_birth_1": "2", "date_of_birth_2": "2019"})
    html = str(bad["date_of_birth"])
    assert 'value="31"' in html and 'value="2019"' in html


def test_crispy_renders_gov_uk_error_markup():
    from django.template import Context, Template

    form = BirthForm({"date_of_birth_0": "", "date_of_birth_1": "", "date_of_birth_2": ""})
    form.is_valid()
    html = Template(
        "{% load crispy_forms_tags govuk %}{% govuk_error_summary form %}{{ form|crispy }}"
    ).render(Context({"form": form}))
    assert 'class="govuk-error-summary"' in html
    assert 'href="#id_date_of_birth_0"' in html
    assert 'class="govuk-form-group govuk-form-group--error"' in html
    assert 'id="id_date_of_birth-error"' in html and "govuk-input--error" in html
    assert "<legend" in html and 'role="group"' in html


def test_a_multiple_choice_renders_as_gov_uk_checkboxes_not_radios():
    from django.template import Context, Template

    class Concerns(forms.Form):
        kinds = forms.MultipleChoiceField(
            label="Categories",
            choices=[("neglect", "Neglect"), ("physical", "Physical abuse")],
            widget=forms.CheckboxSelectMultiple,
        )

    html = Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(
        Context({"form": Concerns()})
    )
    assert html.count('type="checkbox"') == 2 and 'type="radio"' not in html
    assert 'class="govuk-checkboxes"' in html

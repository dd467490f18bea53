"""The practitioner's schedule form and the client's answer form.

The client's ODI fields are the practitioner's (``clients.assessments.forms.Oswestry``):
the same statements, the same parsing, so the same scoring reads both.
"""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout, Submit
from django import forms
from django.utils import timezone

from clients.assessments.forms import Oswestry
from clients.assessments.scoring import PSFS_MAX_ITEMS
from clients.models import QuestionnaireResponse
from clients.models.questionnaire import MEASURES
from clients.questionnaires.services import ACTIVITY_MAX_LENGTH, MAX_EVERY_WEEKS
from clinic.once import OnceKeyMixin

PAIN_CHOICES = [
    ("", "Choose a number"),
    ("0", "0 – no pain"),
    *((str(n), str(n)) for n in range(1, 10)),
    ("10", "10 – the worst pain imaginable"),
]


class ScheduleForm(OnceKeyMixin, forms.Form):
    measures = forms.MultipleChoiceField(
        choices=MEASURES,
        widget=forms.CheckboxSelectMultiple,
        label="Questionnaires to send",
        error_messages={"required": "Choose at least one questionnaire."},
    )
    every_weeks = forms.IntegerField(
        label="Every how many weeks",
        min_value=1,
        max_value=MAX_EVERY_WEEKS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    starts_on = forms.DateField(
        label="First one due on", widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, activities: list[str], **kwargs):
        initial = {"measures": ["nprs", "odi", "psfs"], "every_weeks": 2}
        initial["starts_on"] = timezone.localdate()
        for n, activity in enumerate(activities[:PSFS_MAX_ITEMS], start=1):
            initial[f"activity_{n}"] = activity
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for n in range(1, PSFS_MAX_ITEMS + 1):
            self.fields[f"activity_{n}"] = forms.CharField(
                label=f"Activity {n}",
                max_length=ACTIVITY_MAX_LENGTH,
                required=False,
            )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "measures",
            "every_weeks",
            "starts_on",
            Fieldset(
                "The client's activities (for the PSFS)",
                HTML(
                    '<p class="form-text">In the client\'s own words; filled from their latest '
                    "assessment. Three to five.</p>"
                ),
                *(f"activity_{n}" for n in range(1, PSFS_MAX_ITEMS + 1)),
            ),
        )
        self.helper.add_input(Submit("schedule", "Schedule questionnaires", css_class="btn-clinic"))

    def clean_starts_on(self):
        day = self.cleaned_data["starts_on"]
        if day < timezone.localdate():
            raise forms.ValidationError("The first one cannot be due in the past.")
        if (day - timezone.localdate()).days > 366:
            raise forms.ValidationError("Start within the next year.")
        return day

    def clean(self):
        data = super().clean()
        activities = [data.get(f"activity_{n}", "") for n in range(1, PSFS_MAX_ITEMS + 1)]
        data["activities"] = [a for a in activities if a and a.strip()]
        if "psfs" in data.get("measures", []) and len(data["activities"]) < 3:
            self.add_error("activity_1", "Name three to five of the client's activities.")
        return data


class AnswerForm(forms.Form):
    """The client's answers to one questionnaire: only the measures it asks."""

    def __init__(self, *args, response: QuestionnaireResponse, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance = response
        if "nprs" in response.measures:
            self.fields["pain_now"] = forms.TypedChoiceField(
                label="How bad is your pain right now?",
                choices=PAIN_CHOICES,
                coerce=int,
                empty_value=None,
                error_messages={"required": "Choose a number from 0 to 10."},
            )
        if "odi" in response.measures:
            Oswestry().add_fields(self, response)
        for n, activity in enumerate(
            response.psfs_activities if "psfs" in response.measures else [], start=1
        ):
            self.fields[f"psfs_{n}"] = forms.TypedChoiceField(
                label=activity,
                choices=[
                    ("", "Choose a number"),
                    ("0", "0 – I cannot do it"),
                    *((str(s), str(s)) for s in range(1, 10)),
                    ("10", "10 – as well as before the problem"),
                ],
                coerce=int,
                empty_value=None,
                error_messages={"required": "Rate this activity from 0 to 10."},
            )

    def clean(self):
        data = super().clean()
        if "odi" in self.instance.measures:
            Oswestry().clean(self, data)
            if not self.instance.odi_answers and not self.errors:
                self.add_error(None, "Answer at least one of the daily-life questions.")
        return data

    @property
    def odi_fields(self):
        return [field for field in self if field.name.startswith("odi_")]

    @property
    def psfs_fields(self):
        return [field for field in self if field.name.startswith("psfs_")]

    def answers(self) -> dict:
        data = self.cleaned_data
        return {
            "pain_now": data.get("pain_now"),
            "odi_answers": list(self.instance.odi_answers),
            "psfs_scores": [data[field.name] for field in self.psfs_fields],
        }

"""The intake form's sections, in the order the client fills them.

``SECTIONS`` is an ordered list: a later capability adds its section by inserting a
``Section`` (code, title, form) where it belongs. Each form takes the client's
saved answers as ``initial`` and turns its cleaned data into plain JSON
(``answers``); ``write_back`` maps them onto the draft assessment. The ODI and PSFS
use the practitioner's own fields and checks (``clients.assessments.forms``), so
the scores come from the same code whoever filled them in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django import forms
from django.utils import timezone

from clients.assessments.forms import FunctionalScale, Oswestry, _pain_field
from clients.assessments.scoring import ODI_SECTIONS, PSFS_MAX_ITEMS
from clients.body_chart.forms import BodyChartForm
from clients.models import Assessment
from clients.vocab import AGGRAVATING_FACTORS, RED_FLAG_QUESTIONS

TEXT_ROWS = forms.Textarea(attrs={"rows": 3})
YES_NO = [("no", "No"), ("yes", "Yes")]


class SectionForm(forms.Form):
    """A section's form: ``answers()`` is what is saved for it, as plain JSON."""

    def __init__(self, *args, saved: dict | None = None, **kwargs):
        self.saved = saved or {}
        super().__init__(*args, initial=self.initial_from(self.saved), **kwargs)

    def initial_from(self, saved: dict) -> dict:
        return dict(saved)

    def answers(self) -> dict:
        return {
            name: value.isoformat() if isinstance(value, date) else value
            for name, value in self.cleaned_data.items()
        }


class StoryForm(SectionForm):
    onset_story = forms.CharField(
        label="How did it start?",
        help_text="In your own words: what you were doing, and whether it came on "
        "suddenly or bit by bit.",
        max_length=2000,
        widget=TEXT_ROWS,
        error_messages={"required": "Tell us a little about how it started."},
    )
    onset_date = forms.DateField(
        label="When did it start? (roughly is fine)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a date, for example 15/09/2026."},
    )

    def clean_onset_date(self):
        day = self.cleaned_data.get("onset_date")
        if day and day > timezone.localdate():
            raise forms.ValidationError("That date is in the future: pick the day it started.")
        if day and day.year < 1900:
            raise forms.ValidationError("Check the year.")
        return day


class ChangesForm(SectionForm):
    aggravating_factors = forms.MultipleChoiceField(
        label="What makes it worse?",
        choices=AGGRAVATING_FACTORS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    easing_factors = forms.CharField(
        label="What makes it better?", required=False, max_length=1000, widget=TEXT_ROWS
    )


class HistoryForm(SectionForm):
    prior_treatment = forms.CharField(
        label="Treatment so far",
        help_text="For example physiotherapy, chiropractic, injections, medication, surgery.",
        required=False,
        max_length=2000,
        widget=TEXT_ROWS,
    )
    imaging = forms.CharField(
        label="Scans or X-rays, and what you were told",
        required=False,
        max_length=2000,
        widget=TEXT_ROWS,
    )


class GoalsForm(SectionForm):
    goals = forms.CharField(
        label="What would you like to be able to do again?",
        max_length=1000,
        widget=TEXT_ROWS,
        error_messages={"required": "Tell us at least one thing you would like to get back to."},
    )


class ChartForm(BodyChartForm):
    """Where it is: the body chart (nothing marked is an answer too)."""

    def __init__(self, *args, saved: dict | None = None, **kwargs):
        self.saved = saved or {}
        super().__init__(*args, initial_marks=self.saved.get("marks", {}), **kwargs)

    def answers(self) -> dict:
        return {"marks": self.marks}


class PainForm(SectionForm):
    pain_now = _pain_field("Pain now")
    pain_best = _pain_field("Pain at its best (this week)")
    pain_worst = _pain_field("Pain at its worst (this week)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = True
            field.error_messages["required"] = "Give a number from 0 (no pain) to 10 (worst)."

    def clean(self):
        data = super().clean()
        best, worst = data.get("pain_best"), data.get("pain_worst")
        if best is not None and worst is not None and best > worst:
            self.add_error("pain_best", "Pain at its best cannot be higher than at its worst.")
        return data


class SafetyForm(SectionForm):
    """The red-flag screen in plain words. The view saves a "yes" before anything else."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, _question, plain in RED_FLAG_QUESTIONS:
            self.fields[f"flag_{code}"] = forms.ChoiceField(
                label=plain,
                choices=YES_NO,
                widget=forms.RadioSelect,
                error_messages={"required": "Answer yes or no."},
            )

    def initial_from(self, saved):
        return {f"flag_{code}": "yes" if yes else "no" for code, yes in saved.items()}

    def answers(self) -> dict:
        return {
            code: self.cleaned_data[f"flag_{code}"] == "yes" for code, _q, _p in RED_FLAG_QUESTIONS
        }


class _AssessmentSectionForm(SectionForm):
    """A section of the practitioner's assessment form, on its own: same fields, same
    checks, packed onto an unsaved Assessment as the practitioner's page does."""

    section = None

    def __init__(self, *args, **kwargs):
        self.instance = Assessment()
        super().__init__(*args, **kwargs)
        self.section.add_fields(self, self._saved_assessment())

    def _saved_assessment(self) -> Assessment:
        return Assessment(
            odi_answers=self.saved.get("odi_answers", []),
            psfs_items=self.saved.get("psfs_items", []),
        )

    def initial_from(self, saved):
        return {}

    def clean(self):
        data = super().clean()
        self.section.clean(self, data)
        return data


class OdiForm(_AssessmentSectionForm):
    section = Oswestry()

    def answers(self):
        return {"odi_answers": self.instance.odi_answers}


class PsfsForm(_AssessmentSectionForm):
    section = FunctionalScale()

    def answers(self):
        return {"psfs_items": self.instance.psfs_items}


@dataclass(frozen=True)
class Section:
    code: str
    title: str
    form: type[forms.Form]  # takes ``saved=``, has ``answers()``
    intro: str = ""


SECTIONS: list[Section] = [
    Section("story", "How it started", StoryForm),
    Section("changes", "What makes it worse or better", ChangesForm),
    Section("history", "Treatment and scans so far", HistoryForm),
    Section("goals", "Your goals", GoalsForm),
    Section(
        "chart",
        "Where you feel it",
        ChartForm,
        "Mark each place you feel something, on the pictures or in the list.",
    ),
    Section("pain", "Pain now, at best and at worst", PainForm, "0 is no pain, 10 the worst."),
    Section(
        "safety",
        "Safety questions",
        SafetyForm,
        "A few questions we ask everyone. A “yes” does not stop you sending the rest of "
        "the form; we will tell you what to do straight away.",
    ),
    Section(
        "odi",
        "Everyday activities",
        OdiForm,
        "For each part, the one statement that fits you best today. Skip any that do not "
        "apply to you.",
    ),
    Section(
        "psfs",
        "Activities you find hard",
        PsfsForm,
        "Name three to five activities that are hard because of your back or leg, and how "
        f"well you can do each: 0 (cannot do it) to 10 (as before). Up to {PSFS_MAX_ITEMS}.",
    ),
]
SECTION_BY_CODE = {section.code: section for section in SECTIONS}
ODI_COUNT = len(ODI_SECTIONS)


def next_code(code: str) -> str | None:
    codes = [section.code for section in SECTIONS]
    index = codes.index(code)
    return codes[index + 1] if index + 1 < len(codes) else None


def previous_code(code: str) -> str | None:
    codes = [section.code for section in SECTIONS]
    index = codes.index(code)
    return codes[index - 1] if index > 0 else None

from __future__ import annotations

from django import forms

from clients.forms import PlainFieldsForm

PART_LIMIT = 4000


def _part(label: str, help_text: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=PART_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )


class SoapNoteForm(PlainFieldsForm):
    subjective = _part("Subjective", "What the client tells you: how it has been, what changed.")
    objective = _part("Objective", "What you observed, tested or measured today.")
    assessment = _part("Assessment", "Your reading of it: progress, concerns.")
    plan = _part("Plan", "What happens next: exercises, changes, the next appointment.")

    def clean(self):
        data = super().clean()
        if not self.errors and not any((data.get(name) or "").strip() for name in self.fields):
            raise forms.ValidationError("Write at least one of the four parts.")
        return data


class AmendmentForm(PlainFieldsForm):
    text = forms.CharField(
        label="Amendment",
        help_text="What to add or correct. The signed note stays as it was.",
        max_length=PART_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )

"""The end screen of a guided session: the check-in's fields, with each exercise's outcome."""

from __future__ import annotations

from django import forms

from programs.forms import CheckInForm
from programs.guided.steps import DONE, SKIP
from programs.models import ExerciseCompletion
from programs.portal.check_in import Outcome


class SessionEndForm(CheckInForm):
    """Pain before and after, leg symptoms, effort, a note, the five safety questions
    (``CheckInForm``), and per exercise: done or skipped (``oN``), why (``rN``), "this
    hurt" (``hN``) and the sets counted (``sN``, hidden). The day is always today."""

    OUTCOMES = [(DONE, "Done"), (SKIP, "Skipped")]

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, items=items, **kwargs)
        for item in self.items:
            pk = item.pk
            self.fields[f"o{pk}"] = forms.ChoiceField(
                label=str(item.exercise),
                choices=self.OUTCOMES,
                error_messages={"required": "Say whether you did it or skipped it."},
            )
            self.fields[f"r{pk}"] = forms.ChoiceField(
                label=f"Why {item.exercise} was skipped",
                choices=[("", "Choose a reason…"), *ExerciseCompletion.SkipReason.choices],
                required=False,
            )
            self.fields[f"h{pk}"] = forms.BooleanField(label="This hurt", required=False)
            self.fields[f"s{pk}"] = forms.IntegerField(
                min_value=0, max_value=20, required=False, widget=forms.HiddenInput
            )

    def rows(self):
        """(item, outcome field, reason field, hurt field, sets field) per exercise."""
        return [
            (
                item,
                self[f"o{item.pk}"],
                self[f"r{item.pk}"],
                self[f"h{item.pk}"],
                self[f"s{item.pk}"],
            )
            for item in self.items
        ]

    def clean(self):
        data = super().clean()
        for item in self.items:
            if data.get(f"o{item.pk}") == SKIP and not data.get(f"r{item.pk}"):
                self.add_error(f"r{item.pk}", "Choose why you skipped it.")
        return data

    def outcomes(self) -> dict[int, Outcome]:
        data = self.cleaned_data
        found = {}
        for item in self.items:
            skipped = data[f"o{item.pk}"] == SKIP
            found[item.pk] = Outcome(
                status=ExerciseCompletion.Status.SKIPPED
                if skipped
                else ExerciseCompletion.Status.DONE,
                skip_reason=data[f"r{item.pk}"] if skipped else "",
                hurt=data[f"h{item.pk}"],
                sets_done=data[f"s{item.pk}"],
            )
        return found

    def _anchor(self, name: str) -> str:
        if name[:1] == "o" and name[1:].isdigit():
            return f"{self[name].auto_id}-{DONE}"
        return super()._anchor(name)

    def error_summary(self) -> list[tuple[str, str]]:
        """The check-in's rows, then each exercise's (the page's order puts them after
        the safety questions; a row links to its field either way)."""
        rows = super().error_summary()
        for item in self.items:
            for name in (f"o{item.pk}", f"r{item.pk}", f"s{item.pk}"):
                for error in self.errors.get(name, []):
                    rows.append((self._anchor(name), f"{item.exercise} — {error}"))
        return rows

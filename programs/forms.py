from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout, Submit
from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone

from clients.vocab import (
    CAUDA_EQUINA_RED_FLAGS,
    CHECK_IN_RED_FLAGS,
    FINDING_CODES,
    RED_FLAG_PLAIN,
)
from clinic.forms import name_empty_choices
from clinic.once import OnceKeyMixin
from programs.figures import CHOICES as FIGURE_CHOICES
from programs.images import clean_image
from programs.media.services import delete_files_on_commit
from programs.models import (
    Exercise,
    ProgramExercise,
    ProgramPhase,
    ProgramTemplate,
    SessionLog,
    SuggestionRule,
    TemplatePhase,
)
from programs.models.dosage import Dosage
from programs.portal.check_in import symptoms_worse
from programs.vocab import EQUIPMENT, REGIONS, TARGET_MUSCLES, Category

DOSAGE_LAYOUT = Div(
    Div("sets", css_class="col-6 col-md-3"),
    Div("reps", css_class="col-6 col-md-3"),
    Div("hold_seconds", css_class="col-6 col-md-3"),
    Div("rest_seconds", css_class="col-6 col-md-3"),
    Div("times_per_day", css_class="col-6 col-md-3"),
    Div("days_per_week", css_class="col-6 col-md-3"),
    Div("per_side", css_class="col-12 col-md-3 align-self-center"),
    css_class="row",
)


# The largest primary key the database can hold; a bigger number posted as a choice
# would make the lookup itself fail (an overflow) instead of "not a valid choice".
MAX_PK = 2**63 - 1


def _oversized(value) -> bool:
    try:
        return abs(int(str(value))) > MAX_PK
    except (TypeError, ValueError):
        return False  # not a number at all: Django's own check refuses it


def guard_record_choices(form) -> None:
    """Make every record choice of ``form`` refuse numbers no database key can hold.

    Django would pass such a number to the lookup, which fails with an overflow
    (a 500) instead of "not a valid choice". The fields keep their own classes
    (only their checks are wrapped) so tools that inspect field types still work.
    """
    for field in form.fields.values():
        if isinstance(field, forms.ModelMultipleChoiceField):
            field._check_values = _guarded(field, field._check_values, many=True)
        elif isinstance(field, forms.ModelChoiceField):
            field.to_python = _guarded(field, field.to_python, many=False)


def _guarded(field, check, *, many: bool):
    def guarded(value):
        values = value if many and isinstance(value, list | tuple) else [value]
        for item in values:
            if item not in field.empty_values and _oversized(item):
                raise forms.ValidationError(
                    field.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": str(item)[:20]},
                )
        return check(value)

    return guarded


def tidy_dosage_fields(form) -> None:
    """Let the model's plain-words limits speak (e.g. "At least one set.").

    A positive integer model field gives its form field a "greater than or equal
    to 0" check, which would fire first with a misleading bound.
    """
    for name in Dosage.DOSAGE_FIELDS:
        field = form.fields.get(name)
        if field is None or name == "per_side":
            continue
        field.validators = [v for v in field.validators if not isinstance(v, MinValueValidator)]
        field.widget.attrs["min"] = 0 if name in {"hold_seconds", "rest_seconds"} else 1


def _helper(label: str, *, form_tag: bool = True) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = form_tag
    if label:
        helper.add_input(Submit("submit", label, css_class="btn-clinic"))
    return helper


def VersionField(**kwargs) -> forms.IntegerField:  # noqa: N802 - reads as a field class
    """The version of the template or program the form was drawn from (optimistic lock).

    A plain IntegerField (not a subclass) so form fuzzing knows how to fill it.
    """
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1, **kwargs)


class ExerciseForm(OnceKeyMixin, forms.ModelForm):
    targets = forms.MultipleChoiceField(
        choices=TARGET_MUSCLES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Target muscles",
    )
    regions = forms.MultipleChoiceField(
        choices=REGIONS, required=False, widget=forms.CheckboxSelectMultiple
    )
    equipment = forms.MultipleChoiceField(
        choices=EQUIPMENT, required=False, widget=forms.CheckboxSelectMultiple
    )
    video_url = forms.URLField(required=False, assume_scheme="https", label="Video link")
    # A plain file field: programs.images checks, re-encodes and renames the upload,
    # so its messages (size, SVG, not an image) are the ones the practitioner sees.
    image = forms.FileField(
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text="JPEG, PNG or WebP, at most 5 MB.",
    )

    figure = forms.ChoiceField(
        choices=[("", "None"), *FIGURE_CHOICES],
        required=False,
        label="Drawn figure",
        help_text="Start and end positions drawn by the app, shown wherever the exercise is.",
    )

    class Meta:
        model = Exercise
        fields = [
            "name",
            "category",
            "purpose",
            "instructions",
            "cues",
            "common_mistakes",
            "cautions",
            "targets",
            "regions",
            "equipment",
            *Dosage.DOSAGE_FIELDS,
            "figure",
            "image",
            "image_alt",
            "video_url",
            "easier_variations",
        ]
        help_texts = {
            "easier_variations": "Hold Ctrl (or ⌘) to choose more than one. The harder "
            "variations are the exercises that list this one as easier.",
        }
        widgets = {
            "easier_variations": forms.SelectMultiple(attrs={"size": 6}),
            "instructions": forms.Textarea(attrs={"rows": 5}),
            "cues": forms.Textarea(attrs={"rows": 3}),
            "common_mistakes": forms.Textarea(attrs={"rows": 3}),
            "cautions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_empty_choices(self)
        variations = Exercise.objects.active().only("id", "name")
        if self.instance.pk:
            variations = variations.exclude(pk=self.instance.pk)
        self.fields["easier_variations"].queryset = variations
        self._stored_image = self.instance.image.name if self.instance.pk else ""
        guard_record_choices(self)
        tidy_dosage_fields(self)
        self.helper = _helper("Save exercise")
        self.helper.form_enctype = "multipart/form-data"
        self.helper.layout = Layout(
            Fieldset("What it is", "name", "category", "purpose"),
            Fieldset("How to do it", "instructions", "cues", "common_mistakes", "cautions"),
            Fieldset("What it works", "targets", "regions", "equipment"),
            Fieldset("Default dosage", DOSAGE_LAYOUT),
            Fieldset(
                "Media and variations",
                "figure",
                "image",
                "image_alt",
                "video_url",
                "easier_variations",
            ),
        )

    def clean_image(self):
        image = self.cleaned_data.get("image")
        # Only a new upload has a content type; the stored file passes through untouched.
        if image and hasattr(image, "content_type"):
            return clean_image(image)
        return image

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("image") and not cleaned.get("image_alt"):
            self.add_error("image_alt", "Describe the image in a few words for screen readers.")
        return cleaned

    def save(self, commit=True):
        exercise = super().save(commit=commit)
        if commit and self._stored_image and exercise.image.name != self._stored_image:
            # Replaced or cleared: the old file goes once the change is committed.
            delete_files_on_commit(self._stored_image)
        return exercise


class ExerciseFilterForm(forms.Form):
    q = forms.CharField(required=False, label="Search", max_length=100)
    category = forms.ChoiceField(choices=[("", "Any category"), *Category.choices], required=False)
    target = forms.ChoiceField(choices=[("", "Any target"), *TARGET_MUSCLES], required=False)
    equipment = forms.ChoiceField(choices=[("", "Any equipment"), *EQUIPMENT], required=False)

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["q"]:
            queryset = queryset.search(data["q"])
        if data["category"]:
            queryset = queryset.filter(category=data["category"])
        if data["target"]:
            queryset = queryset.with_code("targets", data["target"])
        if data["equipment"]:
            queryset = queryset.with_code("equipment", data["equipment"])
        return queryset


class TemplateForm(OnceKeyMixin, forms.ModelForm):
    version = VersionField(required=False)

    class Meta:
        model = ProgramTemplate
        fields = ["name", "client_name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Save template")
        self.fields["name"].help_text = "For the practice: may name the problem it is for."
        self.fields["client_name"].required = True
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class CopyTemplateForm(forms.Form):
    name = forms.CharField(max_length=150, label="Name of the copy")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Copy template")


class PhaseForm(OnceKeyMixin, forms.ModelForm):
    version = VersionField()

    class Meta:
        model = TemplatePhase
        fields = list(TemplatePhase.CRITERIA_FIELDS)
        widgets = {"judgement_criteria": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, version: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = version
        self.helper = _helper("Save phase")
        self.helper.layout = Layout(
            "version",
            Fieldset("The phase", "name", "goal", "typical_weeks"),
            Fieldset(
                "What the client reads",
                HTML(
                    '<p class="form-text">The portal and handouts show only these: plain '
                    "words, no diagnosis or cause.</p>"
                ),
                "client_name",
                "client_goal",
            ),
            Fieldset(
                "Moving on",
                Div(
                    Div("max_worst_pain", css_class="col-md-4"),
                    Div("min_adherence_percent", css_class="col-md-4"),
                    Div("min_days_in_phase", css_class="col-md-4"),
                    css_class="row",
                ),
                "require_no_red_flag",
                "judgement_criteria",
            ),
        )

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in TemplatePhase.CRITERIA_FIELDS}


class ProgramPhaseForm(PhaseForm):
    class Meta(PhaseForm.Meta):
        model = ProgramPhase


class DosageForm(forms.ModelForm):
    """Dosage, note and easier version of one exercise in a template phase or a client's
    program (``instance``, with its exercise).

    ``easier``: "" for the library's first easier variation (by name), an easier
    variation's id for that one, or ``NO_EASIER`` for none. The choices are the exercise's
    active easier variations only (one query), so anything else is refused at the field.
    """

    NO_EASIER = "none"

    version = VersionField()
    easier = forms.ChoiceField(
        label="Easier version in the guided session",
        required=False,
        help_text="Offered to the client as “Too hard today? Try the easier version”.",
        error_messages={
            "invalid_choice": "Choose one of this exercise's easier versions in the list, or none."
        },
    )

    class Meta:
        model = ProgramExercise  # the same fields as TemplateExercise
        fields = [*Dosage.DOSAGE_FIELDS, "notes"]

    def __init__(self, *args, version: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = version
        tidy_dosage_fields(self)
        # A form without its exercise (never from the editor) offers no easier version.
        self.library = (
            list(
                self.instance.exercise.easier_variations.active()
                .order_by("name")
                .only("id", "name")
            )
            if self.instance.exercise_id
            else []
        )
        first = (
            f"The library's first: {self.library[0].name}"
            if self.library
            else "None (the library lists no easier version)"
        )
        self.fields["easier"].choices = [
            ("", first),
            *((str(exercise.pk), exercise.name) for exercise in self.library),
            (self.NO_EASIER, "None for this client"),
        ]
        if not self.instance.offer_easier:
            self.fields["easier"].initial = self.NO_EASIER
        elif self.instance.easier_version_id is not None:
            self.fields["easier"].initial = str(self.instance.easier_version_id)
        self.helper = _helper("Save dosage")
        self.helper.layout = Layout("version", DOSAGE_LAYOUT, "easier", "notes")

    def values(self) -> dict:
        values = {name: self.cleaned_data[name] for name in self._meta.fields}
        chosen = self.cleaned_data["easier"]
        by_id = {str(exercise.pk): exercise for exercise in self.library}
        values["easier_version"] = by_id.get(chosen)
        values["offer_easier"] = chosen != self.NO_EASIER
        return values


class AddExerciseForm(forms.Form):
    version = VersionField()
    exercise = forms.ModelChoiceField(
        queryset=Exercise.objects.none(), empty_label="Choose an exercise…"
    )

    def __init__(self, *args, version: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = version
        self.fields["exercise"].queryset = Exercise.objects.active()
        guard_record_choices(self)


class VersionForm(forms.Form):
    """Move/remove buttons: only the version (and for moves, the direction)."""

    version = VersionField()
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")], required=False)

    @property
    def offset(self) -> int:
        return -1 if self.cleaned_data.get("direction") == "up" else 1


class AssignForm(forms.Form):
    template = forms.ModelChoiceField(
        queryset=ProgramTemplate.objects.active(), empty_label="Choose a template…"
    )
    start_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    suggestions = forms.ModelMultipleChoiceField(
        queryset=Exercise.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Add these suggested exercises to the first phase",
    )
    note = forms.CharField(required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, suggestions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_date"].initial = timezone.localdate()
        self.fields["suggestions"].queryset = Exercise.objects.filter(
            pk__in=[suggestion.exercise.pk for suggestion in suggestions]
        )
        guard_record_choices(self)

    def clean_start_date(self):
        start = self.cleaned_data["start_date"]
        if (start - timezone.localdate()).days > 60:
            raise forms.ValidationError("The start date can be at most 60 days ahead.")
        if (timezone.localdate() - start).days > 60:
            raise forms.ValidationError("The start date can be at most 60 days ago.")
        return start


# The program page's small forms are plain, labelled markup rather than crispy-forms (a hot
# page: crispy's template tree cost more than the rest of each form), so the widgets carry
# their Bootstrap classes here.
class PhaseChangeForm(forms.Form):
    version = VersionField()
    step = forms.TypedChoiceField(
        choices=[(1, "Move on to the next phase"), (-1, "Step back a phase")],
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        initial=1,
        label="Change",
    )
    note = forms.CharField(
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        label="Why",
        help_text="Kept in the program's history.",
    )

    def __init__(self, *args, version: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = version


class EndProgramForm(forms.Form):
    version = VersionField()
    reason = forms.CharField(
        max_length=300,
        label="Reason for ending",
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args, version: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = version


class ClearanceForm(forms.Form):
    cleared_by_name = forms.CharField(
        max_length=200,
        label="Cleared by",
        help_text="The physician or clinician who gave the clearance.",
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    note = forms.CharField(
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        label="What they said",
    )
    confirm = forms.BooleanField(
        label="I have seen or received the medical clearance for exercise",
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


class SuggestionRuleForm(OnceKeyMixin, forms.ModelForm):
    class Meta:
        model = SuggestionRule
        fields = ["finding", "exercise", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].choices = [
            ("", "Choose a finding…"),
            *sorted(FINDING_CODES.items(), key=lambda pair: pair[1]),
        ]
        self.fields["exercise"].queryset = Exercise.objects.active().only("id", "name")
        self.fields["exercise"].empty_label = "Choose an exercise…"
        guard_record_choices(self)
        self.helper = _helper("Save rule")


class ItemIdsField(forms.MultipleChoiceField):
    """Ids of exercises ticked as done. Any whole number passes here: the check-in
    service refuses ones not in the current phase with a message that says why."""

    def to_python(self, value) -> list[int]:
        values = super().to_python(value)
        if not all(v.isascii() and v.isdigit() and len(v) < 10 for v in values):
            raise forms.ValidationError("Tick the exercises from the list.")
        return [int(v) for v in values]

    def validate(self, value) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")


class CheckInForm(forms.Form):
    """The client's session check-in, drawn as plain labelled markup (light on a phone).

    The five safety questions come first and are always shown. The view saves their
    answers before this form is validated (``clients.red_flags.services``), so a
    "yes" counts whatever else is missing; here they must be answered only when the
    session made things worse (more pain after, or leg symptoms spreading).
    """

    YES_NO = [("no", "No"), ("yes", "Yes")]
    PAIN_ERRORS = {
        "min_value": "Pain is a number from 0 (none) to 10 (worst).",
        "max_value": "Pain is a number from 0 (none) to 10 (worst).",
        "invalid": "Pain is a number from 0 (none) to 10 (worst).",
        "required": "Please give a number from 0 to 10.",
    }

    program = forms.IntegerField(widget=forms.HiddenInput)
    # Blank: a new session; a number: change that session of the day.
    session = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    day = forms.DateField(error_messages={"invalid": "Pick one of the days in the list."})
    done = ItemIdsField(required=False, label="Exercises done")
    pain_before = forms.IntegerField(
        min_value=0, max_value=10, error_messages=PAIN_ERRORS, label="Pain before (0-10)"
    )
    pain_after = forms.IntegerField(
        min_value=0, max_value=10, error_messages=PAIN_ERRORS, label="Pain after (0-10)"
    )
    leg_symptoms = forms.ChoiceField(
        choices=SessionLog.LegSymptoms.choices,
        error_messages={"required": "Choose how your leg felt."},
        label="Leg pain, numbness or tingling",
    )
    effort = forms.ChoiceField(
        choices=SessionLog.Effort.choices,
        error_messages={"required": "Choose how hard it felt."},
        label="How hard it felt",
    )
    note = forms.CharField(required=False, max_length=2000, widget=forms.Textarea)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        self.fields["done"].choices = [(item.pk, str(item.exercise)) for item in self.items]
        for code in CHECK_IN_RED_FLAGS:
            self.fields[f"flag_{code}"] = forms.ChoiceField(
                label=RED_FLAG_PLAIN[code], choices=self.YES_NO, required=False
            )

    def red_flag_fields(self):
        return [self[f"flag_{code}"] for code in CHECK_IN_RED_FLAGS]

    def clean(self):
        data = super().clean()
        if {"pain_before", "pain_after", "leg_symptoms"} <= data.keys() and symptoms_worse(
            pain_before=data["pain_before"],
            pain_after=data["pain_after"],
            leg_symptoms=data["leg_symptoms"],
        ):
            for code in CHECK_IN_RED_FLAGS:
                if not data.get(f"flag_{code}"):
                    self.add_error(
                        f"flag_{code}",
                        "Things got worse, so please answer this safety question.",
                    )
        return data

    def _anchor(self, name: str) -> str:
        """The id of the input an error in ``name`` links to (a group: its first option),
        as the check-in template draws them."""
        if name == "leg_symptoms":
            return f"leg-{SessionLog.LegSymptoms.values[0]}"
        if name == "effort":
            return f"effort-{SessionLog.Effort.values[0]}"
        if name == "done":
            return f"done-{self.items[0].pk}" if self.items else "check-in-form"
        if name == "day":
            return "pick-day"
        if name.startswith("flag_"):
            return f"{self[name].auto_id}-{self.YES_NO[0][0]}"
        return self[name].auto_id

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor id, message) for each error, in the page's order, for the summary at
        the top: the safety questions first, then the session."""
        order = [f"flag_{code}" for code in CHECK_IN_RED_FLAGS] + [
            "day",
            "done",
            "pain_before",
            "pain_after",
            "leg_symptoms",
            "effort",
            "note",
        ]
        rows = [("check-in-form", str(error)) for error in self.non_field_errors()]
        for name in order:
            for error in self.errors.get(name, []):
                label = self.fields[name].label or name.replace("_", " ").capitalize()
                rows.append((self._anchor(name), f"{label} — {error}"))
        return rows


class SafetyCheckForm(forms.Form):
    """The weekly safety card: the three cauda-equina questions, each answered yes or no.
    (Their answers are saved before this form is validated; it only says what is missing.)"""

    YES_NO = CheckInForm.YES_NO

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in CAUDA_EQUINA_RED_FLAGS:
            self.fields[f"flag_{code}"] = forms.ChoiceField(
                label=RED_FLAG_PLAIN[code],
                choices=self.YES_NO,
                error_messages={"required": "Please answer yes or no."},
            )

    def red_flag_fields(self):
        return [self[f"flag_{code}"] for code in CAUDA_EQUINA_RED_FLAGS]

    def error_summary(self) -> list[tuple[str, str]]:
        return [
            (f"{field.auto_id}-{self.YES_NO[0][0]}", f"{field.label} — {error}")
            for field in self.red_flag_fields()
            for error in field.errors
        ]

from __future__ import annotations

from crispy_forms import layout
from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Field, Fieldset, Layout, Row
from django import forms
from django.utils import timezone

from clients.assessments.scoring import ODI_SECTIONS, PSFS_MAX_ITEMS, PSFS_MIN_ITEMS
from clients.models import Assessment, Client, RedFlag
from clients.vocab import (
    AGGRAVATING_FACTORS,
    MUSCLE_FINDINGS,
    POSTURE_NO_FINDING,
    POSTURE_REGIONS,
    RED_FLAG_QUESTIONS,
    SIDES,
    SYMPTOM_KINDS,
    SYMPTOM_REGIONS,
)


class Submit(layout.Submit):
    """crispy's Submit without its built-in ``btn-primary``, so ``css_class`` decides the look."""

    field_classes = "btn"


DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlainFieldsForm(forms.Form):
    """A form rendered with includes/plain_field.html instead of crispy (cheaper on hot pages).

    Give each widget its Bootstrap class (form-control / form-select); after validation a
    field with errors is marked ``is-invalid`` and described by its message, as crispy does.
    """

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            bound = self[name]
            attrs = bound.field.widget.attrs
            attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
            described = [f"{bound.auto_id}_error"]
            if bound.help_text:
                described.insert(0, f"{bound.auto_id}_helptext")
            attrs["aria-describedby"] = " ".join(described)

    def options(self, name: str) -> list[tuple[str, str, bool]]:
        """(value, label, selected) for each choice of a select field, for
        includes/plain_select.html; the first matching choice is selected, as Django's."""
        bound = self[name]
        value = bound.value()
        current = "" if value is None else str(value)
        options, found = [], False
        for choice, label in bound.field.choices:
            selected = not found and str(choice) == current
            found = found or selected
            options.append((str(choice), str(label), selected))
        return options


class VersionedForm(forms.ModelForm):
    """Carries the record's ``version`` through the form for the edit-conflict check."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version

    @property
    def expected_version(self) -> int | None:
        return self.cleaned_data.get("loaded_version")


class ClientForm(VersionedForm):
    previous_treatments = forms.MultipleChoiceField(
        choices=Client.PREVIOUS_TREATMENTS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Previous treatments",
    )

    class Meta:
        model = Client
        fields = [
            "first_name",
            "last_name",
            "date_of_birth",
            "email",
            "phone",
            "emergency_contact",
            "occupation",
            "daily_pattern",
            "goals",
            "medical_history",
            "surgeries_injuries",
            "medications",
            "previous_treatments",
            "imaging",
            "referral_source",
            "practitioner",
            "status",
        ]
        widgets = {
            "date_of_birth": DATE_INPUT,
            "goals": forms.Textarea(attrs={"rows": 2}),
            "medical_history": forms.Textarea(attrs={"rows": 2}),
            "surgeries_injuries": forms.Textarea(attrs={"rows": 2}),
            "medications": forms.Textarea(attrs={"rows": 2}),
            "imaging": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Archiving needs a reason and has its own button; it is not a status to pick here.
        if not self.instance.is_archived:
            self.fields["status"].choices = [
                c for c in Client.Status.choices if c[0] != Client.Status.ARCHIVED
            ]
        else:
            self.fields["status"].disabled = True
            self.fields["status"].help_text = "Restore the client to change the status."
        self.fields["practitioner"].empty_label = "Not assigned yet"
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(
                "Contact",
                Row(Column("first_name", css_class="col-md-6"), Column("last_name")),
                Row(
                    Column("date_of_birth", css_class="col-md-4"),
                    Column("email"),
                    Column("phone"),
                ),
                "emergency_contact",
            ),
            Fieldset(
                "Daily life and goals",
                Row(Column("occupation", css_class="col-md-6"), Column("daily_pattern")),
                "goals",
            ),
            Fieldset(
                "Health background",
                "medical_history",
                "surgeries_injuries",
                "medications",
                "previous_treatments",
                "imaging",
            ),
            Fieldset(
                "At the clinic",
                Row(
                    Column("referral_source", css_class="col-md-4"),
                    Column("practitioner"),
                    Column("status"),
                ),
            ),
            "loaded_version",
            Submit("save", "Save client", css_class="btn-clinic"),
        )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if email:
            clash = Client.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
            if clash.exists():
                raise forms.ValidationError("Another client already has this email address.")
        return email


class ArchiveForm(forms.Form):
    reason = forms.CharField(
        max_length=500,
        label="Why are you archiving this client?",
        help_text="For example: moved away, asked us to stop contacting them, duplicate record.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("archive", "Archive client", css_class="btn-danger"))


class SessionNoteForm(PlainFieldsForm):
    # On the client page, rendered with includes/plain_field.html.
    noted_on = forms.DateField(
        label="Session date",
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    text = forms.CharField(
        label="Note",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )

    def clean_noted_on(self):
        noted_on = self.cleaned_data["noted_on"]
        if noted_on > timezone.localdate():
            raise forms.ValidationError("A session note cannot be dated in the future.")
        return noted_on


class ResolveRedFlagForm(forms.Form):
    resolution = forms.ChoiceField(
        choices=RedFlag.Resolution.choices, widget=forms.RadioSelect, label="How was it resolved?"
    )
    cleared_by_name = forms.CharField(
        max_length=200,
        required=False,
        label="Cleared by",
        help_text="The physician or clinic that gave medical clearance.",
    )
    cleared_on = forms.DateField(
        required=False, widget=DATE_INPUT, label="Clearance or outcome received on"
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Note",
        help_text="What was found, and any limits on exercise.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("resolve", "Record resolution", css_class="btn-clinic"))

    def clean(self):
        data = super().clean()
        if data.get("resolution") == RedFlag.Resolution.MEDICAL_CLEARANCE:
            if not data.get("cleared_by_name", "").strip():
                self.add_error("cleared_by_name", "Say who gave the medical clearance.")
            if not data.get("cleared_on"):
                self.add_error("cleared_on", "Give the date the clearance was received.")
        cleared_on = data.get("cleared_on")
        if cleared_on and cleared_on > timezone.localdate():
            self.add_error("cleared_on", "This date cannot be in the future.")
        return data


def _pain_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=10,
        error_messages={
            "min_value": "Pain is rated from 0 to 10.",
            "max_value": "Pain is rated from 0 to 10.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


YES_NO = [("yes", "Yes"), ("no", "No")]
SYMPTOM_SIDES = [("left", "Left"), ("right", "Right"), ("both", "Both")]
HIP_FIELDS = [
    "elevated_hip",
    "elevated_hip_side",
    "elevated_hip_magnitude",
    "elevated_hip_unit",
    "pelvic_rotation",
    "pelvic_rotation_side",
    "pelvic_rotation_magnitude",
    "pelvic_rotation_unit",
    "pelvic_tilt",
    "pelvic_tilt_side",
    "pelvic_tilt_magnitude",
    "pelvic_tilt_unit",
    "leg_length_difference_mm",
    "leg_length_shorter_side",
    "femur_forward",
    "si_findings",
]


class AssessmentForm(VersionedForm):
    """The whole assessment on one page, in the order a session runs.

    Structured lists stored as JSON get one plain field each here (per posture region,
    symptom region, red-flag question, ODI section and PSFS line); ``clean`` packs them
    back onto the instance so the model's own validation sees the full record.
    ``completing`` (the "complete" button) makes the red-flag screen required.
    """

    muscle_findings = forms.MultipleChoiceField(
        choices=MUSCLE_FINDINGS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Imbalances and movement faults seen",
    )
    symptom_kinds = forms.MultipleChoiceField(
        choices=SYMPTOM_KINDS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="What it feels like",
    )
    aggravating_factors = forms.MultipleChoiceField(
        choices=AGGRAVATING_FACTORS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="What makes it worse",
    )
    pain_now = _pain_field("Pain now (NPRS 0-10)")
    pain_best = _pain_field("Pain at best (0-10)")
    pain_worst = _pain_field("Pain at worst (0-10)")

    class Meta:
        model = Assessment
        fields = [
            "assessed_on",
            *HIP_FIELDS,
            "muscle_notes",
            "pain_now",
            "pain_best",
            "pain_worst",
            "easing_factors",
            "onset_date",
            "onset_story",
            "red_flag_notes",
            "summary",
        ]
        widgets = {
            "assessed_on": DATE_INPUT,
            "onset_date": DATE_INPUT,
            "si_findings": forms.Textarea(attrs={"rows": 2}),
            "muscle_notes": forms.Textarea(attrs={"rows": 2}),
            "easing_factors": forms.Textarea(attrs={"rows": 2}),
            "onset_story": forms.Textarea(attrs={"rows": 2}),
            "red_flag_notes": forms.Textarea(attrs={"rows": 2}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, completing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.completing = completing
        instance = self.instance
        for prefix in ("elevated_hip", "pelvic_rotation", "pelvic_tilt"):
            self.fields[f"{prefix}_magnitude"].widget.attrs.update(
                {"inputmode": "decimal", "min": "0", "step": "0.5"}
            )
        self.fields["leg_length_difference_mm"].widget.attrs.update({"min": "0", "step": "0.5"})

        for code, label, findings in POSTURE_REGIONS:
            entry = instance.posture.get(code, {})
            self.fields[f"posture_{code}_finding"] = forms.ChoiceField(
                label=f"{label}: finding",
                choices=[("", "Not checked"), POSTURE_NO_FINDING, *findings],
                required=False,
                initial=entry.get("finding", ""),
            )
            self.fields[f"posture_{code}_side"] = forms.ChoiceField(
                label=f"{label}: side",
                choices=[("", "—"), *SIDES],
                required=False,
                initial=entry.get("side", ""),
            )
            self.fields[f"posture_{code}_note"] = forms.CharField(
                label=f"{label}: note",
                max_length=300,
                required=False,
                initial=entry.get("note", ""),
            )
        for code, label in SYMPTOM_REGIONS:
            self.fields[f"symptom_{code}"] = forms.ChoiceField(
                label=label,
                choices=[("", "No symptoms"), *SYMPTOM_SIDES],
                required=False,
                initial=instance.symptom_regions.get(code, ""),
            )
        for code, question, _plain in RED_FLAG_QUESTIONS:
            answer = instance.red_flag_answers.get(code)
            self.fields[f"red_flag_{code}"] = forms.ChoiceField(
                label=question,
                choices=YES_NO,
                widget=forms.RadioSelect,
                required=False,
                initial={True: "yes", False: "no"}.get(answer, ""),
            )
        answers = instance.odi_answers or [None] * len(ODI_SECTIONS)
        for index, (code, label, statements) in enumerate(ODI_SECTIONS):
            self.fields[f"odi_{code}"] = forms.TypedChoiceField(
                label=f"{index + 1}. {label}",
                choices=[("", "Not answered"), *((str(i), s) for i, s in enumerate(statements))],
                coerce=int,
                empty_value=None,
                required=False,
                initial="" if answers[index] is None else str(answers[index]),
                error_messages={"invalid_choice": "Choose one of the six statements."},
            )
        items = instance.psfs_items
        for n in range(1, PSFS_MAX_ITEMS + 1):
            item = items[n - 1] if len(items) >= n else {}
            self.fields[f"psfs_activity_{n}"] = forms.CharField(
                label=f"Activity {n}", max_length=120, required=False, initial=item.get("activity")
            )
            self.fields[f"psfs_score_{n}"] = forms.IntegerField(
                label=f"Activity {n}: score 0-10",
                min_value=0,
                max_value=10,
                required=False,
                initial=item.get("score"),
                error_messages={
                    "min_value": "Score each activity from 0 to 10.",
                    "max_value": "Score each activity from 0 to 10.",
                },
            )
        self.fields["muscle_findings"].initial = instance.muscle_findings
        self.fields["symptom_kinds"].initial = instance.symptom_kinds
        self.fields["aggravating_factors"].initial = instance.aggravating_factors
        self.helper = self._build_helper()

    def _build_helper(self) -> FormHelper:
        helper = FormHelper()
        helper.form_id = "assessment-form"
        posture_rows = [
            Row(
                Column(f"posture_{code}_finding", css_class="col-md-5"),
                Column(f"posture_{code}_side", css_class="col-md-3"),
                Column(f"posture_{code}_note", css_class="col-md-4"),
                css_class="posture-row",
            )
            for code, _label, _findings in POSTURE_REGIONS
        ]

        def hip_row(prefix: str, title: str) -> Div:
            return Div(
                HTML(f'<h3 class="h6 mt-2">{title}</h3>'),
                Row(
                    Column(f"{prefix}", css_class="col-md-3"),
                    Column(f"{prefix}_side", css_class="col-md-3"),
                    Column(f"{prefix}_magnitude", css_class="col-md-3"),
                    Column(f"{prefix}_unit", css_class="col-md-3"),
                ),
                css_class="hip-disparity",
            )

        helper.layout = Layout(
            Row(Column("assessed_on", css_class="col-md-4")),
            Fieldset("Red-flag screen", *self._red_flag_layout(), "red_flag_notes"),
            Fieldset("Posture", *posture_rows),
            Fieldset(
                "Hip disparity",
                hip_row("elevated_hip", "Elevated hip (lateral pelvic tilt)"),
                hip_row("pelvic_rotation", "Pelvic rotation"),
                hip_row("pelvic_tilt", "Pelvic girdle tilt"),
                Row(
                    Column("leg_length_difference_mm", css_class="col-md-4"),
                    Column("leg_length_shorter_side", css_class="col-md-4"),
                    Column("femur_forward", css_class="col-md-4"),
                ),
                "si_findings",
            ),
            Fieldset(
                "Muscle imbalances and movement faults",
                Field("muscle_findings", css_class="checkbox-columns"),
                "muscle_notes",
            ),
            Fieldset(
                "Symptoms",
                Row(
                    *(
                        Column(f"symptom_{code}", css_class="col-6 col-md")
                        for code, _ in SYMPTOM_REGIONS
                    )
                ),
                "symptom_kinds",
                Row(
                    Column("pain_now", css_class="col-4"),
                    Column("pain_best", css_class="col-4"),
                    Column("pain_worst", css_class="col-4"),
                ),
                "aggravating_factors",
                "easing_factors",
                Row(Column("onset_date", css_class="col-md-4"), Column("onset_story")),
            ),
            Fieldset(
                "Oswestry Disability Index",
                HTML(
                    '<p class="form-text">For each section, the one statement that fits the '
                    "client best today. Skip a section that does not apply.</p>"
                ),
                *(f"odi_{code}" for code, _l, _s in ODI_SECTIONS),
            ),
            Fieldset(
                "Patient-Specific Functional Scale",
                HTML(
                    '<p class="form-text">Three to five activities the client finds hard, in '
                    "their words, each scored 0 (cannot do it) to 10 (as before).</p>"
                ),
                *(
                    Row(
                        Column(f"psfs_activity_{n}", css_class="col-8"),
                        Column(f"psfs_score_{n}", css_class="col-4"),
                    )
                    for n in range(1, PSFS_MAX_ITEMS + 1)
                ),
            ),
            Fieldset("Summary", "summary"),
            "loaded_version",
            Div(*self._buttons(), css_class="d-flex gap-2 flex-wrap form-actions"),
        )
        return helper

    def _buttons(self) -> list[Submit]:
        if self.instance.status == Assessment.Status.COMPLETED:
            return [Submit("complete", "Save changes", css_class="btn-clinic")]
        return [
            Submit("save_draft", "Save draft", css_class="btn-outline-secondary"),
            Submit("complete", "Save and complete", css_class="btn-clinic"),
        ]

    def _red_flag_layout(self):
        return [InlineRadios(f"red_flag_{code}") for code, _q, _p in RED_FLAG_QUESTIONS]

    def clean(self):
        data = super().clean()
        instance = self.instance
        posture = {}
        for code, _label, _findings in POSTURE_REGIONS:
            entry = {
                key: data.get(f"posture_{code}_{key}", "").strip()
                for key in ("finding", "side", "note")
            }
            if any(entry.values()):
                posture[code] = entry
        instance.posture = posture
        instance.muscle_findings = data.get("muscle_findings", [])
        instance.symptom_kinds = data.get("symptom_kinds", [])
        instance.aggravating_factors = data.get("aggravating_factors", [])
        instance.symptom_regions = {
            code: data[f"symptom_{code}"]
            for code, _ in SYMPTOM_REGIONS
            if data.get(f"symptom_{code}")
        }
        answers = {}
        for code, _q, _p in RED_FLAG_QUESTIONS:
            value = data.get(f"red_flag_{code}")
            if value:
                answers[code] = value == "yes"
            elif self.completing:
                self.add_error(f"red_flag_{code}", "Answer yes or no to complete the assessment.")
        instance.red_flag_answers = answers
        odi = [data.get(f"odi_{code}") for code, _l, _s in ODI_SECTIONS]
        instance.odi_answers = odi if any(a is not None for a in odi) else []
        instance.psfs_items = self._clean_psfs(data)
        return data

    def _clean_psfs(self, data) -> list[dict]:
        items = []
        for n in range(1, PSFS_MAX_ITEMS + 1):
            activity = data.get(f"psfs_activity_{n}", "").strip()
            score = data.get(f"psfs_score_{n}")
            if activity and score is None and f"psfs_score_{n}" not in self.errors:
                self.add_error(f"psfs_score_{n}", "Score this activity from 0 to 10.")
            elif score is not None and not activity:
                self.add_error(f"psfs_activity_{n}", "Name the activity this score is for.")
            elif activity:
                items.append({"activity": activity, "score": score})
        if items and len(items) < PSFS_MIN_ITEMS:
            self.add_error(
                "psfs_activity_1",
                f"The PSFS needs at least {PSFS_MIN_ITEMS} activities (you gave {len(items)}).",
            )
        return items

"""The assessment page's form, one section at a time.

The page is one form in the order a session runs: the red-flag screen, posture,
hip disparity, muscles, symptoms, the Oswestry Disability Index, the
Patient-Specific Functional Scale, the summary. Each section below owns its fields
(with their initial values from the record), its cleaning (packing its plain fields
back onto the record, so the model's own validation sees the full record), its
layout, its template (``templates/clients/assessments/sections/<code>.html``, one
include per section) and how complete it is (``state``, shown in the page's section
navigation). ``AssessmentForm`` puts them together; given ``section`` it is that
section alone, for saving one section of a draft as the practitioner leaves it.
Field names are flat (no prefixes), so a section's fields can move without changing
what the page posts.
"""

from __future__ import annotations

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Layout, Row
from django import forms

from clients.assessments.scoring import ODI_SECTIONS, PSFS_MAX_ITEMS, PSFS_MIN_ITEMS
from clients.body_chart.forms import BodyChartLayout, add_chart_fields, chart_marks
from clients.forms import DATE_INPUT, VersionedForm
from clients.models import Assessment
from clients.vocab import (
    AGGRAVATING_FACTORS,
    MUSCLE_FINDINGS,
    POSTURE_NO_FINDING,
    POSTURE_REGIONS,
    RED_FLAG_QUESTIONS,
    SIDES,
    SYMPTOM_KINDS,
)
from clinic.forms import name_empty_choices

YES_NO = [("no", "No"), ("yes", "Yes")]  # the order of every yes/no in the app
SYMPTOM_SIDES = [("left", "Left"), ("right", "Right"), ("both", "Both")]
TEXTAREA_2 = forms.Textarea(attrs={"rows": 2})


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


def _choices_field(choices, label: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        choices=choices, widget=forms.CheckboxSelectMultiple, required=False, label=label
    )


# How complete a section is, as the section navigation says it.
NOT_STARTED, STARTED, DONE = "not_started", "started", "done"
STATE_LABELS = {NOT_STARTED: "Not started", STARTED: "Started", DONE: "Done"}


class Section:
    """One part of the page. ``model_fields`` are the Assessment columns it edits as
    they are; ``add_fields`` adds its other fields to the form, ``clean`` packs them
    onto ``form.instance``, ``layout`` places them; ``state`` says how complete the
    saved record's part is."""

    code: str = ""
    title: str = ""
    model_fields: tuple[str, ...] = ()
    widgets: dict[str, forms.Widget] = {}

    @property
    def template(self) -> str:
        return f"clients/assessments/sections/{self.code}.html"

    def add_fields(self, form: AssessmentForm, instance: Assessment) -> None:
        pass

    def clean(self, form: AssessmentForm, data: dict) -> None:
        pass

    def layout(self) -> Layout:
        raise NotImplementedError

    def answered(self, instance: Assessment) -> tuple[int, int]:
        """(parts answered, parts there are) in the saved record."""
        filled = sum(1 for name in self.model_fields if getattr(instance, name) not in (None, ""))
        return filled, len(self.model_fields)

    def state(self, instance: Assessment) -> str:
        filled, total = self.answered(instance)
        if not filled:
            return NOT_STARTED
        return DONE if filled >= total else STARTED


class RedFlagScreen(Section):
    """Yes/no per red-flag question; completing the assessment needs every answer."""

    code = "red_flags"
    title = "Red-flag screen"
    model_fields = ("red_flag_notes",)
    widgets = {"red_flag_notes": TEXTAREA_2}

    def add_fields(self, form, instance):
        for code, question, _plain in RED_FLAG_QUESTIONS:
            answer = instance.red_flag_answers.get(code)
            form.fields[f"red_flag_{code}"] = forms.ChoiceField(
                label=question,
                choices=YES_NO,
                widget=forms.RadioSelect,
                required=False,
                initial={True: "yes", False: "no"}.get(answer, ""),
            )

    def clean(self, form, data):
        answers = {}
        for code, _q, _p in RED_FLAG_QUESTIONS:
            value = data.get(f"red_flag_{code}")
            if value:
                answers[code] = value == "yes"
            elif form.completing:
                form.add_error(f"red_flag_{code}", "Answer yes or no to complete the assessment.")
        form.instance.red_flag_answers = answers

    def layout(self):
        radios = [InlineRadios(f"red_flag_{code}") for code, _q, _p in RED_FLAG_QUESTIONS]
        return Layout(*radios, "red_flag_notes")

    def answered(self, instance):
        return len(instance.red_flag_answers), len(RED_FLAG_QUESTIONS)


class Posture(Section):
    """A finding, side and note per region; a region left blank is not stored."""

    code = "posture"
    title = "Posture"
    KEYS = ("finding", "side", "note")

    def add_fields(self, form, instance):
        for code, label, findings in POSTURE_REGIONS:
            entry = instance.posture.get(code, {})
            form.fields[f"posture_{code}_finding"] = forms.ChoiceField(
                label=f"{label}: finding",
                choices=[("", "Not checked"), POSTURE_NO_FINDING, *findings],
                required=False,
                initial=entry.get("finding", ""),
            )
            form.fields[f"posture_{code}_side"] = forms.ChoiceField(
                label=f"{label}: side",
                choices=[("", "—"), *SIDES],
                required=False,
                initial=entry.get("side", ""),
            )
            form.fields[f"posture_{code}_note"] = forms.CharField(
                label=f"{label}: note",
                max_length=300,
                required=False,
                initial=entry.get("note", ""),
            )

    def clean(self, form, data):
        posture = {}
        for code, _label, _findings in POSTURE_REGIONS:
            entry = {key: data.get(f"posture_{code}_{key}", "").strip() for key in self.KEYS}
            if any(entry.values()):
                posture[code] = entry
        form.instance.posture = posture

    def layout(self):
        rows = [
            Row(
                Column(f"posture_{code}_finding", css_class="col-md-5"),
                Column(f"posture_{code}_side", css_class="col-md-3"),
                Column(f"posture_{code}_note", css_class="col-md-4"),
                css_class="posture-row",
            )
            for code, _label, _findings in POSTURE_REGIONS
        ]
        return Layout(*rows)

    def answered(self, instance):
        checked = sum(1 for entry in instance.posture.values() if entry.get("finding"))
        return checked or len(instance.posture), len(POSTURE_REGIONS)


class HipDisparity(Section):
    """Hip and pelvis measurements: model columns, with number inputs sized for them.

    Each disparity is answered "not assessed", "assessed: none" or "present": a blank
    answer stays "not assessed", so a reassessment that skips it never reads as gone.
    """

    code = "hip"
    title = "Hip disparity"
    PRESENCE = [("", "Not assessed"), ("no", "Assessed: none"), ("yes", "Present")]

    MEASURES = (
        ("elevated_hip", "Elevated hip (lateral pelvic tilt)"),
        ("pelvic_rotation", "Pelvic rotation"),
        ("pelvic_tilt", "Pelvic girdle tilt"),
    )
    model_fields = (
        *(
            f"{prefix}{suffix}"
            for prefix, _title in MEASURES
            for suffix in ("", "_side", "_magnitude", "_unit")
        ),
        "leg_length_difference_mm",
        "leg_length_shorter_side",
        "femur_forward",
        "si_findings",
    )
    widgets = {"si_findings": TEXTAREA_2}
    # Groups a posture photo can fill in (clients/posture): say so, and link the photo.
    FROM_PHOTO = ("elevated_hip", "pelvic_tilt")
    PHOTO_NOTE = (
        '{% if form.instance.PREFIX_photo_id %}<p class="small text-body-secondary mb-1">'
        "Measured from photo: <a href=\"{% url 'clients:posture_photo' form.instance.client_id "
        'form.instance.pk form.instance.PREFIX_photo_id %}">open the photo and its points</a>. '
        "Changing these values overrides the measure; the change is kept with your name.</p>"
        "{% endif %}"
    )

    def add_fields(self, form, instance):
        for prefix, _title in self.MEASURES:
            form.fields[prefix] = forms.TypedChoiceField(
                label=f"{Assessment._meta.get_field(prefix).verbose_name.capitalize()} present",
                choices=self.PRESENCE,
                coerce=lambda value: value == "yes",
                empty_value=None,
                required=False,
            )
            form.initial[prefix] = {True: "yes", False: "no"}.get(getattr(instance, prefix), "")
            form.fields[f"{prefix}_magnitude"].widget.attrs.update(
                {"inputmode": "decimal", "min": "0", "step": "0.5"}
            )
        form.fields["leg_length_difference_mm"].widget.attrs.update({"min": "0", "step": "0.5"})

    def layout(self):
        measures = [
            Div(
                HTML(f'<h3 class="h6 mt-2">{title}</h3>'),  # under the section's h2
                *(
                    [HTML(self.PHOTO_NOTE.replace("PREFIX", prefix))]
                    if prefix in self.FROM_PHOTO
                    else []
                ),
                Row(
                    Column(f"{prefix}", css_class="col-md-3"),
                    Column(f"{prefix}_side", css_class="col-md-3"),
                    Column(f"{prefix}_magnitude", css_class="col-md-3"),
                    Column(f"{prefix}_unit", css_class="col-md-3"),
                ),
                css_class="hip-disparity",
            )
            for prefix, title in self.MEASURES
        ]
        return Layout(
            *measures,
            Row(
                Column("leg_length_difference_mm", css_class="col-md-4"),
                Column("leg_length_shorter_side", css_class="col-md-4"),
                Column("femur_forward", css_class="col-md-4"),
            ),
            "si_findings",
        )

    def answered(self, instance):
        # The three disparities answered (present or "assessed: none") out of three.
        return sum(1 for p, _t in self.MEASURES if getattr(instance, p) is not None), len(
            self.MEASURES
        )


class Muscles(Section):
    code = "muscles"
    title = "Muscles and movement"
    model_fields = ("muscle_notes",)
    widgets = {"muscle_notes": TEXTAREA_2}

    def add_fields(self, form, instance):
        form.fields["muscle_findings"] = _choices_field(
            MUSCLE_FINDINGS, "Imbalances and movement faults seen"
        )
        form.fields["muscle_findings"].initial = instance.muscle_findings

    def clean(self, form, data):
        form.instance.muscle_findings = data.get("muscle_findings", [])

    def layout(self):
        return Layout(
            "muscle_findings",  # in columns: static/css/app.css
            "muscle_notes",
        )

    def answered(self, instance):
        # Findings or a note: either says the muscles were looked at.
        return int(bool(instance.muscle_findings or instance.muscle_notes)), 1


class Symptoms(Section):
    """Where (the body chart), what it feels like, pain 0-10, what changes it, onset."""

    code = "symptoms"
    title = "Symptoms"
    model_fields = (
        "pain_now",
        "pain_best",
        "pain_worst",
        "easing_factors",
        "onset_date",
        "onset_story",
        "prior_care",
    )
    widgets = {
        "onset_date": DATE_INPUT,
        "easing_factors": TEXTAREA_2,
        "onset_story": TEXTAREA_2,
        "prior_care": TEXTAREA_2,
    }
    PAIN = {
        "pain_now": "Pain now (NPRS 0-10)",
        "pain_best": "Pain at best (0-10)",
        "pain_worst": "Pain at worst (0-10)",
    }

    def add_fields(self, form, instance):
        for name, label in self.PAIN.items():
            form.fields[name] = _pain_field(label)
        form.fields["symptom_kinds"] = _choices_field(SYMPTOM_KINDS, "What it feels like")
        form.fields["aggravating_factors"] = _choices_field(
            AGGRAVATING_FACTORS, "What makes it worse"
        )
        form.fields["symptom_kinds"].initial = instance.symptom_kinds
        form.fields["aggravating_factors"].initial = instance.aggravating_factors
        chart = instance.chart if instance.pk else None
        add_chart_fields(form, chart.marks_by_field() if chart else {})

    def clean(self, form, data):
        instance = form.instance
        instance.symptom_kinds = data.get("symptom_kinds", [])
        instance.aggravating_factors = data.get("aggravating_factors", [])
        form.chart_marks = chart_marks(data)

    def layout(self):
        return Layout(
            BodyChartLayout(),
            "symptom_kinds",
            Row(*(Column(name, css_class="col-12 col-sm-4") for name in self.PAIN)),
            "aggravating_factors",
            "easing_factors",
            Row(Column("onset_date", css_class="col-md-4"), Column("onset_story")),
            "prior_care",
        )

    def answered(self, instance):
        # Where it is, what it feels like, and the pain now: the heart of the section.
        parts = (instance.chart is not None, instance.symptom_kinds, instance.pain_now is not None)
        started = any(
            getattr(instance, name) not in (None, "", [], {})
            for name in (*self.model_fields, "aggravating_factors")
        )
        filled = sum(1 for part in parts if part)
        return (filled or int(started)), len(parts)


class Oswestry(Section):
    """One statement (0-5 points) per ODI section; a section may be skipped."""

    code = "oswestry"
    title = "Oswestry Disability Index"

    def add_fields(self, form, instance):
        answers = instance.odi_answers or [None] * len(ODI_SECTIONS)
        for index, (code, label, statements) in enumerate(ODI_SECTIONS):
            form.fields[f"odi_{code}"] = forms.TypedChoiceField(
                label=f"{index + 1}. {label}",
                choices=[("", "Not answered"), *((str(i), s) for i, s in enumerate(statements))],
                coerce=int,
                empty_value=None,
                required=False,
                initial="" if answers[index] is None else str(answers[index]),
                error_messages={"invalid_choice": "Choose one of the six statements."},
            )

    def clean(self, form, data):
        odi = [data.get(f"odi_{code}") for code, _l, _s in ODI_SECTIONS]
        form.instance.odi_answers = odi if any(a is not None for a in odi) else []

    def layout(self):
        return Layout(
            HTML(
                '<p class="form-text">For each section, the one statement that fits the '
                "client best today. Skip a section that does not apply.</p>"
            ),
            *(f"odi_{code}" for code, _l, _s in ODI_SECTIONS),
        )

    def answered(self, instance):
        answers = instance.odi_answers or []
        return sum(1 for a in answers if a is not None), len(ODI_SECTIONS)


class FunctionalScale(Section):
    """PSFS: three to five activities in the client's words, each scored 0-10."""

    code = "psfs"
    title = "Patient-Specific Functional Scale"

    def add_fields(self, form, instance):
        items = instance.psfs_items
        for n in range(1, PSFS_MAX_ITEMS + 1):
            item = items[n - 1] if len(items) >= n else {}
            form.fields[f"psfs_activity_{n}"] = forms.CharField(
                label=f"Activity {n}", max_length=120, required=False, initial=item.get("activity")
            )
            form.fields[f"psfs_score_{n}"] = forms.IntegerField(
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

    def clean(self, form, data):
        items = []
        for n in range(1, PSFS_MAX_ITEMS + 1):
            activity = data.get(f"psfs_activity_{n}", "").strip()
            score = data.get(f"psfs_score_{n}")
            if activity and score is None and f"psfs_score_{n}" not in form.errors:
                form.add_error(f"psfs_score_{n}", "Score this activity from 0 to 10.")
            elif score is not None and not activity:
                form.add_error(f"psfs_activity_{n}", "Name the activity this score is for.")
            elif activity:
                items.append({"activity": activity, "score": score})
        if items and len(items) < PSFS_MIN_ITEMS:
            form.add_error(
                "psfs_activity_1",
                f"The PSFS needs at least {PSFS_MIN_ITEMS} activities (you gave {len(items)}).",
            )
        form.instance.psfs_items = items

    def layout(self):
        rows = (
            Row(
                Column(f"psfs_activity_{n}", css_class="col-8"),
                Column(f"psfs_score_{n}", css_class="col-4"),
            )
            for n in range(1, PSFS_MAX_ITEMS + 1)
        )
        return Layout(
            HTML(
                '<p class="form-text">Three to five activities the client finds hard, in '
                "their words, each scored 0 (cannot do it) to 10 (as before).</p>"
            ),
            *rows,
        )

    def answered(self, instance):
        return len(instance.psfs_items), PSFS_MIN_ITEMS


class Summary(Section):
    code = "summary"
    title = "Summary"
    model_fields = ("summary",)
    widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def layout(self):
        return Layout("summary")


# In the order of the page.
SECTIONS: tuple[Section, ...] = (
    RedFlagScreen(),
    Posture(),
    HipDisparity(),
    Muscles(),
    Symptoms(),
    Oswestry(),
    FunctionalScale(),
    Summary(),
)
SECTIONS_BY_CODE = {section.code: section for section in SECTIONS}


class AssessmentForm(VersionedForm):
    """The whole assessment on one page: the date, then each section.

    ``completing`` (the "complete" button) makes the red-flag screen required.
    ``section`` (a section's code) keeps the date and that section's fields only:
    validating and saving it leaves the rest of the record as it was.
    ``as_typed`` is the page after one section was saved: the others as typed, not
    yet judged.
    """

    class Meta:
        model = Assessment
        fields = [
            "assessed_on",
            *(name for section in SECTIONS for name in section.model_fields),
        ]
        widgets = {
            "assessed_on": DATE_INPUT,
            **{name: w for section in SECTIONS for name, w in section.widgets.items()},
        }

    def __init__(
        self,
        *args,
        completing: bool = False,
        section: str | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.completing = completing
        self.chart_marks: dict[str, str] | None = None  # set by the Symptoms section
        self.section_fields: dict[str, list[str]] = {}
        for each in SECTIONS:
            before = set(self.fields)
            each.add_fields(self, self.instance)
            self.section_fields[each.code] = [
                *each.model_fields,
                *(name for name in self.fields if name not in before),
            ]
        self.sections = SECTIONS
        if section is not None:
            self.sections = (SECTIONS_BY_CODE[section],)
            kept = {"assessed_on", "loaded_version", *self.section_fields[section]}
            for name in [name for name in self.fields if name not in kept]:
                del self.fields[name]
        self._mark_reported_by_client()
        name_empty_choices(self)
        self.helper = self._helper(Layout(Row(Column("assessed_on", css_class="col-md-4"))))
        self.section_helpers = {each.code: self._helper(each.layout()) for each in self.sections}

    @classmethod
    def as_typed(cls, data, *, instance: Assessment) -> AssessmentForm:
        """The whole page showing what was typed in ``data`` (a POST), not judged.

        After one section is saved the others come back as they were typed; each is
        checked when it is saved, so none may be marked wrong now. The form is unbound
        with the typed values as its initial values: Django validates a bound form only,
        so nothing is cleaned, no field is marked and ``instance`` is left as saved
        (the navigation shows what is saved). The version is ``instance``'s.
        """
        form = cls(instance=instance)
        for name, field in form.fields.items():
            if name != "loaded_version" and not field.disabled:
                typed = field.widget.value_from_datadict(data, {}, form.add_prefix(name))
                form.initial[name] = typed
        return form

    @staticmethod
    def _helper(layout: Layout) -> FormHelper:
        """A helper for part of the page: the template writes the form tag and buttons."""
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        helper.layout = layout
        return helper

    @property
    def is_completed_record(self) -> bool:
        return self.instance.status == Assessment.Status.COMPLETED

    def navigation(self) -> list[dict]:
        """Each section with its saved state and whether it has an error on the page."""
        errors = self.errors  # none for an unbound form (nothing is validated)
        rows = []
        for number, section in enumerate(SECTIONS, start=1):
            state = section.state(self.instance)
            rows.append(
                {
                    "number": number,
                    "section": section,
                    "helper": self.section_helpers.get(section.code),
                    "state": state,
                    "state_label": STATE_LABELS[state],
                    "has_errors": any(n in errors for n in self.section_fields[section.code]),
                    "previous": SECTIONS[number - 2] if number > 1 else None,
                    "next": SECTIONS[number] if number < len(SECTIONS) else None,
                }
            )
        return rows

    def states(self) -> dict[str, dict[str, str]]:
        """The sections' saved states, as the page's script updates the navigation."""
        return {
            section.code: {"state": (s := section.state(self.instance)), "label": STATE_LABELS[s]}
            for section in SECTIONS
        }

    # A value the client reported covers these fields of the page.
    REPORTED_FIELDS = {
        "red_flag_answers": "red_flag_",
        "odi_answers": "odi_",
        "psfs_items": "psfs_",
    }

    def _mark_reported_by_client(self) -> None:
        """Say beside each field what the client reported in their intake form."""
        for value in self.instance.reported_by_client:
            prefix = self.REPORTED_FIELDS.get(value)
            names = [n for n in self.fields if n.startswith(prefix)] if prefix else [value]
            for name in names:
                if name in self.fields:
                    field = self.fields[name]
                    note = "Reported by the client in their intake form."
                    field.help_text = f"{field.help_text} {note}".strip()

    def clean(self):
        data = super().clean()
        for section in self.sections:
            section.clean(self, data)
        return data

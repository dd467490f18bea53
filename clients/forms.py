from __future__ import annotations

from crispy_forms import layout
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.utils import timezone

from clients.models import Client, RedFlag
from clinic.forms import name_empty_choices
from clinic.once import OnceKeyMixin


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


class ClientForm(OnceKeyMixin, VersionedForm):
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
            # The number pad on phones; staff type the client's number, so the browser
            # must not offer their own.
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
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
        name_empty_choices(self)
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

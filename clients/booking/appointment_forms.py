"""Forms for appointment types and for the practice booking and moving appointments."""

from __future__ import annotations

from datetime import date, datetime, time
from functools import partial

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils import timezone

from clients.booking.appointments import MAX_REPEATS, Plan
from clients.models import AppointmentType, Client
from clinic.models import User
from clinic.params import parse_id

# Dates a person might mean: outside this, a typo (year 20260) rather than a plan.
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


class AppointmentTypeForm(forms.ModelForm):
    class Meta:
        model = AppointmentType
        fields = [
            "name",
            "kind",
            "minutes",
            "buffer_minutes",
            "bookable_by",
            "min_notice_hours",
            "cancel_cutoff_hours",
            "colour",
            "active",
            "position",
        ]
        labels = {"position": "order in lists"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        if self.instance.is_free_consultation:
            # The public booking page books this type: its kind and audience stay.
            for name in ("kind", "bookable_by", "active"):
                self.fields[name].disabled = True
        else:
            kind.choices = [
                c for c in kind.choices if c[0] != AppointmentType.Kind.FREE_CONSULTATION
            ]
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", "Save type", css_class="btn-clinic"))


class _ChoicesOnce(ModelChoiceIterator):
    """Options read in one query per form: rendering walks a select's choices more than
    once, and ``ModelChoiceIterator`` queries each time (``len()`` adds a COUNT)."""

    def _rows(self) -> list:
        if not hasattr(self.field, "_choices_read"):
            self.field._choices_read = [choice for choice in super().__iter__()]  # noqa: C416
        return self.field._choices_read

    def __iter__(self):
        return iter(self._rows())

    def __len__(self) -> int:
        return len(self._rows())


def _read_choices_once(field: forms.ModelChoiceField, queryset) -> None:
    field.iterator = _ChoicesOnce
    field.queryset = queryset  # also hands the widget the new iterator


def _aware(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


class _WhenForm(forms.Form):
    """A practitioner, a date and a time, read as the clinic's local time."""

    practitioner = forms.ModelChoiceField(
        queryset=User.objects.none(), empty_label=None, label="Practitioner"
    )
    day = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    at = forms.TimeField(label="Time", widget=forms.TimeInput(attrs={"type": "time"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _read_choices_once(self.fields["practitioner"], User.objects.practitioners())
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_day(self):
        day = self.cleaned_data["day"]
        if not EARLIEST <= day <= LATEST:
            raise forms.ValidationError(
                "That date is out of range. Choose one within the next year."
            )
        return day

    def start(self) -> datetime:
        return _aware(self.cleaned_data["day"], self.cleaned_data["at"])


class AppointmentForm(_WhenForm):
    appointment_type = forms.ModelChoiceField(
        queryset=AppointmentType.objects.none(), empty_label=None, label="Type"
    )
    repeat = forms.IntegerField(
        label="How many appointments",
        min_value=1,
        max_value=MAX_REPEATS,
        initial=1,
        help_text=f"More than 1 books a series at the same time (up to {MAX_REPEATS}).",
    )
    every_weeks = forms.TypedChoiceField(
        label="Repeat",
        coerce=int,
        choices=[
            (1, "Every week"),
            (2, "Every 2 weeks"),
            (3, "Every 3 weeks"),
            (4, "Every 4 weeks"),
        ],
        initial=1,
    )
    field_order = ["appointment_type", "practitioner", "day", "at", "repeat", "every_weeks"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _read_choices_once(self.fields["appointment_type"], AppointmentType.objects.offered())
        self.order_fields(self.field_order)

    @classmethod
    def for_query(cls, query, *, client: Client) -> AppointmentForm:
        """The empty form, pre-filled from the calendar's link (``?practitioner=&day=&at=``)
        or with the client's own practitioner; unreadable values are left out."""
        initial = {"practitioner": parse_id(query.get("practitioner", ""))}
        initial["practitioner"] = initial["practitioner"] or client.practitioner_id
        try:
            initial["day"] = date.fromisoformat(query.get("day", ""))
        except ValueError:
            initial["day"] = timezone.localdate()
        try:
            initial["at"] = time.fromisoformat(query.get("at", ""))
        except ValueError:
            pass
        form = cls(initial=initial)
        kind = query.get("kind", "")
        if kind in AppointmentType.Kind.values:
            # "Book the reassessment" links name the kind, not a row: the type is picked
            # from the choices the form reads anyway, so the link costs no query.
            form.initial["appointment_type"] = partial(form.type_of_kind, kind)
        return form

    def type_of_kind(self, kind: str) -> int | None:
        """The first offered type of ``kind`` among the field's choices, or None."""
        for value, _label in self.fields["appointment_type"].choices:
            instance = getattr(value, "instance", None)
            if instance is not None and instance.kind == kind:
                return instance.pk
        return None

    def plan(self, client: Client) -> Plan:
        data = self.cleaned_data
        return Plan(
            client=client,
            appointment_type=data["appointment_type"],
            practitioner=data["practitioner"],
            start=self.start(),
            repeat=data["repeat"],
            every_weeks=data["every_weeks"],
        )


class MoveForm(_WhenForm):
    pass


class ClientSearchForm(forms.Form):
    q = forms.CharField(label="Find the client", max_length=100, required=False)

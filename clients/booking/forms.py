"""Forms for free-consultation booking (public) and its practice side."""

from __future__ import annotations

from datetime import UTC, datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from clients.models import AvailabilityException, BookingSettings, Consultation, WeeklyHours
from clients.vocab import RED_FLAG_QUESTIONS
from clinic.forms import name_empty_choices
from clinic.params import in_calendar, parse_id

SLOT_FORMAT = "%Y%m%dT%H%MZ"
# The cauda-equina questions the booking pre-screen asks, in plain words.
PRESCREEN_CODES = ("saddle_numbness", "bladder_bowel", "progressive_weakness")
PRESCREEN = [(code, plain) for code, _asked, plain in RED_FLAG_QUESTIONS if code in PRESCREEN_CODES]
YES_NO = [("no", "No"), ("yes", "Yes")]


def slot_value(moment: datetime) -> str:
    """A start time as it travels in URLs and forms: compact UTC."""
    return moment.astimezone(UTC).strftime(SLOT_FORMAT)


def parse_slot(value: str) -> datetime | None:
    """The UTC start time ``value`` spells, if it is one in the calendar, else None."""
    try:
        moment = datetime.strptime(value or "", SLOT_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None
    return moment if in_calendar(moment) else None


class SlotField(forms.CharField):
    widget = forms.HiddenInput

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        moment = parse_slot(value)
        if moment is None:
            raise forms.ValidationError("That time is not valid. Please choose one of the times.")
        return moment


class PractitionerChoiceField(forms.CharField):
    """``any`` (first available) or a practitioner's id; the service checks it is bookable."""

    widget = forms.HiddenInput

    def to_python(self, value):
        value = (super().to_python(value) or "any").strip()
        if value == "any":
            return None
        practitioner_id = parse_id(value)
        if practitioner_id is None:
            raise forms.ValidationError("Please choose a practitioner from the list.")
        return practitioner_id


def any_prescreen_yes(data) -> bool:
    """True if the visitor answered yes to any pre-screen question (even if the rest of the
    form is incomplete: urgent advice must not wait for a valid phone number)."""
    return any(data.get(code) == "yes" for code in PRESCREEN_CODES)


class BookingForm(forms.Form):
    practitioner = PractitionerChoiceField(required=False)
    start = SlotField()
    first_name = forms.CharField(max_length=100, label="First name")
    last_name = forms.CharField(max_length=100, label="Last name")
    email = forms.EmailField(max_length=254, label="Email")
    phone = forms.CharField(
        max_length=40,
        required=False,
        label="Phone (optional)",
        widget=forms.TextInput(attrs={"type": "tel"}),  # the number pad on phones
    )
    message = forms.CharField(
        label="A few words on what is going on",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Where it hurts, for how long, what makes it better or worse. 1000 characters"
        " at most.",
    )
    disclaimer = forms.BooleanField(
        label="I understand a free consultation is a conversation about exercise and movement, "
        "not medical advice or a diagnosis.",
        error_messages={"required": "Please tick this box to book."},
    )
    # Honeypot: hidden from people by CSS, tempting to bots. Filled in = not booked.
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, plain in PRESCREEN:
            self.fields[code] = forms.ChoiceField(
                label=plain,
                choices=YES_NO,
                widget=forms.RadioSelect,
                error_messages={"required": "Please answer yes or no."},
            )
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    @classmethod
    def for_slot(cls, query) -> BookingForm | None:
        """The empty form for the time picked on /book/ (``?start=…&practitioner=…``),
        or None when the link's time cannot be read."""
        start = parse_slot(query.get("start", ""))
        if start is None:
            return None
        practitioner_id = parse_id(query.get("practitioner", "any"))
        return cls(initial={"start": slot_value(start), "practitioner": practitioner_id or "any"})

    def chosen_slot(self) -> tuple[datetime | None, int | None]:
        """The start time and practitioner id (None: first available) the form is for."""
        if self.is_bound:
            data = getattr(self, "cleaned_data", {})
            return data.get("start"), data.get("practitioner")
        return parse_slot(self.initial["start"]), parse_id(str(self.initial["practitioner"]))

    @property
    def stops_at_prescreen(self) -> bool:
        """A yes to a pre-screen question: the person gets urgent advice, not a booking."""
        return any_prescreen_yes(self.data)

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website", "").strip())

    def booking_details(self) -> dict:
        """``book_consultation``'s keyword arguments from the cleaned form."""
        data = self.cleaned_data
        return {
            "practitioner_id": data["practitioner"],
            "start": data["start"],
            **{
                name: data[name]
                for name in ("first_name", "last_name", "email", "phone", "message")
            },
        }

    def prescreen_fields(self):
        return [self[code] for code, _plain in PRESCREEN]


def _inline_helper() -> FormHelper:
    """For forms whose <form> tag (and CSRF token) the template writes."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class RescheduleForm(forms.Form):
    start = SlotField()


class OutcomeForm(forms.Form):
    status = forms.ChoiceField(
        label="Outcome",
        error_messages={"required": "Choose an outcome.", "invalid_choice": "Choose an outcome."},
        choices=[
            ("", "Choose…"),  # nothing pre-selected: "attended" before it starts is refused
            (Consultation.Status.ATTENDED, "Attended"),
            (Consultation.Status.NO_SHOW, "Did not attend"),
            (Consultation.Status.CANCELLED, "Cancelled"),
            ("cancelled_late", "Cancelled late"),
        ],
    )
    note = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _inline_helper()
        self.helper.add_input(Submit("save", "Save outcome", css_class="btn-clinic"))

    @classmethod
    def for_consultation(cls, consultation: Consultation) -> OutcomeForm:
        """The outcome recorded so far, if any; a booked appointment starts on "Choose…"."""
        recorded = consultation.status != Consultation.Status.BOOKED
        return cls(
            initial={
                "status": consultation.status if recorded else "",
                "note": consultation.status_note,
            }
        )


class WeeklyHoursForm(forms.ModelForm):
    class Meta:
        model = WeeklyHours
        fields = ["weekday", "start_time", "end_time"]
        widgets = {
            "start_time": forms.TimeInput(attrs={"type": "time"}),
            "end_time": forms.TimeInput(attrs={"type": "time"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_empty_choices(self, required="Choose a day…")
        self.helper = _inline_helper()
        self.helper.add_input(Submit("add_hours", "Add hours", css_class="btn-clinic"))


class ExceptionForm(forms.ModelForm):
    class Meta:
        model = AvailabilityException
        fields = ["date", "kind", "start_time", "end_time", "note"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "start_time": forms.TimeInput(attrs={"type": "time"}),
            "end_time": forms.TimeInput(attrs={"type": "time"}),
        }
        help_texts = {"start_time": "Leave both times empty for a whole day off."}

    def __init__(self, *args, **kwargs):
        # Shown beside the weekly-hours form, which has times of the same names: ids of
        # their own, so each label points at its own field.
        kwargs.setdefault("auto_id", "id_off_%s")
        super().__init__(*args, **kwargs)
        name_empty_choices(self)
        self.helper = _inline_helper()
        self.helper.add_input(Submit("add_exception", "Add change", css_class="btn-clinic"))


class BookingSettingsForm(forms.ModelForm):
    class Meta:
        model = BookingSettings
        fields = ["accepting", "horizon_days", "portal_any_practitioner", "reassess_after_weeks"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", "Save settings", css_class="btn-clinic"))

"""The client's reminder choices: up to four times a day, quiet hours, and how."""

from django import forms

from clients.models import ReminderSettings

TIME = forms.TimeInput(attrs={"type": "time", "class": "form-control"}, format="%H:%M")


class ReminderForm(forms.Form):
    quiet_from = forms.TimeField(label="Quiet from", required=False, widget=TIME)
    quiet_until = forms.TimeField(label="Quiet until", required=False, widget=TIME)
    by_push = forms.BooleanField(label="A notification on this phone", required=False)
    by_email = forms.BooleanField(label="An email", required=False)

    def __init__(self, *args, email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        for number in range(1, ReminderSettings.MAX_TIMES + 1):
            self.fields[f"time_{number}"] = forms.TimeField(
                label=f"Reminder {number}", required=False, widget=TIME
            )

    @staticmethod
    def _numbers() -> range:
        return range(1, ReminderSettings.MAX_TIMES + 1)

    def time_fields(self):
        return [self[f"time_{n}"] for n in range(1, ReminderSettings.MAX_TIMES + 1)]

    def clean(self):
        data = super().clean()
        # Clock times of the clinic's day: a time that came with an offset loses it.
        for name in ("quiet_from", "quiet_until", *(f"time_{n}" for n in self._numbers())):
            if data.get(name) is not None:
                data[name] = data[name].replace(tzinfo=None)
        times = [data.get(f"time_{n}") for n in self._numbers()]
        data["times"] = sorted({t.replace(second=0, microsecond=0) for t in times if t})
        on = data.get("by_push") or data.get("by_email")
        if on and not data["times"]:
            self.add_error("time_1", "Choose at least one time, or untick how to remind you.")
        if data.get("by_email") and not self.email:
            self.add_error(
                "by_email", "The clinic has no email address for you: ask them to add one."
            )
        start, end = data.get("quiet_from"), data.get("quiet_until")
        if (start is None) != (end is None):
            field = "quiet_until" if end is None else "quiet_from"
            self.add_error(field, "Give both ends of your quiet hours, or neither.")
        elif start is not None:
            probe = ReminderSettings(quiet_from=start, quiet_until=end)
            for number, value in enumerate(times, start=1):
                if value and probe.in_quiet_hours(value):
                    self.add_error(f"time_{number}", "This time is inside your quiet hours.")
        return data

    def error_summary(self) -> list[tuple[str, str]]:
        return [
            (self[name].auto_id, f"{self.fields[name].label} — {error}")
            for name in self.fields
            for error in self.errors.get(name, [])
        ]


class SubscriptionForm(forms.Form):
    """A browser's push subscription, as ``PushSubscription.toJSON()`` gives it."""

    endpoint = forms.URLField(max_length=1000, assume_scheme="https")
    p256dh = forms.RegexField(regex=r"^[A-Za-z0-9_-]{40,200}={0,2}$", max_length=200)
    auth = forms.RegexField(regex=r"^[A-Za-z0-9_-]{8,100}={0,2}$", max_length=100)

    def clean_endpoint(self):
        endpoint = self.cleaned_data["endpoint"]
        if not endpoint.startswith("https://"):
            raise forms.ValidationError("A push endpoint is an https address.")
        return endpoint

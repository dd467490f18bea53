"""Consent forms: the owner's text, a client's signature, a paper record, the unlock."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone

from clients.models import ConsentVersion
from clients.models.consent import CONSENT_TEXT_MAX_LENGTH, SIGNED_NAME_MAX_LENGTH
from clinic.once import OnceKeyMixin


class ConsentTextForm(forms.Form):
    text = forms.CharField(
        label="Consent text",
        max_length=CONSENT_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="Plain text; leave an empty line between paragraphs.",
    )
    change_note = forms.CharField(
        label="What changed (for the history)",
        max_length=300,
        required=False,
    )
    # The current version's number when the page was drawn (0: there was none).
    expected_number = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=10**9)

    def __init__(self, *args, current: ConsentVersion | None, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "text": current.text if current else "",
                "expected_number": getattr(current, "number", 0),
            },
        )
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", "Save the consent text", css_class="btn-clinic"))


class SignConsentForm(forms.Form):
    """The client's signature of ``version``. Render it with
    ``clients/consent/includes/sign_form.html`` inside the caller's own ``<form>``."""

    full_name = forms.CharField(
        label="Your full name",
        max_length=SIGNED_NAME_MAX_LENGTH,
        help_text="Typing your name here is your signature.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    agree = forms.BooleanField(
        label="I have read the text above and I agree to it.",
        error_messages={"required": "Tick the box to say you agree, or ask us about the text."},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=10**9)

    def __init__(self, *args, version: ConsentVersion, prefix: str | None = "consent", **kwargs):
        kwargs.setdefault("initial", {"version": version.number})
        super().__init__(*args, prefix=prefix, **kwargs)
        self.consent_version = version

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data["full_name"].split())
        if len(name) < 2:
            raise forms.ValidationError("Type your full name, as you would sign it.")
        return name

    def clean_version(self) -> int:
        number = self.cleaned_data["version"]
        if number != self.consent_version.number:
            # The page comes back with the new text: its hidden number must be the new
            # one too, or signing again would be refused for ever.
            data = self.data.copy()
            data[self.add_prefix("version")] = self.consent_version.number
            self.data = data
            raise forms.ValidationError(
                "The consent text changed while this page was open. Read the new text below "
                "and sign again."
            )
        return number


class PaperConsentForm(OnceKeyMixin, forms.Form):
    version = forms.ModelChoiceField(
        queryset=ConsentVersion.objects.order_by("-number"),
        label="Version on the paper form",
        empty_label=None,
        to_field_name="number",
    )
    signed_on = forms.DateField(
        label="Date written on the paper",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("record", "Record the paper form", css_class="btn-clinic"))

    def clean_signed_on(self):
        signed_on = self.cleaned_data["signed_on"]
        if signed_on > timezone.localdate():
            raise forms.ValidationError("The date on the paper cannot be in the future.")
        if signed_on.year < 1900:
            raise forms.ValidationError("Check the year on the paper.")
        return signed_on


class UnlockForm(forms.Form):
    password = forms.CharField(
        label="Practitioner: your password",
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password

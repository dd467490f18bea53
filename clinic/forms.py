from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import forms as auth_forms

from clinic.models import SecuritySettings
from clinic.security.passwords import help_text_for


class LoginForm(auth_forms.AuthenticationForm):
    """Email + password. One generic error whichever part was wrong."""

    username = forms.EmailField(
        label="Email",
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": "That email and password do not match an account. "
        "Check both and try again.",
        "inactive": "That email and password do not match an account. Check both and try again.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Rendered with plain markup (registration/login.html): crispy-forms was about
        # 60 % of the login page's time.
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"


def _with_submit(form_class, label):
    class Form(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if "new_password1" in self.fields:
                self.fields["new_password1"].help_text = help_text_for(self.user)
            self.helper = FormHelper()
            self.helper.add_input(Submit("submit", label))

    Form.__name__ = form_class.__name__
    return Form


PasswordResetForm = _with_submit(auth_forms.PasswordResetForm, "Send reset link")
SetPasswordForm = _with_submit(auth_forms.SetPasswordForm, "Set password")
PasswordChangeForm = _with_submit(auth_forms.PasswordChangeForm, "Change password")


class TokenForm(forms.Form):
    otp_token = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code from your authenticator app, or one of your recovery codes.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, submit_label: str = "Continue", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", submit_label))


class TwoFactorSetupForm(TokenForm):
    """The code, plus the new key signed for this user (``twofactor.setup_token``)."""

    setup = forms.CharField(widget=forms.HiddenInput, max_length=500)


class SecuritySettingsForm(forms.ModelForm):
    class Meta:
        model = SecuritySettings
        fields = ["require_two_factor", "own_clients_only"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Save"))


DJANGO_EMPTY_LABEL = "---------"


def name_empty_choices(
    form: forms.BaseForm, *, optional: str = "Not recorded", required: str = "Choose…"
) -> None:
    """Put words in place of Django's "---------" as a drop-down's empty choice: "Not
    recorded" where the field may stay empty, "Choose…" where an answer is needed."""
    for field in form.fields.values():
        label = required if field.required else optional
        if isinstance(field, forms.ModelChoiceField):  # before reading choices: a query
            if field.empty_label == DJANGO_EMPTY_LABEL:
                field.empty_label = label
        elif isinstance(field, forms.ChoiceField) and not isinstance(
            field, forms.MultipleChoiceField
        ):
            choices = list(field.choices)
            if choices and choices[0] == ("", DJANGO_EMPTY_LABEL):
                field.choices = [("", label), *choices[1:]]

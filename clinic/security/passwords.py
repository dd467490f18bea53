"""Password rules beyond Django's: practice staff need a longer password."""

from __future__ import annotations

from django.contrib.auth.password_validation import (
    get_default_password_validators,
    password_validators_help_text_html,
)
from django.core.exceptions import ValidationError

from clinic.models import PRACTICE_ROLES


class StaffMinimumLengthValidator:
    """At least ``min_length`` characters for owners and practitioners.

    Needs the user to know the role; forms that create a user before it has one
    (there are none for staff yet) are covered by Django's own minimum.
    """

    def __init__(self, min_length: int = 12):
        self.min_length = min_length

    def validate(self, password: str, user=None) -> None:
        if user is None or getattr(user, "role", None) not in PRACTICE_ROLES:
            return
        if len(password) < self.min_length:
            raise ValidationError(
                f"Practice accounts need a password of at least {self.min_length} characters.",
                code="password_too_short_for_staff",
                params={"min_length": self.min_length},
            )

    def get_help_text(self) -> str:
        return (
            f"Owners and practitioners need at least {self.min_length} characters; "
            "a few unrelated words work well."
        )


def help_text_for(user) -> str:
    """The password rules that apply to ``user``, as Django's help list: a client setting a
    password is not told the rule for staff."""
    staff = getattr(user, "role", None) in PRACTICE_ROLES
    validators = [
        validator
        for validator in get_default_password_validators()
        if staff or not isinstance(validator, StaffMinimumLengthValidator)
    ]
    return password_validators_help_text_html(validators)

from django.apps import AppConfig


class ClinicConfig(AppConfig):
    name = "clinic"
    verbose_name = "Clinic"

    def ready(self):
        # Login signal receivers: the idle clock and the two-factor step.
        from clinic.security import (
            middleware,  # noqa: F401
            twofactor,  # noqa: F401
        )

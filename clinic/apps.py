from django.apps import AppConfig


class ClinicConfig(AppConfig):
    name = "clinic"
    verbose_name = "Clinic"

    def ready(self):
        # Login signal receivers: the idle clock, the two-factor step, own failures.
        from clinic.security import (
            lockouts,  # noqa: F401
            middleware,  # noqa: F401
            twofactor,  # noqa: F401
        )

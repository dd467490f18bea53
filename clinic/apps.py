from django.apps import AppConfig


class ClinicConfig(AppConfig):
    name = "clinic"
    verbose_name = "Clinic"

    def ready(self):
        from clinic import (
            converters,  # noqa: F401  (the <id:...> path converter)
            deploy_checks,  # noqa: F401  (registers the start-up checks)
        )
        from clinic.db import page_stamp

        # A migration or flush gives the page cache's stamp a value.
        page_stamp.connect_signals()

        # Login signal receivers: the idle clock, the two-factor step, own failures.
        from clinic.security import (
            lockouts,  # noqa: F401
            middleware,  # noqa: F401
            twofactor,  # noqa: F401
        )

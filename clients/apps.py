from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "clients"
    verbose_name = "Clients"

    def ready(self):
        from clients import dashboard
        from clients.booking import dashboard as booking_dashboard
        from clients.booking import open_times
        from clients.booking import timeline as booking_timeline
        from clients.consent import services as consent_services
        from clients.consent import timeline as consent_timeline
        from clients.erasure import services as erasure
        from clients.profile import home as profile_home
        from clients.questionnaires import timeline as questionnaire_timeline
        from clients.timeline import base as timeline
        from clients.timeline import entries
        from clinic.backups import register_after_restore
        from clinic.dashboard import register_provider
        from clinic.home import register_provider as register_home

        open_times.connect_signals()
        consent_services.connect_signals()
        # The public home page shows the clinic's description, photos and practitioners.
        register_home(profile_home.context)
        # `manage.py restore` re-applies erasures made after the backup was taken.
        register_after_restore("Erasures re-applied from the ledger", erasure.reapply_erasures)
        # The practice dashboard (clinic) shows these sections, by place.
        register_provider(dashboard.sections, place=10)
        # The dashboard starts with today's schedule.
        register_provider(booking_dashboard.sections, place=1)
        # The client's timeline.
        # (with the annotations that let the client page load their rows with the client)
        for provider, annotations in (
            (entries.assessments, None),
            (entries.session_notes, entries.note_annotations),
            (entries.red_flags, None),
            (booking_timeline.entries, booking_timeline.annotations),
            (consent_timeline.consent_entries, None),
            (questionnaire_timeline.questionnaire_entries, None),
        ):
            timeline.register_provider(provider, annotations)

from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Programs"

    def ready(self):
        from clients.notices import register_provider as register_notice
        from clients.timeline.base import register_provider as register_timeline
        from clinic.dashboard import register_provider as register_dashboard
        from clinic.scheduled import register_job
        from programs import dashboard, timeline
        from programs.reminders import services as reminders

        # Between the clients' sections (10) and the consultations (30).
        register_dashboard(dashboard.sections, place=20)
        register_timeline(timeline.entries, timeline.annotations)
        register_notice(dashboard.client_notices)
        register_job("exercise reminder(s)", reminders.send_due_reminders)

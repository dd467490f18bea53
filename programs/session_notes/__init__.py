"""The session-note page of an appointment: the note (``clients.notes``) written with
the client's program phase and latest session log at hand, which live in ``programs``."""

"""Questionnaires between visits: scheduled on a client's program, answered in the portal,
scored like the practitioner's assessment and charted beside it as client-reported."""

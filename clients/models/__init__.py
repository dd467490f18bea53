from clients.models.assessment import Assessment, AssessmentQuerySet
from clients.models.client import Client, ClientQuerySet
from clients.models.note import SessionNote
from clients.models.red_flag import RedFlag

__all__ = [
    "Assessment",
    "AssessmentQuerySet",
    "Client",
    "ClientQuerySet",
    "RedFlag",
    "SessionNote",
]

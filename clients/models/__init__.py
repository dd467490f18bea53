from clients.models.booking import (
    AvailabilityException,
    BookingSettings,
    Consultation,
    ConsultationQuerySet,
    RedFlagScreenCount,
    WeeklyHours,
)
from clients.models.client import Client, ClientQuerySet
from clients.models.red_flag import RedFlag

__all__ = [
    "AvailabilityException",
    "BookingSettings",
    "Client",
    "ClientQuerySet",
    "Consultation",
    "ConsultationQuerySet",
    "RedFlag",
    "RedFlagScreenCount",
    "WeeklyHours",
]

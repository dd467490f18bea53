from clients.models.appointment import (
    AppointmentSeries,
    AppointmentType,
    AppointmentTypeQuerySet,
    CalendarFeed,
)
from clients.models.assessment import Assessment, AssessmentQuerySet
from clients.models.body_chart import BodyChart, BodyChartMark, BodyChartQuerySet
from clients.models.booking import (
    AvailabilityException,
    BookingSettings,
    Consultation,
    ConsultationQuerySet,
    RedFlagScreenCount,
    WeeklyHours,
)
from clients.models.client import Client, ClientQuerySet
from clients.models.consent import ConsentSignature, ConsentVersion
from clients.models.intake import IntakeLink
from clients.models.invitation import PortalInvitation
from clients.models.note import SessionNote, SessionNoteAmendment
from clients.models.posture import PosturePhoto, PostureShare
from clients.models.profile import ClinicPhoto, ClinicProfile, PractitionerProfile
from clients.models.questionnaire import QuestionnaireResponse, QuestionnaireSchedule
from clients.models.red_flag import RedFlag, SafetyCheck
from clients.models.release import RecordRelease
from clients.models.reminder import PushSubscription, ReminderSettings, ReminderSlot

__all__ = [
    "AppointmentSeries",
    "AppointmentType",
    "AppointmentTypeQuerySet",
    "CalendarFeed",
    "Assessment",
    "AssessmentQuerySet",
    "AvailabilityException",
    "BodyChart",
    "BodyChartMark",
    "BodyChartQuerySet",
    "BookingSettings",
    "Client",
    "ClinicPhoto",
    "ClinicProfile",
    "ClientQuerySet",
    "ConsentSignature",
    "ConsentVersion",
    "Consultation",
    "ConsultationQuerySet",
    "IntakeLink",
    "PortalInvitation",
    "PosturePhoto",
    "PractitionerProfile",
    "PushSubscription",
    "PostureShare",
    "QuestionnaireResponse",
    "QuestionnaireSchedule",
    "RecordRelease",
    "RedFlag",
    "RedFlagScreenCount",
    "ReminderSettings",
    "ReminderSlot",
    "SafetyCheck",
    "SessionNote",
    "SessionNoteAmendment",
    "WeeklyHours",
]

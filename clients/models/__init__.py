from clients.models.client import Client, ClientQuerySet
from clients.models.invitation import PortalInvitation
from clients.models.red_flag import RedFlag

__all__ = ["Client", "ClientQuerySet", "PortalInvitation", "RedFlag"]

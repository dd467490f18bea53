"""Right to erasure: a client's reminder choices, push subscriptions and sent slots go."""

from clients.models import Client, PushSubscription, ReminderSettings, ReminderSlot


def erase(client: Client) -> None:
    ReminderSettings.objects.filter(client=client).delete()
    PushSubscription.objects.filter(client=client).delete()
    ReminderSlot.objects.filter(client=client).delete()

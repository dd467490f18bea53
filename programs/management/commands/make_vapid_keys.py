"""Print a new VAPID key pair for Web Push reminders, as the settings want them."""

from django.core.management.base import BaseCommand

from programs.reminders import push


class Command(BaseCommand):
    help = (
        "Print a new VAPID key pair for exercise reminders by Web Push. Set them once; "
        "new keys make every phone's subscription stop working until the client "
        "turns notifications on again."
    )

    def handle(self, *args, **options):
        public, private = push.new_vapid_keys()
        self.stdout.write(f"WEBPUSH_VAPID_PUBLIC_KEY={public}")
        self.stdout.write(f"WEBPUSH_VAPID_PRIVATE_KEY={private}")

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Load the demo data (idempotent). Each app adds its own part via AppConfig.seed_demo()."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo data is never created in production (DEBUG is off).")
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                seed = getattr(app_config, "seed_demo", None)
                if seed is not None:
                    seed()
                    self.stdout.write(f"demo data: {app_config.label}")
        self.stdout.write(self.style.SUCCESS("Demo data ready."))

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Fill the database with realistic Polish data at a scale (small or large), "
        "deterministic with a seed. For development and benchmark databases only."
    )

    def add_arguments(self, parser):
        from bench.generate import add_arguments

        add_arguments(parser)

    def handle(self, *args, scale, seed, reset, keep, **options):
        # --reset empties every table of ours: never against a production database.
        if not settings.DEBUG:
            raise CommandError("generate_data runs only with DEBUG=1 (a development database).")
        from bench.generate import REFUSAL, generate, is_empty

        # --keep replaces other data too (the benchmark's own database).
        if not (reset or keep or is_empty()):
            raise CommandError(REFUSAL)
        generate(scale=scale, seed=seed, reset_first=reset, keep=keep)

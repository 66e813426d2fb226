import json

from django.core.management.base import BaseCommand

from core.ops import registered_checks, status


class Command(BaseCommand):
    help = "Queue depths, due-but-unsent work, failed e-mails and beat's last tick."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args, **options):
        report = status()
        if options["json"]:
            self.stdout.write(_dumps(report))
            return
        self.stdout.write(f"status: {report['status']}")
        for queue, depth in report["queues"].items():
            self.stdout.write(f"queue {queue}: {'unreachable' if depth is None else depth}")
        self.stdout.write(f"last beat tick: {report['last_beat_tick'] or 'never'}")
        for check in registered_checks():
            self.stdout.write(f"{check.label}: {report['checks'][check.key]}")
        if report["degraded"]:
            self.stdout.write(f"degraded: {', '.join(report['degraded'])}")


def _dumps(report: dict) -> str:
    return json.dumps(report, default=str, sort_keys=True)

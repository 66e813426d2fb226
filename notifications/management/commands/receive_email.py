"""Read one e-mail from standard input and keep it for a worker: the MTA's pipe transport.

Postfix (master.cf):

    sieci  unix  -  n  n  -  -  pipe
      flags=Rq user=sieci argv=/srv/sieci/app/.venv/bin/python /srv/sieci/app/manage.py
      receive_email --sender ${sender} --recipient ${original_recipient}

Exit codes follow sysexits.h, which Postfix understands: 0 kept (or already kept), 65 not a
message, 75 try again later (the database is unreachable), so the MTA keeps the message.
"""

import sys

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from notifications.inbound.services import inbound_store

EX_DATAERR = 65
EX_TEMPFAIL = 75


class Command(BaseCommand):
    help = "Read one raw e-mail (RFC 822) from standard input and queue it as a reply."

    def add_arguments(self, parser):
        parser.add_argument("--sender", default=None, help="The envelope sender (${sender}).")
        parser.add_argument("--recipient", default="", help="The envelope recipient.")

    def handle(self, *args, sender=None, recipient="", **options):
        raw = sys.stdin.buffer.read()
        if not raw.strip():
            self.stderr.write("No message on standard input.")
            sys.exit(EX_DATAERR)
        try:
            row, created = inbound_store(
                raw=raw, source="pipe", envelope_sender=sender, envelope_recipient=recipient
            )
        except DatabaseError as error:
            self.stderr.write(f"Could not store the message, try again later: {error}")
            sys.exit(EX_TEMPFAIL)
        self.stdout.write(f"{'Queued' if created else 'Already received'}: {row.message_id}")

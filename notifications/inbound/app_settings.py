"""The tunables of replies by e-mail, read from settings on every use (tests override them)."""

from datetime import timedelta

from django.conf import settings

# A received message still waiting this long lost its task (the broker was down, or the
# worker died while processing it and its transaction was rolled back): the sweep hands it
# to a worker again.
REQUEUE_AFTER = timedelta(minutes=5)
# A message that killed its worker this many times is given up (status failed) rather
# than retried for ever.
MAX_ATTEMPTS = 5
SWEEP_BATCH = 500
# The longest text kept from one reply (a whole mailbox pasted by mistake is cut short).
MAX_BODY_CHARS = 20000


def reply_domain() -> str:
    """The domain of the reply addresses; empty means replies by e-mail are off."""
    return getattr(settings, "REPLY_EMAIL_DOMAIN", "").strip().lower()


def reply_local() -> str:
    return getattr(settings, "REPLY_EMAIL_LOCAL", "odpowiedz").strip().lower()


def max_per_hour() -> int:
    return getattr(settings, "REPLY_EMAIL_MAX_PER_HOUR", 20)

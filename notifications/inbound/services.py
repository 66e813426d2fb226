"""Receiving replies by e-mail: store the raw message, then one worker turns it into a post.

Nothing is lost and nothing is posted twice: the raw message is a row before anything else
happens (a repeated delivery with the same Message-ID is the same row); the worker processes
a row under its lock and writes the post, the row's new status and the e-mail to the sender
in one transaction, so a worker that dies leaves the row waiting for the sweep, untouched.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy

from accounts.models import User
from core.uploads import check_upload
from notifications.inbound import app_settings
from notifications.inbound.handlers import InboundReply, ReplyOutcome, ReplyRefused, handler_for
from notifications.inbound.models import InboundEmail, InboundStatus, ReplyToken
from notifications.inbound.parsing import ParsedMessage, message_id_of, parse_message
from notifications.inbound.tokens import token_from_address
from notifications.mail import absolute_url, email_user, user_language

logger = logging.getLogger(__name__)

RECEIPT_KIND = "reply_receipt"
RECEIPT_TEMPLATE = "notifications/email/reply_received"
SUBJECT_POSTED = gettext_lazy("Your reply by e-mail was posted")
SUBJECT_REFUSED = gettext_lazy("Your reply by e-mail was not posted")


def inbound_store(
    *,
    raw: bytes,
    source: str,
    envelope_sender: str | None = None,
    envelope_recipient: str = "",
) -> tuple[InboundEmail, bool]:
    """Keep one received message and hand it to a worker once committed; (row, whether new).

    `envelope_sender` is None when unknown and "" (or "<>") for the empty sender of a bounce.
    """
    if envelope_sender is not None:
        envelope_sender = envelope_sender.strip() or "<>"
    with transaction.atomic():
        row, created = InboundEmail.objects.get_or_create(
            message_id=message_id_of(raw),
            defaults={
                "raw": raw,
                "source": source[:20],
                "envelope_sender": (envelope_sender or "")[:300],
                "envelope_recipient": (envelope_recipient or "")[:300],
            },
        )
        if created:
            _enqueue(row.pk)
    return row, created


def _enqueue(inbound_id: int) -> None:
    from notifications.tasks import process_inbound_email

    # robust: a broker that is down must not lose the message; the row waits for the sweep.
    transaction.on_commit(lambda: process_inbound_email.delay(inbound_id), robust=True)


def inbound_process(*, inbound_id: int) -> str | None:
    """Turn one received message into a post, a refusal or nothing (automatic mail), once.

    Returns the new status, or None when the row is processed already or another worker
    has it.
    """
    # Counted and committed before the work (one statement, skipping a row another worker
    # holds): a message that kills its worker every time is given up after MAX_ATTEMPTS
    # instead of being retried for ever.
    with transaction.atomic():
        counted = InboundEmail.objects.filter(
            pk__in=InboundEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=inbound_id, status=InboundStatus.RECEIVED)
            .values("pk")
        ).update(attempts=F("attempts") + 1)
    if not counted:
        return None
    with transaction.atomic():
        row = (
            InboundEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=inbound_id, status=InboundStatus.RECEIVED)
            .first()
        )
        if row is None:
            return None
        if row.attempts > app_settings.MAX_ATTEMPTS:
            logger.error("Received e-mail %s failed %s times; given up", row.pk, row.attempts - 1)
            return _finish(row, InboundStatus.FAILED, error="Processing failed repeatedly.")
        return _handle(row)


@dataclass(frozen=True)
class _Refusal:
    reason: str
    answer: User | None  # whom to tell; nobody when we do not know the sender


def _handle(row: InboundEmail) -> str:
    sender = row.envelope_sender or None
    parsed = parse_message(
        bytes(row.raw), envelope_sender=sender, envelope_recipient=row.envelope_recipient
    )
    if parsed.automatic:
        return _finish(row, InboundStatus.IGNORED, error=parsed.automatic)
    verdict = _check(row, parsed)
    if isinstance(verdict, _Refusal):
        return _refuse(row, parsed, verdict)
    token = verdict
    owner = token.user
    with translation.override(user_language(owner)):
        try:
            files = [_checked(attachment) for attachment in parsed.attachments]
            if not parsed.text:
                raise ReplyRefused(
                    gettext(
                        "We found no text of yours in the e-mail once the quoted message "
                        "and the signature were taken out. Write your reply above the quoted "
                        "message."
                    )
                )
            handler = handler_for(token.target_key)
            if handler is None:
                raise ReplyRefused(gettext("Replies to this e-mail cannot be posted."))
            reply = InboundReply(
                user=owner,
                target_key=token.target_key,
                object_id=token.target_key.partition(":")[2],
                body=parsed.text,
                files=files,
            )
            with transaction.atomic():
                outcome = handler(reply)
        except ReplyRefused as refused:
            return _refuse(row, parsed, _Refusal(refused.message, owner))
        except PermissionDenied:
            reason = gettext("You may not post there any more.")
            return _refuse(row, parsed, _Refusal(reason, owner))
        except ValidationError as error:
            return _refuse(row, parsed, _Refusal(" ".join(error.messages), owner))
    row.result_url = outcome.url[:500]
    status = _finish(row, InboundStatus.POSTED)
    _receipt(row, parsed, user=owner, outcome=outcome)
    return status


def _check(row: InboundEmail, parsed: ParsedMessage) -> ReplyToken | _Refusal:
    """The token the message answers, when the sender may use it now; else why not."""
    values = [token_from_address(address) for address in parsed.recipients]
    value = next((value for value in values if value), None)
    token = ReplyToken.objects.select_related("user").filter(token=value).first() if value else None
    if token is not None:
        row.user, row.target_key = token.user, token.target_key
        if not token.user.is_active:
            return _Refusal("The reply address belongs to an inactive account.", None)
        if is_address_of(token.user, parsed.sender):
            return _check_owner(token)
    # Only a refusal needs to know who else wrote: answered when it is one of our accounts.
    sender = person_with_address(parsed.sender)
    with translation.override(user_language(sender) if sender else settings.LANGUAGE_CODE):
        if token is None:
            return _Refusal(
                gettext("This address does not lead to any thread: reply to an e-mail from us."),
                sender,
            )
        # Someone else's personal address (a forwarded e-mail): posting would be in that
        # person's name.
        return _Refusal(
            gettext(
                "You replied to an e-mail sent to someone else: its reply address posts "
                "in that person's name. Reply to an e-mail sent to you, or on the website."
            ),
            sender,
        )


def _check_owner(token: ReplyToken) -> ReplyToken | _Refusal:
    """The owner's own reply: refused only when the address is revoked or they wrote too much."""
    with translation.override(user_language(token.user)):
        if token.revoked_at is not None:
            return _Refusal(
                gettext("This reply address no longer works. Reply on the website instead."),
                token.user,
            )
        limit = app_settings.max_per_hour()
        if _recent(token.user, InboundStatus.POSTED) >= limit:
            return _Refusal(
                gettext(
                    "You have posted %(count)d replies by e-mail in the last hour, the most "
                    "we accept. Wait a while or reply on the website."
                )
                % {"count": limit},
                token.user,
            )
    return token


def _checked(attachment):
    upload = SimpleUploadedFile(attachment.name, attachment.content, attachment.content_type)
    return check_upload(upload)


def _recent(user: User, status: str, *, now: datetime | None = None) -> int:
    since = (now or timezone.now()) - timedelta(hours=1)
    return InboundEmail.objects.filter(user=user, status=status, processed_at__gte=since).count()


def person_with_address(address: str) -> User | None:
    """The active account an e-mail address belongs to (its main or a verified address)."""
    if not address:
        return None
    user = User.objects.filter(email__iexact=address, is_active=True).first()
    if user is not None:
        return user
    row = (
        EmailAddress.objects.filter(email__iexact=address, verified=True, user__is_active=True)
        .select_related("user")
        .first()
    )
    return row.user if row else None


def is_address_of(user: User, address: str) -> bool:
    """Whether the address is the person's main address or one they verified."""
    if not address:
        return False
    if user.email.lower() == address.lower():
        return True
    return EmailAddress.objects.filter(user=user, email__iexact=address, verified=True).exists()


def _finish(row: InboundEmail, status: str, *, error: str = "") -> str:
    row.status = status
    row.error = error[:2000]
    row.processed_at = timezone.now()
    row.save(update_fields=["status", "error", "processed_at", "user", "target_key", "result_url"])
    return status


def _refuse(row: InboundEmail, parsed: ParsedMessage, refusal: _Refusal) -> str:
    status = _finish(row, InboundStatus.REFUSED, error=refusal.reason)
    person = refusal.answer
    # At most twice the hourly reply limit of answers per person: a misconfigured
    # mailbox must not turn us into a source of mail.
    if person is not None and _recent_answers(person) < 2 * app_settings.max_per_hour():
        _receipt(row, parsed, user=person, reason=refusal.reason)
    return status


def _recent_answers(user: User) -> int:
    from notifications.models import EmailRecord

    since = timezone.now() - timedelta(hours=1)
    return EmailRecord.objects.filter(user=user, kind=RECEIPT_KIND, created_at__gte=since).count()


def _receipt(
    row: InboundEmail,
    parsed: ParsedMessage,
    *,
    user: User,
    outcome: ReplyOutcome | None = None,
    reason: str = "",
) -> None:
    """Tell the sender what became of their reply (in reply to it, so it threads with it)."""
    email_user(
        user=user,
        kind=RECEIPT_KIND,
        subject=SUBJECT_POSTED if outcome else SUBJECT_REFUSED,
        template=RECEIPT_TEMPLATE,
        context={
            "posted": outcome is not None,
            "pending": bool(outcome and outcome.pending),
            "title": outcome.title if outcome else "",
            "url": absolute_url(outcome.url) if outcome else "",
            "reason": reason,
            # A refused reply keeps its text: the person can paste it on the website.
            "text": "" if outcome else parsed.text,
            "their_subject": parsed.subject,
        },
        item_key=f"notifications.inbound:{row.pk}",
        headers={"In-Reply-To": row.message_id, "References": row.message_id},
        unsubscribe=False,
    )


def inbound_sweep(*, now: datetime | None = None) -> int:
    """Hand received messages whose task was lost to a worker again; returns how many."""
    from notifications.tasks import process_inbound_email

    now = now or timezone.now()
    stale = list(
        InboundEmail.objects.filter(
            status=InboundStatus.RECEIVED, received_at__lt=now - app_settings.REQUEUE_AFTER
        )
        .order_by("received_at")
        .values_list("pk", flat=True)[: app_settings.SWEEP_BATCH]
    )
    for pk in stale:
        process_inbound_email.delay(pk)
    if stale:
        logger.warning("Re-enqueued %s received e-mails whose task was lost", len(stale))
    return len(stale)

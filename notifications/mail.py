"""The outbox: every e-mail is rendered into an EmailRecord, then sent by a worker at most once."""

import enum
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape, strip_tags
from django.utils.translation import gettext

from accounts.models import User
from notifications.attachments import attachments_render
from notifications.mail_layout import html_inline, thread_headers
from notifications.models import EmailKind, EmailRecord, EmailStatus
from notifications.smtp import SendError, classify
from notifications.unsubscribe import SCOPE_ALL, SCOPE_DIGEST, unsubscribe_url

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
RETRY_BASE_SECONDS = 10  # 10 s, 20 s, 40 s, 80 s between attempts
# A queued row this long past its due time lost its task (e.g. the broker was down).
REQUEUE_AFTER = timedelta(minutes=2)
# The lease of a worker on a row in "sending". Far longer than the task's hard time limit
# (after which Celery replaces the worker's process), so a row still "sending" after it
# belongs to a worker that died mid-send: we cannot know whether the server took it, so it is
# marked uncertain, never sent a second time. A live worker's late "250 OK" always wins.
STUCK_AFTER = timedelta(minutes=15)
SWEEP_BATCH = 1000
UNSUBSCRIBABLE_KINDS = {EmailKind.NOTIFICATION, EmailKind.DIGEST}


def user_language(user: User) -> str:
    """The language a person reads their e-mail in."""
    known = {code for code, _name in settings.LANGUAGES}
    return user.language if user.language in known else settings.LANGUAGE_CODE


def absolute_url(path: str) -> str:
    """A link that works from a mail client."""
    if not path or path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path}"


def _headers(
    *, user: User, kind: str, category: str, unsubscribe: bool, thread: str, headers: dict | None
) -> tuple[dict, str]:
    """An e-mail's headers and its unsubscribe link ("" when it has none)."""
    all_headers = {"Auto-Submitted": "auto-generated"}
    link = ""
    if unsubscribe:
        scope = SCOPE_DIGEST if kind == EmailKind.DIGEST else (category or SCOPE_ALL)
        link = unsubscribe_url(user_id=user.pk, scope=scope)
        all_headers["List-Unsubscribe"] = f"<{link}>"
        all_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    all_headers.update(thread_headers(thread))
    all_headers.update(headers or {})
    return all_headers, link


def _subject(subject: Any, subject_params: dict | None) -> str:
    """The subject in the active language, on one line."""
    text = gettext(subject) if isinstance(subject, str) else str(subject)
    if subject_params:
        text = text % subject_params
    return " ".join(text.split())[:300]


def email_build(
    *,
    user: User,
    kind: str,
    subject: Any,
    template: str,
    context: dict | None = None,
    category: str = "",
    item_key: str = "",
    headers: dict | None = None,
    subject_params: dict | None = None,
    unsubscribe: bool | None = None,
    thread: str = "",
    attachments: list[dict] | None = None,
) -> EmailRecord:
    """Render one e-mail for a person in their own language, not yet saved."""
    if unsubscribe is None:
        unsubscribe = kind in UNSUBSCRIBABLE_KINDS
    all_headers, link = _headers(
        user=user,
        kind=kind,
        category=category,
        unsubscribe=unsubscribe,
        thread=thread,
        headers=headers,
    )
    with translation.override(user_language(user)):
        full_context = {
            "user": user,
            "site_url": settings.SITE_URL,
            "unsubscribe_url": link,
            "preferences_url": absolute_url(reverse("notifications:preferences")),
            **(context or {}),
        }
        subject_text = _subject(subject, subject_params)
        body_text = render_to_string(f"{template}.txt", full_context)
        body_html = html_inline(render_to_string(f"{template}.html", full_context))
    return _record(
        user, kind, category, item_key, subject_text, body_text, body_html, all_headers, attachments
    )


def _record(
    user, kind, category, item_key, subject, body_text, body_html, headers, attachments
) -> EmailRecord:
    """An unsaved e-mail to the person (email_build, emails_build)."""
    return EmailRecord(
        user=user,
        to_address=user.email,
        subject=subject,
        category=category,
        item_key=item_key,
        kind=kind,
        body_text=body_text,
        body_html=body_html,
        headers=headers,
        attachments=attachments or [],
    )


# Stands in the shared rendering of emails_build for one person's value; letters, digits and
# dashes only, so escaping leaves it as it is.
_MARK = "sieci-personal-{}-e4c1b7"


class _SomeRecipient:
    """The `user` of a template rendered once for many people: only the name is theirs."""

    def __init__(self, public_name: str):
        self.public_name = public_name

    def __getattr__(self, name: str):
        # A template reading anything else would show one person's data to all (or nothing).
        raise RuntimeError(f"A template rendered for many people read user.{name}")


def emails_build(
    *,
    users: Iterable[User],
    kind: str,
    subject: Any,
    template: str,
    context: dict | None = None,
    personal: Callable[[User], dict[str, str]] | None = None,
    category: str = "",
    item_key: str = "",
    headers: Callable[[User], dict | None] | None = None,
    subject_params: dict | None = None,
    unsubscribe: bool | None = None,
    thread: str = "",
    attachments: list[dict] | None = None,
) -> list[EmailRecord]:
    """The e-mails email_build() would render for each of these people, the templates
    rendered once per language instead of once per person.

    What differs between people is only their name (`user.public_name`), their unsubscribe
    link and the strings `personal(user)` gives (e.g. their reply address): the templates are
    rendered with a mark in place of each, once for each language (and each set of those
    values that are empty, as `{% if %}` sees them), and the marks are replaced by each
    person's values, escaped for the HTML part, before its styles are inlined. `context`
    is the same for everyone; a template may read nothing else of `user`.
    """
    if unsubscribe is None:
        unsubscribe = kind in UNSUBSCRIBABLE_KINDS
    people = list(users)
    rows = []
    for user in people:
        all_headers, link = _headers(
            user=user,
            kind=kind,
            category=category,
            unsubscribe=unsubscribe,
            thread=thread,
            headers=headers(user) if headers else None,
        )
        values = {"unsubscribe_url": link, **(personal(user) if personal else {})}
        rows.append((user, all_headers, values))
    rendered: dict[tuple, tuple[str, str, str, list[str]]] = {}
    records = []
    for user, all_headers, values in rows:
        language = user_language(user)
        with translation.override(language):
            values = {"name": str(user.public_name), **values}
            shape = (language, *((key, bool(value)) for key, value in values.items()))
            if shape not in rendered:
                rendered[shape] = _render_shared(template, context, subject, subject_params, values)
            subject_text, body_text, body_html, keys = rendered[shape]
        for key in keys:
            mark = _MARK.format(key)
            body_text = body_text.replace(mark, values[key])
            body_html = body_html.replace(mark, escape(values[key]))
        records.append(
            _record(
                user,
                kind,
                category,
                item_key,
                subject_text,
                body_text,
                html_inline(body_html),
                all_headers,
                attachments,
            )
        )
    return records


def _render_shared(
    template: str, context: dict | None, subject: Any, subject_params: dict | None, values: dict
) -> tuple[str, str, str, list[str]]:
    """(subject, text, HTML before inlining, the keys marked) with marks for the personal
    values that are not empty; the empty ones stay empty."""
    marks = {key: _MARK.format(key) if value else "" for key, value in values.items()}
    full_context = {
        "site_url": settings.SITE_URL,
        "preferences_url": absolute_url(reverse("notifications:preferences")),
        **(context or {}),
        **{key: mark for key, mark in marks.items() if key != "name"},
        "user": _SomeRecipient(marks["name"]),
    }
    return (
        _subject(subject, subject_params),
        render_to_string(f"{template}.txt", full_context),
        render_to_string(f"{template}.html", full_context),
        [key for key, mark in marks.items() if mark],
    )


def emails_queue(*, records: Iterable[EmailRecord]) -> list[EmailRecord]:
    """Save rendered e-mails as queued and hand them to the worker once the transaction commits."""
    from notifications.tasks import deliver_email

    records = EmailRecord.objects.bulk_create(list(records))
    for record in records:
        transaction.on_commit(lambda pk=record.pk: _enqueue(deliver_email, pk))
    return records


# While the broker is down, a request that queues e-mails for many people pays its timeout once,
# not once per e-mail: for BROKER_PAUSE seconds after a failure this process does not try again.
# The rows are saved; the beat sweep enqueues them when the broker is back.
BROKER_PAUSE = 30.0
_broker_down_until = 0.0


def _enqueue(task, *args) -> None:
    global _broker_down_until
    if time.monotonic() < _broker_down_until:
        return
    try:
        task.delay(*args)
    except Exception:
        _broker_down_until = time.monotonic() + BROKER_PAUSE
        logger.warning("Broker unreachable; e-mails stay queued for the sweep", exc_info=True)


def email_user(
    *,
    user: User,
    kind: str,
    subject: Any,
    template: str,
    context: dict | None = None,
    category: str = "",
    item_key: str = "",
    headers: dict | None = None,
    subject_params: dict | None = None,
    unsubscribe: bool | None = None,
    thread: str = "",
    attachments: list[dict] | None = None,
) -> EmailRecord:
    """Render `<template>.txt`/`.html` in the person's language and queue it for sending after commit."""
    record = email_build(
        user=user,
        kind=kind,
        subject=subject,
        template=template,
        context=context,
        category=category,
        item_key=item_key,
        headers=headers,
        subject_params=subject_params,
        unsubscribe=unsubscribe,
        thread=thread,
        attachments=attachments,
    )
    return emails_queue(records=[record])[0]


def email_address(
    *,
    to_address: str,
    language: str,
    kind: str,
    subject: Any,
    template: str,
    context: dict | None = None,
    item_key: str = "",
    subject_params: dict | None = None,
) -> EmailRecord:
    """Queue an e-mail to someone without an account yet (an invitation), in the given language."""
    with translation.override(language or settings.LANGUAGE_CODE):
        full_context = {"user": None, "site_url": settings.SITE_URL, **(context or {})}
        subject_text = gettext(subject) if isinstance(subject, str) else str(subject)
        if subject_params:
            subject_text = subject_text % subject_params
        record = EmailRecord(
            user=None,
            to_address=to_address,
            subject=" ".join(subject_text.split())[:300],
            item_key=item_key,
            kind=kind,
            body_text=render_to_string(f"{template}.txt", full_context),
            body_html=html_inline(render_to_string(f"{template}.html", full_context)),
            headers={"Auto-Submitted": "auto-generated"},
        )
    return emails_queue(records=[record])[0]


def email_message_queue(
    *, message: EmailMessage, kind: str = EmailKind.ACCOUNT
) -> list[EmailRecord]:
    """Queue an e-mail rendered elsewhere (allauth's account e-mails), one outbox row per address.

    Sent whatever the person's preferences (see notifications.eligibility): confirming an
    address or resetting a password is what they just asked for.
    """
    body_html = ""
    if message.content_subtype == "html":
        body_text, body_html = strip_tags(message.body), message.body
    else:
        body_text = message.body
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                body_html = content
    # allauth's account e-mails are plain text: give them the same HTML layout as the rest.
    body_html = body_html or html_inline(_html_from_text(body_text))
    addresses = list(message.to)
    owners = {
        user.email.lower(): user
        for user in User.objects.filter(email__in=addresses).only("pk", "email")
    }
    return emails_queue(
        records=[
            EmailRecord(
                user=owners.get(address.lower()),
                to_address=address,
                subject=" ".join(str(message.subject).split())[:300],
                kind=kind,
                body_text=body_text,
                body_html=body_html,
                headers={"Auto-Submitted": "auto-generated", **message.extra_headers},
            )
            for address in addresses
        ]
    )


def _html_from_text(text: str) -> str:
    return render_to_string(
        "notifications/email/plain.html", {"text": text, "site_url": settings.SITE_URL}
    )


class Outcome(enum.StrEnum):
    SENT = "sent"
    SKIPPED = "skipped"  # not queued any more: sent, being sent or failed elsewhere
    RETRY = "retry"
    FAILED = "failed"
    UNCERTAIN = "uncertain"


@dataclass(frozen=True)
class Delivery:
    outcome: Outcome
    retry_in: int | None = None


def email_claim(*, record_id: int) -> EmailRecord | None:
    """Take a queued e-mail for sending, committed, so that no other worker can take it too."""
    with transaction.atomic():
        record = (
            EmailRecord.objects.select_for_update(skip_locked=True)
            .filter(pk=record_id, status=EmailStatus.QUEUED)
            .first()
        )
        if record is None:
            return None
        record.status = EmailStatus.SENDING
        record.claimed_at = timezone.now()
        record.attempts += 1
        record.save(update_fields=["status", "claimed_at", "attempts"])
    return record


def email_deliver(*, record_id: int) -> Delivery:
    """Send one queued e-mail at most once; a network error puts it back in the queue to retry."""
    record = email_claim(record_id=record_id)
    if record is None:
        return Delivery(Outcome.SKIPPED)
    message = EmailMultiAlternatives(
        subject=record.subject,
        body=record.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[record.to_address],
        headers={"Message-ID": record.message_id, **record.headers},
        connection=get_connection(),
    )
    if record.body_html:
        message.attach_alternative(record.body_html, "text/html")
    for part in attachments_render(record.attachments):
        message.attach(part)
    try:
        _refuse_undeliverable(record.to_address)
        message.send()
    except Exception as error:
        verdict = classify(error, message.connection)
        if verdict is SendError.UNCERTAIN:
            return _email_uncertain(record=record, error=error)
        if verdict is SendError.PERMANENT and not isinstance(error, OSError):
            logger.exception("E-mail %s could not be built for sending", record.pk)
        return _email_failed(record=record, error=error, retry=verdict is SendError.TEMPORARY)
    # Whatever the sweep did meanwhile: the server said "250 OK", so it is sent.
    EmailRecord.objects.filter(pk=record.pk).exclude(status=EmailStatus.SENT).update(
        status=EmailStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    return Delivery(Outcome.SENT)


def _refuse_undeliverable(address: str) -> None:
    # A non-ASCII local part needs SMTPUTF8, which Django does not speak: it would be mangled
    # into an encoded word and "sent" to nobody. Forms refuse such addresses; this catches rows
    # made any other way.
    if not address.rpartition("@")[0].isascii():
        raise ValueError(f"Address with a non-ASCII local part cannot be delivered: {address}")


def _email_uncertain(*, record: EmailRecord, error: Exception) -> Delivery:
    message = f"{type(error).__name__}: {error}"[:2000]
    EmailRecord.objects.filter(pk=record.pk, status=EmailStatus.SENDING).update(
        status=EmailStatus.UNCERTAIN,
        last_error=f"The server may have the message; not sent again. ({message})",
    )
    logger.error("E-mail %s to %s: delivery uncertain (%s)", record.pk, record.to_address, message)
    return Delivery(Outcome.UNCERTAIN)


def _email_failed(*, record: EmailRecord, error: Exception, retry: bool) -> Delivery:
    message = f"{type(error).__name__}: {error}"[:2000]
    rows = EmailRecord.objects.filter(pk=record.pk, status=EmailStatus.SENDING)
    if retry and record.attempts < MAX_ATTEMPTS:
        delay = RETRY_BASE_SECONDS * 2 ** (record.attempts - 1)
        rows.update(
            status=EmailStatus.QUEUED,
            last_error=message,
            next_attempt_at=timezone.now() + timedelta(seconds=delay),
        )
        logger.warning(
            "E-mail %s attempt %s failed (%s); retrying in %s s",
            record.pk,
            record.attempts,
            message,
            delay,
        )
        return Delivery(Outcome.RETRY, retry_in=delay)
    rows.update(status=EmailStatus.FAILED, last_error=message)
    logger.error(
        "E-mail %s to %s (%s) failed after %s attempts: %s",
        record.pk,
        record.to_address,
        record.kind,
        record.attempts,
        message,
    )
    return Delivery(Outcome.FAILED)


@dataclass(frozen=True)
class Sweep:
    requeued: int
    uncertain: int


def email_sweep(*, now=None) -> Sweep:
    """Re-enqueue e-mails whose task was lost; mark uncertain (never re-send) those whose
    worker died mid-send."""
    from notifications.tasks import deliver_email

    now = now or timezone.now()
    with transaction.atomic():
        stuck = list(
            EmailRecord.objects.select_for_update(skip_locked=True)
            .filter(status=EmailStatus.SENDING, claimed_at__lt=now - STUCK_AFTER)
            .values_list("pk", "to_address")[:SWEEP_BATCH]
        )
        EmailRecord.objects.filter(
            pk__in=[pk for pk, _address in stuck], status=EmailStatus.SENDING
        ).update(
            status=EmailStatus.UNCERTAIN,
            last_error="Interrupted while sending; not sent again to avoid a duplicate.",
        )
    for pk, address in stuck:
        logger.error("E-mail %s to %s was interrupted while sending; uncertain", pk, address)

    with transaction.atomic():
        lost = list(
            EmailRecord.objects.select_for_update(skip_locked=True)
            .filter(status=EmailStatus.QUEUED, next_attempt_at__lt=now - REQUEUE_AFTER)
            .values_list("pk", flat=True)[:SWEEP_BATCH]
        )
        EmailRecord.objects.filter(pk__in=lost).update(next_attempt_at=now)
        for pk in lost:
            transaction.on_commit(lambda pk=pk: _enqueue(deliver_email, pk))
    if lost:
        logger.warning("Re-enqueued %s queued e-mails whose task was lost", len(lost))
    return Sweep(requeued=len(lost), uncertain=len(stuck))

"""SMTP that knows whether the server already has the message.

An error while connecting, greeting, authenticating or naming the recipients means the
server does not have the message: sending again is safe. An error after the whole message
was written (the connection drops, or the server stays silent, before its "250 OK") means
the server may have it: sending again could deliver it twice. The outbox records such an
e-mail as "uncertain" and does not send it again (notifications.mail.email_deliver).
"""

import enum
import smtplib

from django.core.mail.backends.smtp import EmailBackend as DjangoEmailBackend


class _TracksHandOver:
    handed_over = False

    def data(self, msg):
        # smtplib's data(): send "DATA", read 354, send the message and ".", read 250.
        self._sends_in_data = 0
        self.handed_over = False
        try:
            return super().data(msg)
        finally:
            self._sends_in_data = None

    def send(self, s):
        super().send(s)
        if getattr(self, "_sends_in_data", None) is not None:
            self._sends_in_data += 1
            if self._sends_in_data == 2:  # the message itself, written in full
                self.handed_over = True


class TrackingSMTP(_TracksHandOver, smtplib.SMTP):
    pass


class TrackingSMTPSSL(_TracksHandOver, smtplib.SMTP_SSL):
    pass


class EmailBackend(DjangoEmailBackend):
    """Django's SMTP backend, remembering whether the last message reached the server."""

    message_handed_over = False

    @property
    def connection_class(self):
        return TrackingSMTPSSL if self.use_ssl else TrackingSMTP

    def _send(self, email_message):
        self.message_handed_over = False
        try:
            return super()._send(email_message)
        finally:
            if self.connection is not None and self.connection.handed_over:
                self.message_handed_over = True


class SendError(enum.StrEnum):
    TEMPORARY = "temporary"  # the server does not have it; try again later
    PERMANENT = "permanent"  # 5xx or a message that cannot be built: trying again won't help
    UNCERTAIN = "uncertain"  # the server may have it: never sent again automatically


def classify(error: Exception, connection) -> SendError:
    if getattr(connection, "message_handed_over", False):
        return SendError.UNCERTAIN
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return SendError.PERMANENT if codes and min(codes) >= 500 else SendError.TEMPORARY
    if isinstance(error, smtplib.SMTPResponseException):
        return SendError.PERMANENT if error.smtp_code >= 500 else SendError.TEMPORARY
    if isinstance(error, OSError):  # SMTPException, timeouts, refused or dropped connections
        return SendError.TEMPORARY
    return SendError.PERMANENT

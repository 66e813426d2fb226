"""Reading a received message: who sent it, to which address, is it automatic, what is new in it.

Quoted text and signatures are cut in three steps: the HTML of the big clients marks its
quotes (Gmail's `gmail_quote`, Thunderbird's and Apple Mail's `blockquote type=cite`,
Outlook's `divRplyFwdMsg`), so they are removed before the HTML becomes Markdown; plain
text loses its `>` blocks with the line that introduces them ("W dniu … napisał(a):",
"On … wrote:") and everything from an Outlook-style header block ("Od: … Wysłano: …") or
"-----Oryginalna wiadomość-----" on; then mail-parser-reply (maintained, multilingual)
removes signatures ("-- ", "Pozdrawiam", "Wysłano z mojego iPhone'a") and what its own
language tables know.
"""

import email
import email.policy
import functools
import hashlib
import re
from dataclasses import dataclass, field
from email.contentmanager import raw_data_manager
from email.message import EmailMessage
from email.utils import getaddresses

from mailparser_reply.parser import EmailMessage as ReplyText

from notifications.inbound.app_settings import MAX_BODY_CHARS


@dataclass(frozen=True)
class Attachment:
    name: str
    content: bytes
    content_type: str


@dataclass(frozen=True)
class ParsedMessage:
    message_id: str
    subject: str
    sender: str  # the From address, lower-cased; empty when there is none
    recipients: list[str]  # every address the message was for, lower-cased
    automatic: str  # why it is an auto-reply or a bounce; empty for a person's message
    text: str  # the new text, Markdown, without quotes and signature
    attachments: list[Attachment] = field(default_factory=list)


class _Message(EmailMessage):
    """EmailMessage (get_body() chooses the body as mail clients do) read with the compat32
    policy, which keeps every header the string it was: the default policy parses each
    header it touches into objects, every Content-Type again each time the parts are walked,
    and that was a third of the time spent reading a reply. Only the headers used are
    decoded, by `_header` and `_addresses`."""

    def is_attachment(self) -> bool:
        return self.get_content_disposition() == "attachment"


def read_message(raw: bytes) -> EmailMessage:
    """The message, its headers as received (see _Message)."""
    return email.message_from_bytes(raw, _class=_Message, policy=email.policy.compat32)


def message_id_of(raw: bytes, message=None) -> str:
    """The message's Message-ID, or one made from its bytes (the same bytes, the same id)."""
    if message is None:
        message = read_message(raw)
    value = _header(message, "Message-ID")[:300]
    if value:
        return value
    return f"<{hashlib.sha256(raw).hexdigest()}@no-message-id.invalid>"


def parse_message(
    raw: bytes, *, envelope_sender: str | None = None, envelope_recipient: str = ""
) -> ParsedMessage:
    """Everything the reply handling needs from one raw RFC 822 message."""
    message = read_message(raw)
    sender = _addresses(message, "From")
    recipients = [
        address
        for address in [envelope_recipient.strip().lower()]
        + _addresses(message, "Delivered-To", "X-Original-To", "Envelope-To", "To", "Cc")
        if address
    ]
    automatic = automatic_reason(message, envelope_sender=envelope_sender)
    html_body, text = _bodies(message)
    return ParsedMessage(
        message_id=message_id_of(raw, message),
        subject=_header(message, "Subject"),
        sender=sender[0] if sender else "",
        recipients=list(dict.fromkeys(recipients)),
        automatic=automatic,
        text="" if automatic else new_text(text=text, html=html_body),
        attachments=[] if automatic else _attachments(message, html_body),
    )


# --- automatic messages ----------------------------------------------------------------

_AUTO_SUBJECT = re.compile(
    r"^\s*(?:auto(?:matic)?[ -]?(?:reply|response|antwort)|autoreply|auto:|"
    r"out of (?:the )?office|vacation|abwesen|absence|"
    r"odpowied[zź] automatyczna|automatyczna odpowied[zź]|autoodpowied[zź]|"
    r"nieobecno[sś][cć]|poza biurem|jestem na urlopie|urlop\b|"
    r"undeliver|delivery status notification|mail delivery (?:failed|system)|"
    r"returned mail|niedostarczon|nie (?:można|mo[zż]na) dostarczy[cć])",
    re.IGNORECASE,
)
_BULK_PRECEDENCE = {"bulk", "junk", "list", "auto_reply", "auto-reply"}
_DAEMONS = ("mailer-daemon", "postmaster", "no-reply", "noreply", "do-not-reply", "bounce")


def automatic_reason(message: EmailMessage, *, envelope_sender: str | None = None) -> str:
    """Why a message was sent by a machine (an auto-reply or a bounce), or "" for a person's.

    Nobody is answered about these: answering an auto-reply starts a loop, answering a
    bounce answers nobody.
    """
    auto_submitted = _header(message, "Auto-Submitted").lower()
    if auto_submitted and auto_submitted != "no":
        return f"Auto-Submitted: {auto_submitted}"
    for name in ("X-Autoreply", "X-Autorespond", "X-Autoresponder", "X-Failed-Recipients"):
        if message.get(name) is not None:
            return f"{name} header"
    precedence = _header(message, "Precedence").lower()
    if precedence in _BULK_PRECEDENCE:
        return f"Precedence: {precedence}"
    if message.get_content_type() == "multipart/report":
        return "delivery status report (multipart/report)"
    return_path = _header(message, "Return-Path")
    if envelope_sender is not None and envelope_sender.strip() in ("", "<>"):
        return "empty envelope sender (a bounce)"
    if message.get("Return-Path") is not None and return_path.strip() in ("", "<>"):
        return "empty Return-Path (a bounce)"
    senders = _addresses(message, "From")
    if senders and senders[0].partition("@")[0].startswith(_DAEMONS):
        return f"sent by {senders[0]}"
    if _AUTO_SUBJECT.search(_header(message, "Subject")):
        return "auto-reply subject"
    return ""


# --- the new text -------------------------------------------------------------------------


def new_text(*, text: str, html: str) -> str:
    """The reply's own words as Markdown: plain text when the message has it, else its HTML."""
    if not text and html:
        text = html_to_markdown(html)
    text = strip_quotes(text)
    text = strip_signature(text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return text[:MAX_BODY_CHARS]


_QUOTE_SELECTORS = [
    "div.gmail_quote",
    "div.gmail_extra",
    "blockquote",
    "div.moz-cite-prefix",
    "div.yahoo_quoted",
    "div.gmail_signature",
    "div.moz-signature",
    "#Signature",
    "div.OutlookMessageHeader",
    "style",
    "script",
    "head",
    "title",
]
# Outlook puts the original below a marker without quoting it: cut from the marker on.
_CUT_SELECTORS = [
    "#divRplyFwdMsg",
    "#appendonsend",
    "div[style*='border-top:solid #E1E1E1']",
    "div[style*='border-top: solid #E1E1E1']",
    "div[style*='border-top:solid #B5C4DF']",
    "hr#stopSpelling",
]
_QUOTE_SELECTOR = ", ".join(_QUOTE_SELECTORS)
_CUT_SELECTOR = ", ".join(_CUT_SELECTORS)


def html_to_markdown(html: str) -> str:
    """HTML mail as Markdown (escaped, so `*` and `_` stay text), its marked quotes removed."""
    # Imported here: only HTML-only mail needs them, and the pipe command starts per message.
    from bs4 import BeautifulSoup
    from markdownify import markdownify

    soup = BeautifulSoup(html, "html.parser")
    # One walk of the document for each list (not one per selector), in document order.
    for element in soup.select(_CUT_SELECTOR):
        _cut_from(element)
    for element in soup.select(_QUOTE_SELECTOR):
        if not element.decomposed:  # not inside a quote removed already
            element.decompose()
    return markdownify(str(soup), heading_style="ATX", bullets="-", strip=["img"])


def _cut_from(element) -> None:
    """Remove the element and everything after it in the document."""
    node = element
    while node is not None and node.name not in ("body", "[document]"):
        for sibling in list(node.next_siblings):
            sibling.extract()
        node = node.parent
    element.extract()


_ATTRIBUTION_END = re.compile(
    r"(?:napisał\(a\)|napisał|napisała|napisali|pisze|wrote|schrieb|a écrit)\s*:\s*$",
    re.IGNORECASE,
)
_APPLE_ATTRIBUTION = re.compile(r"^\s*Wiadomość napisana przez .* w dniu .*:\s*$", re.IGNORECASE)
_SEPARATOR = re.compile(
    r"^\s*-{2,}\s*(?:original message|oryginalna wiadomość|wiadomość oryginalna|"
    r"forwarded message|przekazana wiadomość|wiadomość przekazana dalej)\s*-{2,}\s*$",
    re.IGNORECASE,
)
_HEADER_FROM = re.compile(r"^\s*\**(?:from|od|nadawca)\**\s*:\s*\S", re.IGNORECASE)
_HEADER_NEXT = re.compile(
    r"^\s*\**(?:sent|date|to|subject|wysłano|data|do|temat|adresat)\**\s*:", re.IGNORECASE
)


def _is_attribution(line: str) -> bool:
    if _APPLE_ATTRIBUTION.match(line):
        return True
    # A date or an address in it: "W dniu 1.12.2026 o 10:00, Sieci <…> napisał(a):".
    return bool(_ATTRIBUTION_END.search(line)) and bool(re.search(r"\d|@", line))


def _is_quote(line: str) -> bool:
    return line.lstrip().startswith(">")


def strip_quotes(text: str) -> str:
    """Plain text without `>` quotes, the lines introducing them and an Outlook-style original."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = lines[: _original_starts(lines)]

    def only_quotes_follow(index: int) -> bool:
        for line in lines[index + 1 :]:
            if line.strip():
                return _is_quote(line)
        return True

    kept, skip = [], 0
    for index, line in enumerate(lines):
        if skip:
            skip -= 1
            continue
        if _is_quote(line):
            continue
        if _is_attribution(line) and only_quotes_follow(index):
            continue
        # Gmail wraps a long attribution over two lines.
        if (
            index + 1 < len(lines)
            and _is_attribution(f"{line} {lines[index + 1]}")
            and _ATTRIBUTION_END.search(lines[index + 1])
            and only_quotes_follow(index + 1)
        ):
            skip = 1
            continue
        kept.append(line)
    return "\n".join(kept)


def _original_starts(lines: list[str]) -> int:
    """Where an unquoted original begins (Outlook, webmails), or the end."""
    for index, line in enumerate(lines):
        if _SEPARATOR.match(line):
            return index
        if _HEADER_FROM.match(line) and any(
            _HEADER_NEXT.match(following) for following in lines[index + 1 : index + 5]
        ):
            if index and re.fullmatch(r"\s*_{5,}\s*", lines[index - 1]):
                return index - 1
            return index
    return len(lines)


# "Wysłano z iPhone’a": the library's pattern misses the typographic apostrophe of iOS.
_SENT_FROM = re.compile(
    r"^\s*(?:sent from my|wysłano z|wysłane z|get outlook for|pobierz aplikację outlook)\b.{0,60}\s*\Z",
    re.IGNORECASE | re.MULTILINE,
)


def strip_signature(text: str) -> str:
    """The text without its signature ("-- " and what follows; sign-offs mail-parser-reply knows)."""
    text = re.split(r"^-- ?$", text, maxsplit=1, flags=re.MULTILINE)[0]
    text = _SENT_FROM.sub("", text.rstrip())
    if not text.strip():
        return ""
    parsed = ReplyText(text=text, **_reply_text_options()).read()
    return parsed.replies[0].body if parsed.replies else text


@functools.cache
def _reply_text_options() -> dict:
    """The parser's options with its regular expressions compiled once per process: it
    compiles them per message otherwise, which was a fifth of a reply's CPU time."""
    options = {"languages": ["pl", "en"], "keep_hyphen_lists": True}
    sample = ReplyText(text="", **{**options, "languages": list(options["languages"])})
    return {
        **options,
        "_header_regex": sample.HEADER_REGEX,
        "_signature_regex": sample.SIGNATURE_REGEX,
        "_disclaimers_regex": sample.DISCLAIMERS_REGEX,
    }


# --- parts and headers ----------------------------------------------------------------------


def _bodies(message: EmailMessage) -> tuple[str, str]:
    """(HTML, plain text) of the message's body; either may be empty."""
    html = text = ""
    for preference in ("plain", "html"):
        part = message.get_body(preferencelist=(preference,))
        if part is None:
            continue
        try:
            content = part.get_content(content_manager=raw_data_manager)
        except (LookupError, ValueError):  # an unknown charset: decode what we can
            content = (part.get_payload(decode=True) or b"").decode("utf-8", "replace")
        if preference == "plain":
            text = content
        else:
            html = content
    return html, text


def _attachments(message: EmailMessage, html: str) -> list[Attachment]:
    """Files attached to the message; an inline picture the HTML shows (a logo) is not one."""
    found = []
    for part in message.walk():
        if part.is_multipart():
            continue
        disposition = part.get_content_disposition()
        name = part.get_filename()
        if disposition != "attachment":
            if not name or part.get_content_maintype() == "text":
                continue
            content_id = str(part.get("Content-ID", "")).strip("<> ")
            if content_id and f"cid:{content_id}" in html:
                continue
        found.append(
            Attachment(
                name=_decoded(name) if name else "attachment",
                content=part.get_payload(decode=True) or b"",
                content_type=part.get_content_type(),
            )
        )
    return found


def _raw_values(message: EmailMessage, name: str) -> list[str]:
    """Every value of one header as received, 8-bit bytes read as UTF-8 (as clients send them)."""
    name = name.lower()
    return [
        value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        for key, value in message.raw_items()
        if key.lower() == name
    ]


def _header(message: EmailMessage, name: str) -> str:
    """One header's first value as text: encoded words decoded, whitespace folded."""
    values = _raw_values(message, name)
    return " ".join(_decoded(values[0]).split()) if values else ""


def _decoded(value: str, name: str = "Subject") -> str:
    """A header value with its RFC 2047 encoded words decoded by the default policy's parser
    (as lenient as mail clients: "=?utf-8?B?T2Rw?=: Nowy wpis" is "Odp: Nowy wpis")."""
    if "=?" not in value:
        return value
    try:
        return str(email.policy.default.header_fetch_parse(name, value))
    except (ValueError, TypeError, LookupError, UnicodeError, IndexError):
        return value


def _addresses(message: EmailMessage, *names: str) -> list[str]:
    values = []
    for name in names:
        try:
            # Encoded words are left in: a decoded display name may hold a comma.
            values.extend(_raw_values(message, name))
        except (ValueError, TypeError, IndexError):
            continue
    return [address.lower() for _name, address in getaddresses(values) if "@" in address]

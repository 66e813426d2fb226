"""A local SMTP server the tests control, to inject the faults real servers have."""

import socket
import socketserver
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Behaviour:
    # "ok", "drop_after_data", "silent_greeting", "451_rcpt", "550_rcpt", "slow_ok"
    mode: str = "ok"
    before_reply: Callable[[], None] | None = None  # run after the message, before "250"
    received: list[bytes] = field(default_factory=list)


class _Handler(socketserver.StreamRequestHandler):
    timeout = 10

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        behaviour: Behaviour = self.server.behaviour
        if behaviour.mode == "silent_greeting":
            time.sleep(5)
            return
        self.reply("220 test.invalid ESMTP")
        while True:
            try:
                line = self.rfile.readline()
            except (TimeoutError, OSError):
                return
            if not line:
                return
            command = line.decode(errors="replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 test.invalid")
            elif command.startswith("MAIL FROM"):
                self.reply("250 OK")
            elif command.startswith("RCPT TO"):
                if behaviour.mode == "451_rcpt":
                    self.reply("451 4.3.0 Try again later")
                elif behaviour.mode == "550_rcpt":
                    self.reply("550 5.1.1 No such user")
                else:
                    self.reply("250 OK")
            elif command == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                body = b""
                while not body.endswith(b"\r\n.\r\n"):
                    chunk = self.rfile.readline()
                    if not chunk:
                        return
                    body += chunk
                behaviour.received.append(body)
                if behaviour.mode == "drop_after_data":
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if behaviour.before_reply:
                    behaviour.before_reply()
                self.reply("250 2.0.0 Queued")
            elif command == "QUIT":
                self.reply("221 Bye")
                return
            elif command == "RSET" or command == "NOOP":
                self.reply("250 OK")
            else:
                self.reply("502 Not implemented")


class SMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, behaviour: Behaviour):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.behaviour = behaviour
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self.server_address[1]

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()

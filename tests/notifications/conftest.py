"""Stand-ins for the servers messages go to, run for real on this machine: an SMTP server
(aiosmtpd) and an HTTP server that answers like LINE's Messaging API push endpoint."""

import asyncio
import json
import socket
import threading
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MailBox:
    """What the SMTP server accepted. `fail_next` answers that many DATA commands with a
    temporary failure (451); `refuse` answers 550 to those addresses; `hold_at` makes the n-th
    message wait (its sender sees no answer) until the client goes away or `release` is set."""

    def __init__(self) -> None:
        self.messages = []
        self.fail_next = 0
        self.refuse: set[str] = set()
        self.hold_at: int | None = None
        self.holding = threading.Event()
        self.release = threading.Event()
        self.data_commands = 0
        self.delay = 0.0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.data_commands += 1
        if self.fail_next > 0:
            self.fail_next -= 1
            return "451 4.3.0 try again later"
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.hold_at is not None and self.data_commands == self.hold_at:
            self.holding.set()
            while not self.release.is_set():  # cancelled when the client's connection drops
                await asyncio.sleep(0.05)
        # The server takes the message (and answers 250) only now: a client killed before
        # this point has handed over nothing, as with a real mail server.
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def subjects(self) -> list[str]:
        return [str(message["Subject"]).strip() for message in self.messages]


@pytest.fixture
def smtp_server():
    mailbox = MailBox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield mailbox, controller.port
    finally:
        mailbox.release.set()
        controller.stop()


@pytest.fixture
def mail(smtp_server, settings):
    """Django's mail goes over SMTP to the local server."""
    mailbox, port = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.SITE_URL = "https://concenter.example"
    settings.LINE_CHANNEL_ACCESS_TOKEN = ""
    return mailbox


class LineStandIn:
    """Answers POST /v2/bot/message/push as LINE does: 200 once per X-Line-Retry-Key, 409 for a
    key it already accepted; `fail_next` answers that many pushes with 500."""

    def __init__(self) -> None:
        self.pushes: list[dict] = []
        self.keys: set[str] = set()
        self.fail_next = 0
        self.tokens: list[str] = []
        self.lock = threading.Lock()


@pytest.fixture
def line_server():
    stand_in = LineStandIn()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _answer(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            if self.path != "/v2/bot/message/push":
                self._answer(404, {"message": "Not found"})
                return
            with stand_in.lock:
                stand_in.tokens.append(self.headers.get("Authorization", ""))
                if stand_in.fail_next > 0:
                    stand_in.fail_next -= 1
                    self._answer(500, {"message": "Internal error"})
                    return
                key = self.headers.get("X-Line-Retry-Key", "")
                if key and key in stand_in.keys:
                    self._answer(409, {"message": "The retry key is already accepted"})
                    return
                stand_in.keys.add(key)
                stand_in.pushes.append(body)
            self._answer(200, {"sentMessages": [{"id": str(len(stand_in.pushes))}]})

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield stand_in, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def line(line_server, settings):
    stand_in, url = line_server
    settings.LINE_CHANNEL_ACCESS_TOKEN = "test-channel-token"
    settings.LINE_API_ENDPOINT = url
    settings.SITE_URL = "https://concenter.example"
    return stand_in


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()

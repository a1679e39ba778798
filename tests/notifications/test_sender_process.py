"""A real sender process killed with kill -9 in the middle of a batch loses and duplicates
nothing: the message it was handing over when it died was not taken by the SMTP server (no
"250" came back), stays "sending" until its lease ends, and the next sender delivers it and
the rest, each once."""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.db import connection

from tests.notifications.conftest import MailBox

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

MESSAGES = 8
LEASE_SECONDS = 2


@pytest.fixture
def site(tmp_path, django_db_blocker, smtp_server):
    mailbox, port = smtp_server
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        CONCENTER_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="config.settings.local",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(port),
        EMAIL_USE_TLS="0",
        NOTIFICATIONS_LEASE_SECONDS=str(LEASE_SECONDS),
        NOTIFICATIONS_SEND_ON_COMMIT="0",
        SITE_URL="https://concenter.example",
    )
    with django_db_blocker.unblock():
        vendor = connection.vendor
        settings_dict = dict(connection.settings_dict)
    database_url = None
    if vendor == "postgresql":
        import psycopg

        name = f"{settings_dict['NAME']}_outbox"
        base = f"postgresql://{settings_dict.get('USER') or 'postgres'}@{settings_dict.get('HOST') or '127.0.0.1'}:{settings_dict.get('PORT') or 5432}"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as pg:
            pg.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            pg.execute(
                f"CREATE DATABASE \"{name}\" LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0"
            )
        database_url = f"{base}/{name}"
        env["DATABASE_URL"] = database_url

    def run(*args, **kwargs):
        return subprocess.run(
            [sys.executable, "-m", "concenter", *args],
            env=env, capture_output=True, text=True, check=True, timeout=300, **kwargs,
        )  # fmt: skip

    def popen(*args):
        return subprocess.Popen(
            [sys.executable, "-m", "concenter", *args],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip

    run("migrate", "--no-input", "-v", "0")
    yield mailbox, run, popen
    if database_url:
        import psycopg

        with psycopg.connect(database_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as pg:
            pg.execute(f'DROP DATABASE IF EXISTS "{database_url.rsplit("/", 1)[1]}" WITH (FORCE)')


ENQUEUE = (
    "from django.db import transaction\n"
    "from concenter.notifications.services import Recipient, message_enqueue\n"
    "with transaction.atomic():\n"
    f"    for n in range({MESSAGES}):\n"
    "        message_enqueue(kind='test', recipient=Recipient(name=f'คนที่ {n}', "
    "email=f'person{n}@example.org'), context={'name': f'คนที่ {n}'}, idempotency_key=f'kill:{n}')\n"
)
STATES = (
    "from concenter.notifications.models import OutboxMessage as M\n"
    "print(sorted(M.objects.values_list('state', flat=True)))\n"
)


def test_kill_9_of_the_sender_mid_batch_loses_and_duplicates_nothing(site):
    mailbox, run, popen = site
    mailbox: MailBox
    run("shell", "--no-imports", "-c", ENQUEUE)
    mailbox.hold_at = 4  # the 4th message: the server holds it, as a slow server would
    process = popen("work", "--once")
    assert mailbox.holding.wait(120), "the sender never reached the 4th message"
    assert len(mailbox.messages) == 3  # mid-batch: three handed over, five to go
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    states = run("shell", "--no-imports", "-c", STATES).stdout
    assert states.count("'sent'") == 3 and states.count("'sending'") == 1
    mailbox.hold_at = None
    mailbox.release.set()
    time.sleep(LEASE_SECONDS + 0.5)  # the dead sender's lease on the 4th message runs out
    run("work", "--once")
    received = sorted(str(message["To"]) for message in mailbox.messages)
    assert received == sorted(f"person{n}@example.org" for n in range(MESSAGES))
    assert run("shell", "--no-imports", "-c", STATES).stdout.count("'sent'") == MESSAGES

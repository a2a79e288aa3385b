"""Real mail servers on loopback for the integration tests and benchmarks: Dovecot and an aiosmtpd sink.

Why Dovecot's private configuration looks the way it does:
- the base directory is mode 0755 and the passwd file 0644 (pytest's tmp_path is 0700, and Dovecot's auth
  process, running as user dovecot, then fails with "Temporary authentication failure" after ~6 s);
- mail is stored as uid nobody (never 0), in a folder that uid can write; LOGIN works even when this is
  wrong and only SELECT fails (the daemon's start-up check SELECTs for that reason);
- ``base_dir`` and ``log_path`` are in the instance's folder (else /run/dovecot and syslog, which is absent);
- ``ssl = no`` is said outright (else Dovecot offers STARTTLS without a certificate);
- started with ``-F`` so the recorded PID is the master's, and stopped by that PID, never by name.
"""

from __future__ import annotations

import asyncio
import grp
import imaplib
import os
import pwd
import shutil
import signal
import smtplib
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, make_msgid
from pathlib import Path

from aiosmtpd.controller import Controller

REPO = Path(__file__).resolve().parents[1]
LIST_ID = "balint-l.lists.example.org"
LIST_ADDRESS = "balint-l@lists.example.org"
BOT_ADDRESS = "listbot@example.org"
BOT_USER = "listbot"
BOT_PASSWORD = "bot-secret-7431"
MEMBER = "member@example.org"  # has a Sieve vacation responder
PASSWORD_ENV = "LISTBOT_TEST_IMAP_PASSWORD"

DOVECOT = shutil.which("dovecot") or ("/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None)

VACATION_SIEVE = 'require ["vacation"];\nvacation :days 1 :subject "Out of office" "Away until Monday.";\n'


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout} s") from None
            time.sleep(0.02)


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (IP SAN): (cert.pem, key.pem), readable by Dovecot."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    cert.chmod(0o644)
    key.chmod(0o644)
    return cert, key


def make_base_dir(prefix: str = "listbot-dovecot-") -> Path:
    """A directory Dovecot's unprivileged processes can read (tmp_path is 0700: auth fails there)."""
    base = Path(tempfile.mkdtemp(prefix=prefix))
    base.chmod(0o755)
    return base


class Dovecot:
    """A private Dovecot (IMAP + LMTP + Sieve) under base_dir, listening on free loopback ports."""

    def __init__(
        self,
        base_dir: Path,
        users: dict[str, str],
        smtp_port: int | None = None,
        tls: tuple[Path, Path] | None = None,
    ):
        """``tls=(cert, key)``: STARTTLS on the IMAP port (required) plus implicit TLS on ``imaps_port``."""
        if DOVECOT is None:
            raise FileNotFoundError(
                "dovecot is not installed (apt-get install dovecot-imapd dovecot-lmtpd dovecot-sieve)"
            )
        self.base = Path(base_dir)
        self.users = dict(users)
        self.smtp_port = smtp_port or free_port()  # where Sieve sends vacation replies
        self.imap_port = free_port()
        self.lmtp_port = free_port()
        self.tls = tls
        self.imaps_port = free_port() if tls else 0
        self.process: subprocess.Popen[bytes] | None = None
        self._uid = pwd.getpwnam("nobody").pw_uid
        self._gid = grp.getgrnam("nogroup").gr_gid
        self._write_config()

    # -- setup ---------------------------------------------------------------------------------------

    def home(self, user: str) -> Path:
        return self.base / "mail" / user

    def _write_config(self) -> None:
        base = self.base
        self.base.chmod(0o755)
        for sub in ("run", "state", "mail"):
            (base / sub).mkdir(exist_ok=True)
        passwd = base / "passwd"
        passwd.write_text("".join(f"{u}:{{PLAIN}}{p}\n" for u, p in self.users.items()))
        passwd.chmod(0o644)
        for user in self.users:
            self._own(self.home(user))
        self._own(base / "mail")
        ssl = "ssl = no"
        if self.tls:
            cert, key = self.tls
            ssl = f"ssl = required\nssl_cert = <{cert}\nssl_key = <{key}"
        (base / "dovecot.conf").write_text(
            f"""base_dir = {base}/run
state_dir = {base}/state
log_path = {base}/dovecot.log
info_log_path = {base}/dovecot.log
protocols = imap lmtp
listen = 127.0.0.1
{ssl}
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
postmaster_address = postmaster@example.org
hostname = mail.example.org
submission_host = 127.0.0.1:{self.smtp_port}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {passwd}
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={base}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.imaps_port}
  }}
}}
service lmtp {{
  inet_listener lmtp {{
    address = 127.0.0.1
    port = {self.lmtp_port}
  }}
}}
protocol lmtp {{
  mail_plugins = $mail_plugins sieve
}}
plugin {{
  sieve = file:~/sieve;active=~/.dovecot.sieve
  sieve_extensions = +vacation-seconds
  sieve_vacation_min_period = 0
}}
"""
        )

    def _own(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        for root, dirs, files in os.walk(path):
            os.chown(root, self._uid, self._gid)
            for name in dirs + files:
                os.chown(os.path.join(root, name), self._uid, self._gid, follow_symlinks=False)

    def add_vacation(self, user: str, script: str = VACATION_SIEVE) -> None:
        """Make ``user`` an out-of-office member: a Sieve vacation responder on LMTP delivery."""
        home = self.home(user)
        (home / "sieve").mkdir(parents=True, exist_ok=True)
        (home / "sieve" / "vacation.sieve").write_text(script)
        link = home / ".dovecot.sieve"
        if not link.is_symlink():
            link.symlink_to("sieve/vacation.sieve")
        self._own(home)

    # -- lifecycle -----------------------------------------------------------------------------------

    def start(self) -> None:
        self.process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(self.base / "dovecot.conf")],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group: stop() ends the children too
        )
        try:
            wait_port(self.imap_port)
            wait_port(self.lmtp_port)
            if self.imaps_port:
                wait_port(self.imaps_port)
        except TimeoutError:
            self.stop()
            raise RuntimeError(f"dovecot did not start; see {self.base / 'dovecot.log'}") from None

    def stop(self) -> None:
        if self.process is None:
            return
        group = self.process.pid  # the session leader's pid is the group id
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        # The master leaves its imap/log/stats children running with open client connections; a server
        # that is "down" must drop them, as a crashed or rebooted machine would.
        try:
            os.killpg(group, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if self.process.stderr:
            self.process.stderr.close()
        self.process = None

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def __enter__(self) -> Dovecot:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- mail ----------------------------------------------------------------------------------------

    def append(self, user: str, raw: bytes, mailbox: str = "INBOX") -> None:
        """APPEND a message as ``user`` (what a list server's copy to the bot's mailbox amounts to)."""
        client = imaplib.IMAP4("127.0.0.1", self.imap_port, timeout=10)
        try:
            client.login(user, self.users[user])
            typ, data = client.append(mailbox, "", imaplib.Time2Internaldate(time.time()), raw)
            if typ != "OK":
                raise RuntimeError(f"APPEND failed: {data!r}")
        finally:
            try:
                client.logout()
            except Exception:
                pass

    def drop_into_maildir(self, user: str, raw: bytes) -> None:
        """Put a message into the user's Maildir/new directly: mail arriving while Dovecot is down."""
        new = self.home(user) / "Maildir" / "new"
        for sub in ("new", "cur", "tmp"):
            (new.parent / sub).mkdir(parents=True, exist_ok=True)
        name = f"{time.time_ns()}.P{os.getpid()}.test"
        tmp = new.parent / "tmp" / name
        tmp.write_bytes(raw)
        tmp.rename(new / name)
        self._own(self.home(user) / "Maildir")

    def deliver_lmtp(self, sender: str, recipients: list[str], raw: bytes) -> dict[str, tuple[int, bytes]]:
        """Deliver over LMTP (Sieve runs); returns the refused recipients."""
        with smtplib.LMTP("127.0.0.1", self.lmtp_port, timeout=10) as client:
            return client.sendmail(sender, recipients, raw)

    def messages(self, user: str) -> int:
        maildir = self.home(user) / "Maildir"
        return sum(len(list((maildir / sub).glob("*"))) for sub in ("new", "cur") if (maildir / sub).exists())

    def log_text(self) -> str:
        path = self.base / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""


@dataclass(frozen=True)
class Received:
    mail_from: str  # "<>" for the null sender, as aiosmtpd reports it
    rcpt_tos: tuple[str, ...]
    data: bytes
    at: float  # time.time() when accepted


class _Handler:
    def __init__(self, sink: SmtpSink):
        self.sink = sink

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        reply = self.sink.reply
        if not reply.startswith("250"):
            return reply
        received = Received(
            envelope.mail_from,
            tuple(envelope.rcpt_tos),
            bytes(envelope.original_content or b""),  # type: ignore[attr-defined]
            time.time(),
        )
        with self.sink._cond:
            self.sink._messages.append(received)
            self.sink._cond.notify_all()
        if self.sink.delay:  # the message is here, the sender not yet told: a crash now leaves it unsure
            await asyncio.sleep(self.sink.delay)
        return "250 2.0.0 OK"


class SmtpSink:
    """An aiosmtpd SMTP server that keeps what it accepts. ``reply`` can make it answer 4xx/5xx to DATA;
    ``delay`` makes it keep a message that long before it says 250."""

    def __init__(self, port: int | None = None, starttls: ssl.SSLContext | None = None):
        """``starttls``: a server context; the sink then offers STARTTLS and requires it."""
        self.port = port or free_port()
        self.starttls = starttls
        self.reply = "250 OK"
        self.delay = 0.0  # seconds between taking a message and answering 250
        self._messages: list[Received] = []
        self._cond = threading.Condition()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = self._make_controller()
        deadline = time.monotonic() + 10
        while True:
            try:
                self._controller.start()
                return
            except (OSError, RuntimeError):  # the port may linger right after a stop
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
                self._controller = self._make_controller()

    def _make_controller(self) -> Controller:
        tls = {"tls_context": self.starttls, "require_starttls": True} if self.starttls else {}
        return Controller(_Handler(self), hostname="127.0.0.1", port=self.port, ready_timeout=10, **tls)

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def running(self) -> bool:
        return self._controller is not None

    def __enter__(self) -> SmtpSink:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def messages(self) -> list[Received]:
        with self._cond:
            return list(self._messages)

    def wait_for(
        self, predicate: Callable[[list[Received]], bool] | int, timeout: float = 10.0
    ) -> list[Received]:
        """Wait until ``predicate(messages)`` holds (an int n means: at least n messages). Returns them."""
        check = (lambda msgs: len(msgs) >= predicate) if isinstance(predicate, int) else predicate
        deadline = time.monotonic() + timeout
        with self._cond:
            while not check(self._messages):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(
                        f"sink: condition not met after {timeout} s ({len(self._messages)} messages)"
                    )
                self._cond.wait(min(left, 0.5))
            return list(self._messages)


# -- listbot itself, as a process, with a config for these servers -----------------------------------


def write_config(
    folder: Path,
    dovecot: Dovecot | None,
    sink: SmtpSink,
    *,
    mode: str = "live",
    extra: str = "",
    wait_minutes: float = 0,
    lmtp_port: int | None = None,
    console_port: int | None = None,
    faq_file: Path | None = None,
) -> Path:
    """A listbot.yaml for the test servers: the keys an external harness writes, plus quick retries.

    With ``lmtp_port`` the source is LMTP (no Dovecot needed); with ``console_port`` the console is on."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "listbot.yaml"
    source = "lmtp" if lmtp_port else "imap"
    imap = (
        f"""imap:
  host: 127.0.0.1
  port: {dovecot.imap_port}
  security: none
  username: {BOT_USER}
  password_env: {PASSWORD_ENV}
  mailbox: INBOX
"""
        if dovecot is not None
        else ""
    )
    lmtp = f"lmtp:\n  host: 127.0.0.1\n  port: {lmtp_port}\n" if lmtp_port else ""
    console = (
        f"console:\n  enabled: true\n  listen: 127.0.0.1:{console_port}\n"
        f"  base_url: http://127.0.0.1:{console_port}\n"
        if console_port
        else ""
    )
    path.write_text(
        f"""mode: {mode}
source: {source}
list:
  name: Balint-L
  address: {LIST_ADDRESS}
  list_id: {LIST_ID}
  timezone: America/New_York
bot:
  address: {BOT_ADDRESS}
  name: Balint-L FAQ Assistant
  envelope_sender: ""
  moderators: [moderators@example.org]
  human_contact: info@example.org
{imap}{lmtp}{console}smtp:
  host: 127.0.0.1
  port: {sink.port}
  security: none
  retry_initial_seconds: 0.5
  retry_max_seconds: 2
state: {folder / "state" / "listbot.sqlite3"}
faq_file: {faq_file or REPO / "config" / "faq.yaml"}
calls_file: {folder / "calls.yaml"}
templates: {REPO / "templates"}
answers:
  wait_minutes: {wait_minutes}
  daily_cap_per_author: 5
  breaker:
    max_answers: 1000
    window_minutes: 60
digest:
  enabled: false
reminders:
  enabled: false
log_level: INFO
{extra}"""
    )
    return path


@dataclass
class DaemonProcess:
    """``listbot run`` as a child process, its log in a file. ``piped``: the child writes its log to a pipe
    that the test copies into the file (a child that may not write files can still log)."""

    config: Path
    log: Path
    process: subprocess.Popen[bytes] | None = None
    piped: bool = False

    def start(self, *extra: str) -> None:
        env = dict(os.environ, **{PASSWORD_ENV: BOT_PASSWORD})
        self._ready_before = self.log_text().count("imap: caught up")
        with self.log.open("ab") as log_file:  # the child keeps its own copy of the descriptor
            self.process = subprocess.Popen(
                [sys.executable, "-m", "listbot.cli", "run", "-c", str(self.config), *extra],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE if self.piped else log_file,
                stderr=subprocess.STDOUT,
                env=env,
                cwd=REPO,
            )
        if self.piped:
            threading.Thread(target=self._copy_log, args=(self.process,), daemon=True).start()

    def _copy_log(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None
        with process.stdout, self.log.open("ab", buffering=0) as log_file:
            for line in process.stdout:
                log_file.write(line)

    def wait_ready(self, timeout: float = 30.0, marker: str = "imap: caught up") -> None:
        """Until this run's watcher has caught up on the mailbox and watches it (or another log marker)."""
        before = self._ready_before if marker == "imap: caught up" else 0
        wait_until(
            lambda: self.log_text().count(marker) > before or self.exited(),
            timeout,
            "the daemon to start",
        )
        assert not self.exited(), self.log_text()

    def exited(self) -> bool:
        return self.process is not None and self.process.poll() is not None

    def terminate(self, timeout: float = 30.0) -> int:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout)

    def kill9(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def settled(state_path: Path, sink: SmtpSink) -> bool:
    """Has the daemon nothing left to do that could reach the sink? Every post in the inbox processed,
    no outbox row waiting or being sent, and every row marked sent already in the sink."""
    from listbot.store import Store

    with Store(state_path) as store:
        if store.pending_inbox(1):
            return False
        rows = store.outbox_all()
    if any(row.status in ("pending", "sending") for row in rows):
        return False
    received = {_message_id(m.data) for m in sink.messages()}
    return all(_message_id(row.message) in received for row in rows if row.status == "sent")


def _message_id(data: bytes) -> str:
    from email import message_from_bytes
    from email.policy import default

    return str(message_from_bytes(data, policy=default)["Message-ID"] or "").strip()


def wait_settled(state_path: Path, sink: SmtpSink, timeout: float = 20.0) -> None:
    """Until ``settled``: what the bot sends has reached the sink, so a count of the sink is final."""
    wait_until(lambda: settled(state_path, sink), timeout, "the daemon to settle", every=0.1)


def wait_until(condition: Callable[[], object], timeout: float, what: str, every: float = 0.05) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout} s for {what}")
        time.sleep(every)


def list_copy(
    author: str,
    subject: str,
    body: str,
    *,
    name: str = "A Member",
    message_id: str | None = None,
    extra_headers: str = "",
    date: datetime | None = None,
) -> tuple[str, bytes]:
    """A post as the list distributes it (also to the bot's mailbox). Returns (Message-ID, bytes)."""
    message_id = message_id or make_msgid(domain="members.example.org")
    raw = (
        f"Return-Path: <owner-balint-l@lists.example.org>\r\n"
        f"From: {name} <{author}>\r\n"
        f"To: {LIST_ADDRESS}\r\n"
        f"Subject: {subject}\r\n"
        f"Date: {format_datetime(date or datetime.now(UTC))}\r\n"
        f"Message-ID: {message_id}\r\n"
        f"List-Id: Balint-L <{LIST_ID}>\r\n"
        f"Sender: Balint-L <owner-balint-l@lists.example.org>\r\n"
        f"{extra_headers}"
        f"MIME-Version: 1.0\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\n"
        f"\r\n{body}\r\n"
    )
    return message_id.strip("<>"), raw.encode()

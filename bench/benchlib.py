"""What bench/crash.py, bench/followers.py and bench/scale_measure.py share: Telegram updates, a small keep-alive
HTTP client, starting buurtbot with the bench's environment, waiting for its replies at the stub and reading its
/metrics. Everything talks to 127.0.0.1."""

import asyncio
import json
import os
import re
import signal
import sqlite3
import subprocess
import time
import urllib.request

HOST = "127.0.0.1"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"

FIRST_NAMES = ["Anna", "Bert", "Carla", "Daan", "Emma", "Fatima", "Gerrit", "Hanneke", "Ibrahim", "Joost",
               "Kim", "Lotte", "Mohamed", "Noor", "Olga", "Pieter", "Sanne", "Thijs", "Yasmina", "Zeynep"]
LAST_NAMES = ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos", "Yilmaz"]


def update(update_id, chat_id, text, language="nl"):
    """A private-chat text message as Telegram posts it to a webhook."""
    first = FIRST_NAMES[chat_id % len(FIRST_NAMES)]
    last = LAST_NAMES[(chat_id // len(FIRST_NAMES)) % len(LAST_NAMES)]
    person = {"id": chat_id, "is_bot": False, "first_name": first, "last_name": last, "language_code": language}
    message = {"message_id": update_id % 1000000 + 1, "from": person,
               "chat": {"id": chat_id, "first_name": first, "last_name": last, "type": "private"},
               "date": int(time.time()), "text": text}
    if text.startswith("/"):
        word = text.split(" ", 1)[0]
        message["entities"] = [{"offset": 0, "length": len(word), "type": "bot_command"}]
    return json.dumps({"update_id": update_id, "message": message}, ensure_ascii=False).encode()


class Broken(Exception):
    """The connection broke after (part of) the request was written: the server may have stored it."""


class Refused(Exception):
    """Nothing was sent: the connection could not be opened."""


class Conn:
    """One kept-alive HTTP/1.1 connection, reopened when needed; requests go one at a time."""

    def __init__(self, port, timeout=30.0):
        self.port, self.timeout = port, timeout
        self.reader = self.writer = None

    async def close(self):
        if self.writer:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except (ConnectionError, OSError):
                pass
        self.reader = self.writer = None

    async def request(self, method, path, body=b"", headers=None):
        """(status, body). Raises Refused when no connection could be made, Broken when one broke."""
        if self.writer is None:
            try:
                self.reader, self.writer = await asyncio.wait_for(asyncio.open_connection(HOST, self.port), self.timeout)
            except (ConnectionError, OSError, asyncio.TimeoutError) as e:
                self.reader = self.writer = None
                raise Refused(str(e)) from e
        head = f"{method} {path} HTTP/1.1\r\nHost: {HOST}:{self.port}\r\nContent-Length: {len(body)}\r\n"
        for name, value in (headers or {}).items():
            head += f"{name}: {value}\r\n"
        try:
            self.writer.write(head.encode() + b"\r\n" + body)
            await self.writer.drain()
            status_line = await asyncio.wait_for(self.reader.readuntil(b"\r\n"), self.timeout)
            status = int(status_line.split()[1])
            length, close = 0, False
            while True:
                line = await asyncio.wait_for(self.reader.readuntil(b"\r\n"), self.timeout)
                if line == b"\r\n":
                    break
                name, _, value = line.decode("latin-1").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value.strip())
                elif name.strip().lower() == "connection" and value.strip().lower() == "close":
                    close = True
            payload = await asyncio.wait_for(self.reader.readexactly(length), self.timeout) if length else b""
        except (ConnectionError, OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, ValueError,
                IndexError) as e:
            await self.close()
            raise Broken(repr(e)) from e
        if close:
            await self.close()
        return status, payload


class Replies:
    """Waits for the next reply the stub accepts in one chat."""

    def __init__(self, stub):
        self.waiting = {}
        stub.listeners.append(self.received)

    def received(self, t, chat_id, text):
        future = self.waiting.pop(chat_id, None)
        if future is not None and not future.done():
            future.set_result(t)

    def expect(self, chat_id):
        future = asyncio.get_running_loop().create_future()
        self.waiting[chat_id] = future
        return future


def http_get(port, path, timeout=5.0):
    with urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=timeout) as response:
        return response.status, response.read()


def wait_http(port, path, timeout=30.0, process=None, interval=0.05):
    """Waits until GET path answers 200, asking every `interval` s; False when the time ran out or `process` ended."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            return False
        try:
            if http_get(port, path, timeout=1.0)[0] == 200:
                return True
        except OSError:
            pass
        time.sleep(interval)
    return False


METRIC_LINE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)$')


def metrics(port):
    """buurtbot's /metrics as {name or name{labels}: value}."""
    out = {}
    for line in http_get(port, "/metrics")[1].decode().splitlines():
        m = METRIC_LINE.match(line)
        if m:
            out[m.group(1) + (m.group(2) or "")] = float(m.group(3))
    return out


def backlog(db_path):
    """(journal rows not yet processed, outbox rows pending), read from the database file itself.

    Not from /metrics: buurtbot_outbox_pending is refreshed by the writer thread only when it has work,
    so after the last inbound message it keeps its last value however many rows the outbox sends."""
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
    try:
        journal = db.execute("SELECT COUNT(*) FROM inbound WHERE processed_at IS NULL").fetchone()[0]
        outbox = db.execute("SELECT COUNT(*) FROM outbox WHERE status = 'pending'").fetchone()[0]
        return journal, outbox
    finally:
        db.close()


def wait_drained(db_path, timeout=120.0, process=None):
    """Waits until the journal and the outbox are empty; the seconds it took, or None."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if process is not None and process.poll() is not None:
            return None
        try:
            if backlog(db_path) == (0, 0):
                return time.monotonic() - start
        except sqlite3.Error:
            pass
        time.sleep(0.1)
    return None


def buurtbot_env(repo, db, port, stub_port, secret, limits=None, threads=2):
    """The environment `buurtbot serve` runs with in the bench: webhook mode, the stub as Bot API."""
    env = dict(os.environ)
    global_per_s, chat_per_s, group_per_min = limits or (0, 0, 0)
    env.update({
        "BUURTBOT_SERVER_LISTEN": f"{HOST}:{port}",
        "BUURTBOT_SERVER_THREADS": str(threads),
        # Every client of the bench comes from one address; the per-address cap is for the internet.
        "BUURTBOT_SERVER_MAX_CONNECTIONS_PER_ADDRESS": "100000",
        "BUURTBOT_STORAGE_PATH": str(db),
        "BUURTBOT_FLOWS_DIR": os.path.join(repo, "flows"),
        "BUURTBOT_TELEGRAM_ENABLED": "true",
        "BUURTBOT_TELEGRAM_MODE": "webhook",
        "BUURTBOT_TELEGRAM_API_URL": f"http://{HOST}:{stub_port}",
        "BUURTBOT_TELEGRAM_TOKEN": "7000000001:bench",
        "BUURTBOT_TELEGRAM_SECRET": secret,
        "BUURTBOT_TELEGRAM_RATE_GLOBAL_PER_S": str(global_per_s),
        "BUURTBOT_TELEGRAM_RATE_CHAT_PER_S": str(chat_per_s),
        "BUURTBOT_TELEGRAM_RATE_GROUP_PER_MIN": str(group_per_min),
    })
    return env


def start_buurtbot(binary, config, env, log_path):
    log = open(log_path, "ab")
    process = subprocess.Popen([binary, "--config", config, "serve"], env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    log.close()
    return process


def stop(process, timeout=15.0):
    """SIGTERM, then SIGKILL after `timeout`; only this one process."""
    if process.poll() is not None:
        return process.returncode
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()


def peak_rss_mib(pid, field="VmHWM"):
    """The peak resident memory of `pid` in MiB; field="VmRSS" for the present one."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def percentile(values, p):
    """The p-th percentile (nearest rank) of `values`."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, int(-(-p * len(ordered) // 100)))
    return ordered[min(rank, len(ordered)) - 1]

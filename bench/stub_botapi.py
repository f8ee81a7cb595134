#!/usr/bin/env python3
"""A stub of the Telegram Bot API for the benchmark and the crash test.

It answers every Bot API method at once and records each sendMessage it accepts: when it arrived (the
process's monotonic clock), the chat and the text. In "limits" mode it enforces Telegram's limits the way
the Bot API documents them (30 messages a second for the bot, 1 a second to one private chat, 20 a minute
to one group) and answers 429 with parameters.retry_after when a message would exceed one; the 429s are
counted, and a refused message is not recorded.

Control routes (not part of the Bot API):
  GET  /_stats           counts: sent, per method, 429s, first and last receipt, the clock
  GET  /_receipts        every accepted sendMessage as [seconds, chat_id, text]
  POST /_reset           forget receipts and counts
  POST /_mode/limits     enforce the limits from now on;  POST /_mode/free  accept everything

Behind /_matrix/client/ it is also a homeserver for buurtbot's Matrix Application Service (Homeserver
below): its sends count as sent messages.

asyncio's Protocol with a hand-written HTTP/1.1 parser (keep-alive, pipelining): http.server is too slow
to stay out of the measurement. Used as a program (bench/run.sh, bench/crash.sh) or imported
(bench/followers.py runs it in its own event loop to time replies against the messages it sends).
"""

import argparse
import asyncio
import collections
import json
import math
import signal
import sys
import time
import urllib.parse

GLOBAL_PER_S = 30
CHAT_PER_S = 1
GROUP_PER_MIN = 20

MATRIX_SERVER = "bench.example"
MATRIX_BOT = f"@buurtbot:{MATRIX_SERVER}"

BOT_USER = {"id": 7000000001, "is_bot": True, "first_name": "buurtbot", "username": "buurtbot_bench_bot",
            "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False}


class Window:
    """At most `limit` events in any `length` seconds (a sliding window over the accepted events)."""

    __slots__ = ("limit", "length", "times")

    def __init__(self, limit, length):
        self.limit, self.length, self.times = limit, length, collections.deque()

    def wait(self, now):
        """Seconds until one more event fits; 0 when it fits now."""
        while self.times and self.times[0] <= now - self.length:
            self.times.popleft()
        if len(self.times) < self.limit:
            return 0.0
        return self.times[0] + self.length - now

    def take(self, now):
        self.times.append(now)


class Homeserver:
    """The Matrix client-server calls buurtbot makes as an Application Service, answered at once; sends
    counted by transaction id (a repeated one stores nothing new, as a homeserver does). Every room is a
    private chat of one resident. Served alone (bench/crash_matrix.py) or behind Stub's /_matrix/client/."""

    latency = 0.0

    def __init__(self, on_send=None):
        self.events_by_txn = {}
        self.repeats = 0
        self.on_send = on_send  # called with the room of each new event

    def route(self, method, path, body):
        parts = [urllib.parse.unquote(p) for p in path.split("?", 1)[0].split("/")]
        if method == "PUT" and len(parts) == 9 and parts[6] == "send":
            txn = (parts[5], parts[8])
            if txn in self.events_by_txn:
                self.repeats += 1
            else:
                self.events_by_txn[txn] = f"$sent{len(self.events_by_txn)}:{MATRIX_SERVER}"
                if self.on_send:
                    self.on_send(parts[5])
            return 200, {"event_id": self.events_by_txn[txn]}
        if method == "POST" and len(parts) == 6 and parts[4] == "join":
            return 200, {"room_id": parts[5]}
        if method == "POST" and len(parts) == 7 and parts[6] == "leave":
            return 200, {}
        if method == "GET" and len(parts) == 7 and parts[6] == "joined_members":
            return 200, {"joined": {MATRIX_BOT: {}, f"@resident:{MATRIX_SERVER}": {}}}
        return 404, {"errcode": "M_UNRECOGNIZED", "error": "Unrecognized request"}


class Stub:
    def __init__(self, limits=False, record=True, latency=0.0):
        self.limits = limits
        self.record = record
        self.latency = latency  # seconds between a request's arrival (when it counts) and its answer
        self.reset()

    def reset(self):
        self.receipts = []                      # (t, chat_id, text)
        self.per_chat = collections.defaultdict(list)  # chat_id -> [t, ...]
        self.methods = collections.Counter()
        self.sent = 0
        self.too_many = 0
        self.too_many_by = collections.Counter()  # which limit refused
        self.too_many_early = []                  # how early each refused message came, in seconds
        self.message_id = 0
        self.global_window = Window(GLOBAL_PER_S, 1.0)
        self.chat_windows = {}
        self.listeners = []                     # callables (t, chat_id, text), for bench/followers.py
        self.matrix = Homeserver(on_send=self.matrix_sent)

    def matrix_sent(self, room):
        self.sent += 1
        self.methods["matrix send"] += 1

    # ---- the Bot API ----

    def limit_wait(self, chat_id, now):
        group = isinstance(chat_id, int) and chat_id < 0
        window = self.chat_windows.get(chat_id)
        if window is None:
            window = Window(GROUP_PER_MIN, 60.0) if group else Window(CHAT_PER_S, 1.0)
            self.chat_windows[chat_id] = window
        waits = (("global", self.global_window.wait(now)), ("group" if group else "chat", window.wait(now)))
        which, wait = max(waits, key=lambda w: w[1])
        return which, wait, window

    def send_message(self, body):
        chat_id = body.get("chat_id")
        text = body.get("text", "")
        now = time.monotonic()
        if self.limits:
            which, wait, window = self.limit_wait(chat_id, now)
            if wait > 0:
                self.too_many += 1
                self.too_many_by[which] += 1
                self.too_many_early.append(wait)
                retry_after = max(1, math.ceil(wait))
                return 429, {"ok": False, "error_code": 429,
                             "description": f"Too Many Requests: retry after {retry_after}",
                             "parameters": {"retry_after": retry_after}}
            self.global_window.take(now)
            window.take(now)
        self.sent += 1
        self.message_id += 1
        if self.record:
            self.receipts.append((now, chat_id, text))
            self.per_chat[chat_id].append(now)
        for listener in self.listeners:
            listener(now, chat_id, text)
        chat = {"id": chat_id, "type": "group" if isinstance(chat_id, int) and chat_id < 0 else "private"}
        return 200, {"ok": True, "result": {"message_id": self.message_id, "date": int(time.time()),
                                            "chat": chat, "from": BOT_USER, "text": text}}

    def bot_api(self, method, body):
        self.methods[method] += 1
        if method == "sendMessage":
            return self.send_message(body)
        if method == "getMe":
            return 200, {"ok": True, "result": BOT_USER}
        if method == "getUpdates":
            return 200, {"ok": True, "result": []}
        if method == "getWebhookInfo":
            return 200, {"ok": True, "result": {"url": "", "has_custom_certificate": False, "pending_update_count": 0}}
        return 200, {"ok": True, "result": True}  # answerCallbackQuery, setWebhook, deleteWebhook, ...

    # ---- control ----

    def stats(self):
        early = sorted(self.too_many_early)
        return {"sent": self.sent, "too_many": self.too_many, "too_many_by": dict(self.too_many_by),
                "too_many_early_ms": {"p50": early[len(early) // 2] * 1000, "max": early[-1] * 1000} if early else {},
                "methods": dict(self.methods), "limits": self.limits, "now": time.monotonic(),
                "first": self.receipts[0][0] if self.receipts else None,
                "last": self.receipts[-1][0] if self.receipts else None}

    def route(self, method, path, body):
        if path.startswith("/bot"):
            slash = path.find("/", 4)
            if slash < 0:
                return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
            name = path[slash + 1:].split("?", 1)[0]
            try:
                payload = json.loads(body) if body else {}
            except ValueError:
                return 400, {"ok": False, "error_code": 400, "description": "Bad Request: body is not JSON"}
            return self.bot_api(name, payload)
        if path.startswith("/_matrix/client/"):
            return self.matrix.route(method, path, body)
        if path == "/_stats":
            return 200, self.stats()
        if path == "/_receipts":
            return 200, self.receipts
        if method == "POST" and path == "/_reset":
            self.reset()
            return 200, {"ok": True}
        if method == "POST" and path in ("/_mode/limits", "/_mode/free"):
            self.limits = path.endswith("limits")
            return 200, {"ok": True, "limits": self.limits}
        return 404, {"ok": False, "error_code": 404, "description": "Not Found"}


REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found", 429: "Too Many Requests"}


class HttpProtocol(asyncio.Protocol):
    """HTTP/1.1 with keep-alive and pipelining; Content-Length bodies only (what every client here sends)."""

    def __init__(self, stub):
        self.stub = stub
        self.buffer = bytearray()
        self.transport = None

    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(self.buffer[:end]).decode("latin-1").split("\r\n")
            method, path, _ = (head[0].split(" ", 2) + ["", ""])[:3]
            length, close = 0, False
            for line in head[1:]:
                name, _, value = line.partition(":")
                name = name.strip().lower()
                if name == "content-length":
                    length = int(value.strip())
                elif name == "connection" and value.strip().lower() == "close":
                    close = True
                elif name == "transfer-encoding":
                    self.respond(400, {"ok": False, "description": "chunked bodies are not supported"}, True)
                    return
            if len(self.buffer) < end + 4 + length:
                return
            body = bytes(self.buffer[end + 4:end + 4 + length])
            del self.buffer[:end + 4 + length]
            try:
                status, answer = self.stub.route(method, path, body)
            except Exception as e:  # a bug here must show, not hang the client
                status, answer = 500, {"ok": False, "error_code": 500, "description": repr(e)}
            self.respond(status, answer, close)
            if close:
                return

    def respond(self, status, answer, close):
        payload = json.dumps(answer, ensure_ascii=False).encode()
        head = (f"HTTP/1.1 {status} {REASONS.get(status, 'Error')}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(payload)}\r\n{'Connection: close' if close else 'Connection: keep-alive'}"
                "\r\n\r\n").encode()
        if self.stub.latency > 0:
            # Telegram's answer comes a round trip later than here: the message counts on arrival, as there.
            asyncio.get_running_loop().call_later(self.stub.latency, self.write, head + payload, close)
        else:
            self.write(head + payload, close)

    def write(self, data, close):
        if self.transport.is_closing():
            return
        self.transport.write(data)
        if close:
            self.transport.close()


async def start(stub, host="127.0.0.1", port=0):
    """Serves `stub`; returns the asyncio server (its port: server.sockets[0].getsockname()[1])."""
    loop = asyncio.get_running_loop()
    return await loop.create_server(lambda: HttpProtocol(stub), host, port, backlog=1024, reuse_address=True)


async def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=0, help="0: any free port")
    parser.add_argument("--limits", action="store_true", help="enforce Telegram's limits (429 with retry_after)")
    parser.add_argument("--port-file", help="write the port here once listening")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="answer each request this much later")
    args = parser.parse_args()
    stub = Stub(limits=args.limits, latency=args.latency_ms / 1000)
    server = await start(stub, port=args.port)
    port = server.sockets[0].getsockname()[1]
    if args.port_file:
        with open(args.port_file, "w") as f:
            f.write(f"{port}\n")
    print(f"stub Bot API on 127.0.0.1:{port} ({'limits' if args.limits else 'free'})", file=sys.stderr, flush=True)
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    await stop.wait()
    server.close()


if __name__ == "__main__":
    asyncio.run(main())

#!/usr/bin/env python3
"""The client side of bench/crash.sh.

  crash.py send     posts the updates, kills buurtbot with SIGKILL once half of them were acknowledged,
                    and keeps posting the rest (they are refused: nobody listens); records every outcome
  crash.py resend   posts again, as Telegram would, every update that got no answer or no connection
  crash.py receipts copies the stub's receipts (chat, text) into the client database

Every update is "/vraag <text> [u<update_id>]": whatever the conversation's state, it adds one message
to the resident's question in the inbox (inbox_messages, the countable effect) and queues one reply. One
in 50 carries a wrong secret and must be refused (401) and never stored.

The client database (sqlite) holds, for bench/crash.sh's queries:
  sent(update_id, chat_id, text, secret_ok, phase, outcome, status)
      outcome: acked (2xx), refused (an HTTP status other than 2xx, or no connection at all), or
      unknown (the connection broke after the request went out: the server may or may not have it)
  receipts(chat_id, text)   what the stub Bot API accepted
"""

import argparse
import asyncio
import os
import random
import signal
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

QUESTIONS = [
    "Wanneer wordt de kapotte lantaarnpaal in de Dorpsstraat gerepareerd?",
    "Mag ik een buurtfeest organiseren op het plein bij de kerk?",
    "Waarom is de container voor oud papier al een week vol?",
    "Hoe vraag ik een extra parkeerplaats voor mijn invalidenauto aan?",
    "De stoep bij de basisschool ligt open, is dat bekend?",
    "Kan de gemeente helpen met een moestuin achter het buurthuis?",
]


def plan(updates, chats, base, wrong_every, seed):
    rnd = random.Random(seed)
    rows = []
    for i in range(updates):
        update_id = base + i
        chat_id = 500000000 + (i % chats)
        text = f"/vraag {rnd.choice(QUESTIONS)} [u{update_id}]"
        rows.append((update_id, chat_id, text, 0 if wrong_every and i % wrong_every == wrong_every - 1 else 1))
    return rows


class Sender:
    def __init__(self, args, db):
        self.args, self.db = args, db
        self.acked = 0
        self.killed_at = None
        self.pid = None

    def maybe_kill(self):
        if self.killed_at is not None or self.pid is None or self.acked < self.args.kill_after:
            return
        os.kill(self.pid, signal.SIGKILL)
        self.killed_at = time.monotonic()
        print(f"crash: SIGKILL to buurtbot (pid {self.pid}) after {self.acked} acknowledged updates", flush=True)

    async def post(self, conn, row):
        update_id, chat_id, text, secret_ok = row
        headers = {"Content-Type": "application/json",
                   benchlib.SECRET_HEADER: self.args.secret if secret_ok else "not-the-secret"}
        try:
            status, _ = await conn.request("POST", "/webhook/telegram", benchlib.update(update_id, chat_id, text),
                                           headers)
        except benchlib.Refused:
            return "refused", 0
        except benchlib.Broken:
            return "unknown", 0
        if 200 <= status < 300:
            self.acked += 1
            self.maybe_kill()
            return "acked", status
        return "refused", status

    async def run(self, rows, phase):
        """Each worker takes whole chats and posts a chat's updates in order, as Telegram does."""
        by_chat = {}
        for row in rows:
            by_chat.setdefault(row[1], []).append(row)
        queue = asyncio.Queue()
        for chat_rows in by_chat.values():
            queue.put_nowait(chat_rows)
        results = []

        async def worker():
            conn = benchlib.Conn(self.args.port, timeout=10.0)
            while not queue.empty():
                for row in queue.get_nowait():
                    outcome, status = await self.post(conn, row)
                    results.append((row[0], row[1], row[2], row[3], phase, outcome, status))
            await conn.close()

        await asyncio.gather(*(worker() for _ in range(self.args.concurrency)))
        self.db.executemany("INSERT INTO sent VALUES (?, ?, ?, ?, ?, ?, ?)", results)
        self.db.commit()
        return results


def open_db(path):
    db = sqlite3.connect(path)
    db.executescript("""
      CREATE TABLE IF NOT EXISTS sent (update_id INTEGER, chat_id INTEGER, text TEXT, secret_ok INTEGER,
                                       phase INTEGER, outcome TEXT, status INTEGER);
      CREATE TABLE IF NOT EXISTS receipts (chat_id INTEGER, text TEXT);
    """)
    return db


def summary(results, label):
    counts = {}
    for r in results:
        counts[r[5]] = counts.get(r[5], 0) + 1
    print(f"crash: {label}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())), flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["send", "resend", "receipts"])
    parser.add_argument("--db", required=True, help="the client database to write")
    parser.add_argument("--port", type=int, help="buurtbot's port")
    parser.add_argument("--stub-port", type=int)
    parser.add_argument("--secret", default="bench-secret")
    parser.add_argument("--pid", type=int, help="buurtbot's pid, to kill")
    parser.add_argument("--updates", type=int, default=4000)
    parser.add_argument("--chats", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--kill-after", type=int, default=0, help="acknowledged updates before SIGKILL (0: half)")
    parser.add_argument("--wrong-secret-every", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    db = open_db(args.db)

    if args.command == "receipts":
        import json
        receipts = json.loads(benchlib.http_get(args.stub_port, "/_receipts", timeout=30)[1])
        db.execute("DELETE FROM receipts")
        db.executemany("INSERT INTO receipts VALUES (?, ?)", [(r[1], r[2]) for r in receipts])
        db.commit()
        print(f"crash: {len(receipts)} receipts copied from the stub", flush=True)
        return

    sender = Sender(args, db)
    if args.command == "send":
        sender.pid = args.pid
        args.kill_after = args.kill_after or args.updates // 2
        rows = plan(args.updates, args.chats, 1000001, args.wrong_secret_every, args.seed)
        started = time.monotonic()
        results = asyncio.run(sender.run(rows, 1))
        print(f"crash: {len(results)} updates posted in {time.monotonic() - started:.1f} s", flush=True)
        summary(results, "first pass")
        if sender.killed_at is None:
            print("crash: buurtbot was never killed (too few acknowledgements)", file=sys.stderr)
            sys.exit(1)
        return

    # resend: what Telegram does after the outage, for the updates that got no 2xx (but not the ones
    # with a wrong secret: those are refused again and again).
    rows = db.execute("SELECT update_id, chat_id, text, secret_ok FROM sent WHERE phase = 1 AND outcome != 'acked' "
                      "AND secret_ok = 1 ORDER BY update_id").fetchall()
    results = asyncio.run(sender.run(rows, 2))
    summary(results, f"second pass ({len(rows)} updates sent again)")


if __name__ == "__main__":
    main()

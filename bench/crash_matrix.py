#!/usr/bin/env python3
"""The Matrix run of `make crash` (bench/crash.sh): buurtbot as an Application Service, killed with SIGKILL
during a burst of transactions.

A stub homeserver (in this process) answers buurtbot's client-server calls: sends (a repeated transaction
id stores nothing new, as a homeserver does), joins, leaves and member lists (every room is a private chat).
The script plays the homeserver's pushes: transactions of 1, 10 and 50 events, from several rooms at once
and each room's events in order, every event "/vraag <text> [e<n>]" from the room's resident, which adds
exactly one message to the resident's question in the inbox (inbox_messages, the countable effect). Once
half of the transactions are acknowledged it kills buurtbot and goes on (refused: nobody listens), starts
buurtbot again on the same database, and pushes again, as a homeserver does, every transaction that got no
200 under its own transaction id, and then every transaction that did get one (a redelivery after the
restart). Between the passes it checks with the database that

  - every event of an acknowledged transaction is in the journal once, processed, with its effect once;
  - no event has its effect more than once, also after the redeliveries;
  - in the end every event is processed exactly once.

Prints the figures; exits 1 when a check fails. No timing is asserted.
"""

import argparse
import asyncio
import json
import os
import signal
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402
import stub_botapi  # noqa: E402

SERVER = stub_botapi.MATRIX_SERVER
AS_TOKEN = "bench-as-token-0123456789abcdef"
HS_TOKEN = "bench-hs-token-0123456789abcdef"
SIZES = (1, 10, 50)


def plan(transactions_per_size, rooms):
    """[(txn_id, room, [event, ...])]: sizes in turn, each transaction's events from one room."""
    plan_rows, n = [], 0
    for i in range(transactions_per_size * len(SIZES)):
        size = SIZES[i % len(SIZES)]
        room = f"!room{i % rooms}:{SERVER}"
        sender = f"@resident{i % rooms}:{SERVER}"
        events = []
        for _ in range(size):
            n += 1
            events.append({"type": "m.room.message", "event_id": f"$crash{n}:{SERVER}", "room_id": room,
                           "sender": sender, "origin_server_ts": 1765000000000 + n,
                           "content": {"msgtype": "m.text", "body": f"/vraag Is de stoep bij nummer {n} al gemaakt? [e{n}]"}})
        plan_rows.append((f"crash-{i}", room, events))
    return plan_rows


class Pusher:
    """Pushes transactions as a homeserver does: one room's in order, several rooms at once."""

    def __init__(self, port, concurrency):
        self.port, self.concurrency = port, concurrency
        self.acked, self.kill_after, self.pid = 0, None, None

    async def push(self, conn, txn_id, events):
        body = json.dumps({"events": events}).encode()
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {HS_TOKEN}"}
        try:
            status, _ = await conn.request("PUT", f"/_matrix/app/v1/transactions/{txn_id}", body, headers)
        except benchlib.Refused:
            return "refused"
        except benchlib.Broken:
            return "unknown"
        if status != 200:
            return "refused"
        self.acked += 1
        if self.kill_after is not None and self.acked >= self.kill_after and self.pid:
            os.kill(self.pid, signal.SIGKILL)
            print(f"crash matrix: SIGKILL to buurtbot (pid {self.pid}) after {self.acked} acknowledged transactions",
                  flush=True)
            self.pid = None
        return "acked"

    async def run(self, rows):
        by_room = {}
        for row in rows:
            by_room.setdefault(row[1], []).append(row)
        queue = asyncio.Queue()
        for room_rows in by_room.values():
            queue.put_nowait(room_rows)
        outcomes = {}

        async def worker():
            conn = benchlib.Conn(self.port, timeout=20.0)
            while not queue.empty():
                for txn_id, _, events in queue.get_nowait():
                    outcomes[txn_id] = await self.push(conn, txn_id, events)
            await conn.close()

        await asyncio.gather(*(worker() for _ in range(self.concurrency)))
        return outcomes


def effects(db_path):
    """{event number: inbox messages with its marker}, and {event id: (journal rows, processed)}."""
    db = sqlite3.connect(db_path)
    try:
        effect = {}
        for (text,) in db.execute("SELECT text FROM inbox_messages WHERE direction = 'in' AND instr(text, '[e') > 0"):
            n = int(text[text.rindex("[e") + 2:text.rindex("]")])
            effect[n] = effect.get(n, 0) + 1
        journal = {row[0]: (row[1], row[2]) for row in db.execute(
            "SELECT external_id, COUNT(*), MAX(processed_at IS NOT NULL) FROM inbound WHERE channel = 'matrix' "
            "GROUP BY external_id")}
        return effect, journal
    finally:
        db.close()


class Checks:
    def __init__(self):
        self.failed = False

    def check(self, name, actual, expected):
        ok = actual == expected
        self.failed |= not ok
        print(f"  {name:<68} {actual:>8}  {'ok' if ok else f'FAILED (expected {expected})'}", flush=True)

    @staticmethod
    def show(name, value):
        print(f"  {name:<68} {value:>8}", flush=True)


def event_number(event):
    return int(event["event_id"][len("$crash"):].split(":")[0])


def verify(checks, db_path, rows, acked_ids, everything):
    effect, journal = effects(db_path)
    acked_events = [e for txn_id, _, events in rows if txn_id in acked_ids for e in events]
    checks.show("events in acknowledged transactions", len(acked_events))
    checks.check("acknowledged events not in the journal exactly once",
                 sum(1 for e in acked_events if journal.get(e["event_id"], (0, 0))[0] != 1), 0)
    checks.check("acknowledged events not processed", sum(1 for e in acked_events if not journal.get(e["event_id"], (0, 0))[1]), 0)
    checks.check("acknowledged events without exactly one effect", sum(1 for e in acked_events if effect.get(event_number(e), 0) != 1), 0)
    checks.check("events with their effect more than once", sum(1 for n in effect.values() if n > 1), 0)
    if everything:
        all_events = [e for _, _, events in rows for e in events]
        checks.check("events processed exactly once", sum(1 for e in all_events if effect.get(event_number(e), 0) == 1),
                     len(all_events))


async def main_async(args):
    homeserver = stub_botapi.Homeserver()
    server = await stub_botapi.start(homeserver)
    hs_port = server.sockets[0].getsockname()[1]
    env = dict(os.environ)
    env.update({
        "BUURTBOT_SERVER_LISTEN": f"127.0.0.1:{args.port}",
        "BUURTBOT_SERVER_MAX_CONNECTIONS_PER_ADDRESS": "100000",
        "BUURTBOT_STORAGE_PATH": args.db,
        "BUURTBOT_FLOWS_DIR": os.path.join(args.repo, "flows"),
        "BUURTBOT_TELEGRAM_ENABLED": "false",
        "BUURTBOT_MATRIX_ENABLED": "true",
        "BUURTBOT_MATRIX_HOMESERVER_URL": f"http://127.0.0.1:{hs_port}",
        "BUURTBOT_MATRIX_SERVER_NAME": SERVER,
        "BUURTBOT_MATRIX_AS_TOKEN": AS_TOKEN,
        "BUURTBOT_MATRIX_HS_TOKEN": HS_TOKEN,
        "BUURTBOT_MATRIX_RATE_GLOBAL_PER_S": "0",
    })
    config = os.path.join(args.repo, "config", "demo.yaml")
    log = os.path.join(os.path.dirname(args.db), "buurtbot-matrix.log")

    async def start():
        process = benchlib.start_buurtbot(args.binary, config, env, log)
        ready = await asyncio.to_thread(benchlib.wait_http, args.port, "/readyz", 30.0, process)
        if not ready:
            sys.exit(f"crash matrix: buurtbot did not start, see {log}")
        return process

    async def drained(process):
        if await asyncio.to_thread(benchlib.wait_drained, args.db, 120.0, process) is None:
            sys.exit("crash matrix: buurtbot did not drain its journal and outbox in 120 s")

    rows = plan(args.transactions, args.rooms)
    events = sum(len(r[2]) for r in rows)
    print(f"crash matrix: {len(rows)} transactions of {'/'.join(map(str, SIZES))} events ({events} events) "
          f"from {args.rooms} rooms, {args.concurrency} at a time", flush=True)
    checks = Checks()
    pusher = Pusher(args.port, args.concurrency)

    process = await start()
    pusher.pid, pusher.kill_after = process.pid, len(rows) // 2
    first = await pusher.run(rows)
    await asyncio.to_thread(process.wait)
    counts = {k: sum(1 for v in first.values() if v == k) for k in ("acked", "refused", "unknown")}
    print("crash matrix: first pass: " + ", ".join(f"{k} {v}" for k, v in counts.items()), flush=True)
    if pusher.pid is not None:
        sys.exit("crash matrix: buurtbot was never killed (too few acknowledgements)")
    acked = {t for t, v in first.items() if v == "acked"}

    process = await start()
    await drained(process)
    print("crash matrix: after the restart and drain", flush=True)
    verify(checks, args.db, rows, acked, everything=False)

    again = [r for r in rows if r[0] not in acked]
    second = await pusher.run(again)
    checks.show("transactions pushed again (no 200 before)", len(again))
    checks.check("  of them not acknowledged now", sum(1 for v in second.values() if v != "acked"), 0)
    redelivered = [r for r in rows if r[0] in acked]
    third = await pusher.run(redelivered)
    checks.check("acknowledged transactions redelivered, not acknowledged again",
                 sum(1 for v in third.values() if v != "acked"), 0)
    await drained(process)
    print("crash matrix: after pushing again and redelivering", flush=True)
    verify(checks, args.db, rows, set(t for t, _, _ in rows), everything=True)
    checks.show("sends to the homeserver / repeated transaction ids", f"{len(homeserver.events_by_txn)} / {homeserver.repeats}")
    benchlib.stop(process)
    server.close()
    return 1 if checks.failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--repo", required=True)
    parser.add_argument("--db", required=True, help="buurtbot's database (a new file)")
    parser.add_argument("--port", type=int, required=True, help="a free port for buurtbot")
    parser.add_argument("--transactions", type=int, default=40, help="transactions of each size")
    parser.add_argument("--rooms", type=int, default=60)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    status = asyncio.run(main_async(args))
    print("crash matrix: all checks passed" if status == 0 else "crash matrix: SOME CHECKS FAILED", flush=True)
    sys.exit(status)


if __name__ == "__main__":
    main()

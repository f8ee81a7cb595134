#!/usr/bin/env python3
"""The second scenario of bench/run.sh: at Telegram's real limits, a status change notifies thousands of
followers while residents keep chatting.

1. buurtbot without rate limits and the stub in free mode: one resident submits a plan through the
   /initiatief flow (webhook updates), FOLLOWERS residents send "/volg <ref>"; wait until all is answered.
2. buurtbot restarted with Telegram's limits (30/s, 1/s per chat, 20/min per group) on the same database,
   the stub now enforcing them (429 with retry_after, counted).
3. `buurtbot initiative status <ref> in_review` notifies the followers; meanwhile RESIDENTS other residents
   chat (/taal, then English, a few seconds apart), each message timed from the moment it is posted to the
   moment the stub gets the bot's reply in that chat.
4. After WINDOW seconds (0: until every follower was notified) it prints the p50/p99 reply time, the
   notification rate and the total send rate against the limit, and the 429s.

The stub runs inside this process, so sending times and receipt times are on one clock. Prints one line
"FOLLOWERS key=value ..." for bench/run.sh, and a readable summary.
"""

import argparse
import asyncio
import os
import random
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402
import stub_botapi  # noqa: E402

SUBMITTER = 900000001
FOLLOWER_BASE = 910000000
RESIDENT_BASE = 920000000
LIMITS = (30, 1, 20)

PLAN_STEPS = ["/initiatief Bankje bij de vijver", "Een houten bankje bij de vijver in het stadspark, zodat ouderen "
              "onderweg kunnen uitrusten en samen kunnen kijken naar de eenden.", "Groen", "Centrum", "Geen", "ja", "ja"]


class Scenario:
    def __init__(self, args):
        self.args = args
        self.update_id = 50000000
        self.busy = 0  # webhook answers 503 (backpressure), each posted again a second later
        self.port = None
        self.stub = stub_botapi.Stub()  # answers at once while the followers are set up
        self.stub_port = None
        self.process = None

    def next_update(self):
        self.update_id += 1
        return self.update_id

    def start_buurtbot(self, limits):
        env = benchlib.buurtbot_env(self.args.repo, self.args.db, self.port, self.stub_port, self.args.secret,
                                    limits=limits)
        self.process = benchlib.start_buurtbot(self.args.binary, self.args.config, env, self.args.log)

    async def ready(self):
        ok = await asyncio.to_thread(benchlib.wait_http, self.port, "/readyz", 30.0, self.process)
        if not ok:
            sys.exit(f"followers: buurtbot did not start (see {self.args.log})")

    async def post(self, conn, chat_id, text):
        headers = {"Content-Type": "application/json", benchlib.SECRET_HEADER: self.args.secret}
        body = benchlib.update(self.next_update(), chat_id, text)
        # A 503 is buurtbot's backpressure (server.max_waiting_updates): Telegram delivers the same update
        # again later, and so does this script, a second later (the Retry-After), at most a minute long.
        for _ in range(60):
            status, answer = await conn.request("POST", "/webhook/telegram", body, headers)
            if status != 503:
                break
            self.busy += 1
            await asyncio.sleep(1)
        if status != 200:
            raise RuntimeError(f"webhook answered {status}: {answer[:200]!r}")

    async def submit_plan(self, replies):
        conn = benchlib.Conn(self.port)
        for text in PLAN_STEPS:
            reply = replies.expect(SUBMITTER)
            await self.post(conn, SUBMITTER, text)
            await asyncio.wait_for(reply, 10)
        await conn.close()
        db = sqlite3.connect(f"file:{self.args.db}?mode=ro", uri=True)
        row = db.execute("SELECT ref FROM initiatives ORDER BY id DESC LIMIT 1").fetchone()
        db.close()
        if not row:
            sys.exit("followers: the /initiatief flow made no initiative (see the bot's replies in the log)")
        return row[0]

    async def follow(self, ref):
        queue = asyncio.Queue()
        for i in range(self.args.followers):
            queue.put_nowait(FOLLOWER_BASE + i)

        async def worker():
            conn = benchlib.Conn(self.port)
            while not queue.empty():
                await self.post(conn, queue.get_nowait(), f"/volg {ref}")
            await conn.close()

        await asyncio.gather(*(worker() for _ in range(32)))

    async def resident(self, chat_id, replies, samples, stop_at):
        """Chats until stop_at: /taal, then English, each a few seconds after the bot's answer."""
        conn = benchlib.Conn(self.port)
        rnd = random.Random(chat_id)
        await asyncio.sleep(rnd.uniform(0, self.args.think))
        step = 0
        while time.monotonic() < stop_at:
            reply = replies.expect(chat_id)
            sent = time.monotonic()
            await self.post(conn, chat_id, "/taal" if step % 2 == 0 else "English")
            try:
                received = await asyncio.wait_for(reply, 60)
                samples.append(received - sent)
            except asyncio.TimeoutError:
                samples.append(float("inf"))
            step += 1
            await asyncio.sleep(rnd.uniform(0.5 * self.args.think, 1.5 * self.args.think))
        await conn.close()

    async def run(self):
        args = self.args
        server = await stub_botapi.start(self.stub)
        self.stub_port = server.sockets[0].getsockname()[1]
        self.port = args.port
        replies = benchlib.Replies(self.stub)

        # 1. the plan and its followers, without limits
        t0 = time.monotonic()
        self.start_buurtbot((0, 0, 0))
        await self.ready()
        ref = await self.submit_plan(replies)
        await self.follow(ref)
        if await asyncio.to_thread(benchlib.wait_drained, args.db, 120.0, self.process) is None:
            sys.exit("followers: buurtbot did not answer every /volg within 120 s")
        db = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
        followers = db.execute("SELECT COUNT(*) FROM follows f JOIN initiatives i ON i.id = f.initiative_id "
                               "WHERE i.ref = ?", (ref,)).fetchone()[0]
        db.close()
        print(f"followers: plan {ref} has {followers} followers (set up in {time.monotonic() - t0:.1f} s); "
              f"status change at Telegram's limits now, {args.residents} residents chatting", file=sys.stderr, flush=True)
        await asyncio.to_thread(benchlib.stop, self.process)

        # 2. Telegram's limits on both sides
        self.stub.reset()
        self.stub.limits = True
        self.stub.latency = args.latency_ms / 1000
        replies = benchlib.Replies(self.stub)
        notified = {}
        self.stub.listeners.append(lambda t, chat, text: notified.setdefault(chat, t)
                                   if chat == SUBMITTER or FOLLOWER_BASE <= chat < FOLLOWER_BASE + args.followers
                                   else None)
        self.start_buurtbot(LIMITS)
        await self.ready()

        # 3. the status change, with residents chatting
        samples = []
        started = time.monotonic()
        window = args.window if args.window > 0 else 3600
        stop_at = started + window
        residents = [asyncio.create_task(self.resident(RESIDENT_BASE + i, replies, samples, stop_at))
                     for i in range(args.residents)]
        await asyncio.sleep(1.0)
        env = benchlib.buurtbot_env(args.repo, args.db, self.port, self.stub_port, args.secret, limits=LIMITS)
        status_at = time.monotonic()
        cli = await asyncio.to_thread(subprocess.run, [args.binary, "--config", args.config, "initiative", "status",
                                                       ref, "in_review"], env=env, capture_output=True, text=True)
        if cli.returncode != 0:
            sys.exit(f"followers: the status change failed: {cli.stderr.strip()}")
        while time.monotonic() < stop_at and len(notified) < followers:
            await asyncio.sleep(0.2)
        stop_at = min(stop_at, time.monotonic())
        for task in residents:
            task.cancel()
        await asyncio.gather(*residents, return_exceptions=True)
        measured_until = stop_at

        # 4. figures: over the time the notifications went out, from the first one to the end
        times = sorted(notified.values())
        first = times[0] if times else status_at
        last = times[-1] if times else status_at
        span = (last if len(notified) >= followers else measured_until) - first
        all_sends = [t for t, _, _ in self.stub.receipts if first <= t <= first + span]
        notification_rate = len(notified) / span if span > 0 else 0.0
        total_rate = len(all_sends) / span if span > 0 else 0.0
        finite = [s for s in samples if s != float("inf")]
        p50 = benchlib.percentile(finite, 50)
        p99 = benchlib.percentile(samples, 99)
        rss = benchlib.peak_rss_mib(self.process.pid)
        await asyncio.to_thread(benchlib.stop, self.process)
        server.close()
        print(f"FOLLOWERS followers={followers} notified={len(notified)} span_s={span:.2f} "
              f"first_after_s={first - status_at:.2f} notify_per_s={notification_rate:.2f} "
              f"total_per_s={total_rate:.2f} limit_per_s={LIMITS[0]} too_many={self.stub.too_many} "
              f"too_many_global={self.stub.too_many_by['global']} too_many_chat={self.stub.too_many_by['chat']} "
              f"too_many_early_ms_max={max(self.stub.too_many_early, default=0) * 1000:.3f} "
              f"resident_msgs={len(samples)} no_reply={len(samples) - len(finite)} "
              f"reply_p50_ms={p50 * 1000:.0f} reply_p99_ms={p99 * 1000:.0f} rss_mib={rss:.1f} busy={self.busy}", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--config", required=True)
    parser.add_argument("--repo", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--secret", default="bench-secret")
    parser.add_argument("--followers", type=int, default=5000)
    parser.add_argument("--residents", type=int, default=30)
    parser.add_argument("--think", type=float, default=6.0, help="mean seconds between a resident's messages")
    parser.add_argument("--window", type=float, default=60.0, help="seconds to measure; 0: until all are notified")
    parser.add_argument("--latency-ms", type=float, default=0.0,
                        help="the stub answers each request this much later (Telegram's round trip from here)")
    scenario = Scenario(parser.parse_args())
    try:
        asyncio.run(scenario.run())
    finally:
        # A failed step exits early: the buurtbot it started must not keep running (and loading the machine).
        if scenario.process is not None and scenario.process.poll() is None:
            benchlib.stop(scenario.process)


if __name__ == "__main__":
    main()

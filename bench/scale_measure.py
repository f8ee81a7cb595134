#!/usr/bin/env python3
"""Times what officers and residents wait for on a database filled by bench/scale_fill.py (`make bench-scale`).

1. An admin officer and an API token through the command line (`officer add`, `officer token`); the password
   from BUURTBOT_OFFICER_PASSWORD, or a random one when it is not set (nobody signs in with it).
2. `buurtbot serve` on the database (Telegram as a webhook, replies to a stub Bot API in this process): the
   start-up time (process start to /readyz 200) and the idle RSS (VmRSS a second after that).
3. Every officer-facing read of the API and the public pages, each RUNS times one after another on one
   kept-alive connection, after one untimed request: p50 and p99 of the time to the whole answer.
4. A few resident commands through the Telegram webhook, each RUNS times by residents of the database: the
   time from posting the update to the stub receiving the bot's first reply. "stop" ends each one, untimed.

Writes the figures as JSON (--out) for bench/scale.sh's growth table and prints them as a table.
"""

import argparse
import asyncio
import json
import os
import secrets
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402
import scale_fill  # noqa: E402
import stub_botapi  # noqa: E402

OFFICER = "bench-scale"


def sample(db_path):
    """What the reads ask for: a thread and a plan from the middle, a busy officer, Telegram residents."""
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    picked = {
        "thread": one("SELECT id FROM inbox_threads WHERE id >= (SELECT MAX(id) / 2 FROM inbox_threads) LIMIT 1"),
        "plan": one("SELECT ref FROM initiatives WHERE published = 1 AND hidden = 0 AND id >= "
                    "(SELECT MAX(id) / 2 FROM initiatives) LIMIT 1"),
        "assignee": one("SELECT o.login FROM officers o JOIN inbox_threads t ON t.assignee_id = o.id "
                        "GROUP BY o.id ORDER BY COUNT(*) DESC LIMIT 1"),
        # Residents who support a plan and submitted one: /mijn and /steun have something to show.
        "chats": [int(r[0]) for r in db.execute(
            "SELECT i.external_id FROM identities i WHERE i.channel = 'telegram' AND EXISTS "
            "(SELECT 1 FROM initiatives p WHERE p.submitter_id = i.resident_id) ORDER BY i.id LIMIT 5")],
        # Above every update the journal holds, or the journal takes ours for Telegram's repeats.
        "update_id": one("SELECT COALESCE(MAX(CAST(external_id AS INTEGER)), 0) FROM inbound "
                         "WHERE channel = 'telegram'"),
    }
    db.close()
    return picked


def reads(picked):
    """(name, path, needs the token) of every read an officer or a visitor of the public pages waits for."""
    api = "/api/v1/"
    return [
        ("threads", f"{api}threads", True),
        ("threads ?status=open", f"{api}threads?status=open", True),
        ("threads ?assignee=", f"{api}threads?assignee={picked['assignee']}", True),
        (f"threads ?q= common ({scale_fill.COMMON_WORD})", f"{api}threads?q={scale_fill.COMMON_WORD}", True),
        (f"threads ?q= rare ({scale_fill.RARE_WORD})", f"{api}threads?q={scale_fill.RARE_WORD}", True),
        ("one thread", f"{api}threads/{picked['thread']}", True),
        ("initiatives", f"{api}initiatives", True),
        ("initiatives ?status=in_review", f"{api}initiatives?status=in_review", True),
        ("one initiative", f"{api}initiatives/{picked['plan']}", True),
        ("reports/summary", f"{api}reports/summary", True),
        ("reports/initiatives.csv", f"{api}reports/initiatives.csv", True),
        ("workgroups", f"{api}workgroups", True),
        ("canned", f"{api}canned", True),
        ("audit (admin)", f"{api}audit", True),
        ("outbox ?status=dead (admin)", f"{api}outbox?status=dead", True),
        ("/plannen/", "/plannen/", False),
        ("/plannen/<plan>", f"/plannen/{picked['plan']}", False),
        ("/plannen/plannen.json", "/plannen/plannen.json", False),
        ("/plannen/feed.atom", "/plannen/feed.atom", False),
    ]


# The commands residents type, by what they read: one plan's page, their own plans, the open plans.
COMMANDS = [("/menu", "/menu"), ("/mijn", "/mijn"), ("/steun (open plans)", "/steun"),
            ("/steun speeltuin (search)", "/steun speeltuin"), ("/volg <plan>", "/volg {plan}")]


def officer_token(args, env):
    """An admin's API token, made with the command line as an administrator would."""
    env = dict(env)
    env.setdefault("BUURTBOT_OFFICER_PASSWORD", secrets.token_urlsafe(24))
    cli = [args.binary, "--config", args.config, "officer"]
    subprocess.run(cli + ["add", OFFICER, "--name", "Meetpunt", "--role", "admin"], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    made = subprocess.run(cli + ["token", OFFICER], env=env, check=True, capture_output=True, text=True)
    return made.stdout.strip()


async def time_read(conn, path, headers, runs):
    """Seconds of each of `runs` GETs of path, the size of the answer and the seconds of the first GET, which
    is not among them: it reads the pages from disk (and the very first waits for the start's retention pass)."""
    start = time.monotonic()
    status, body = await conn.request("GET", path, headers=headers)
    first = time.monotonic() - start
    if status != 200:
        raise RuntimeError(f"GET {path} answered {status}: {body[:200]!r}")
    times = []
    for _ in range(runs):
        start = time.monotonic()
        await conn.request("GET", path, headers=headers)
        times.append(time.monotonic() - start)
    return times, len(body), first


class Resident:
    """Posts one resident's updates to the webhook and waits for the bot's first reply in their chat."""

    def __init__(self, port, secret, replies, update_id):
        self.conn, self.secret, self.replies = benchlib.Conn(port), secret, replies
        self.update_id = update_id

    async def say(self, chat_id, text):
        """Seconds from posting `text` to the first reply."""
        self.update_id += 1
        reply = self.replies.expect(chat_id)
        start = time.monotonic()
        status, answer = await self.conn.request("POST", "/webhook/telegram", benchlib.update(self.update_id, chat_id, text),
                                                 {"Content-Type": "application/json",
                                                  benchlib.SECRET_HEADER: self.secret})
        if status != 200:
            raise RuntimeError(f"webhook answered {status}: {answer[:200]!r}")
        received = await asyncio.wait_for(reply, 60)
        return received - start

    async def command(self, chat_id, text):
        elapsed = await self.say(chat_id, text)
        await self.say(chat_id, "stop")
        await asyncio.sleep(0.2)  # a flow's second message comes after its first: let it pass
        return elapsed


async def measure(args):
    stub = stub_botapi.Stub()
    server = await stub_botapi.start(stub)
    stub_port = server.sockets[0].getsockname()[1]
    env = benchlib.buurtbot_env(args.repo, args.db, args.port, stub_port, args.secret)
    token = officer_token(args, env)
    picked = sample(args.db)

    started = time.monotonic()
    process = benchlib.start_buurtbot(args.binary, args.config, env, args.log)
    try:
        ready = await asyncio.to_thread(benchlib.wait_http, args.port, "/readyz", 120.0, process, 0.002)
        if not ready:
            sys.exit(f"scale_measure: buurtbot did not start (see {args.log})")
        startup = time.monotonic() - started
        await asyncio.sleep(1.0)
        figures = {"scale": args.scale, "runs": args.runs, "db_bytes": os.path.getsize(args.db), "startup_ms": startup * 1000,
                   "idle_rss_mib": benchlib.peak_rss_mib(process.pid, "VmRSS"), "reads": [], "commands": []}

        conn = benchlib.Conn(args.port, timeout=120)
        for name, path, private in reads(picked):
            headers = {"Authorization": f"Bearer {token}"} if private else {}
            times, size, first = await time_read(conn, path, headers, args.runs)
            figures["reads"].append(summary(name, times, size, first))
        await conn.close()

        resident = Resident(args.port, args.secret, benchlib.Replies(stub), picked["update_id"])
        for name, text in COMMANDS:
            times = []
            for i in range(args.runs):
                chat = picked["chats"][i % len(picked["chats"])]
                times.append(await resident.command(chat, text.format(plan=picked["plan"])))
            figures["commands"].append(summary(name, times, 0, None))
        await resident.conn.close()
        figures["rss_after_mib"] = benchlib.peak_rss_mib(process.pid, "VmRSS")
        figures["peak_rss_mib"] = benchlib.peak_rss_mib(process.pid)
    finally:
        await asyncio.to_thread(benchlib.stop, process)
        server.close()
    return figures


def summary(name, times, size, first):
    return {"name": name, "p50_ms": benchlib.percentile(times, 50) * 1000,
            "p99_ms": benchlib.percentile(times, 99) * 1000, "bytes": size,
            "first_ms": None if first is None else first * 1000}


def size_text(row):
    """The answer's size; a resident command has none (its answer is a chat message)."""
    return f"{row['bytes']:,}" if row["bytes"] else "–"


def print_figures(figures):
    print(f"\nscale {figures['scale']}: database {figures['db_bytes'] / 2**20:,.0f} MiB, start-up "
          f"{figures['startup_ms']:.0f} ms, idle RSS {figures['idle_rss_mib']:.1f} MiB (after the reads "
          f"{figures['rss_after_mib']:.1f}, peak {figures['peak_rss_mib']:.1f})\n")
    print("| read | p50 ms | p99 ms | first (cold) ms | bytes |")
    print("|---|---:|---:|---:|---:|")
    for row in figures["reads"] + figures["commands"]:
        first = "–" if row["first_ms"] is None else f"{row['first_ms']:.1f}"
        print(f"| {row['name']} | {row['p50_ms']:.1f} | {row['p99_ms']:.1f} | {first} | {size_text(row)} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--config", default="config/demo.yaml")
    parser.add_argument("--repo", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--scale", type=float, required=True, help="the scale the database was filled at")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--secret", default=f"bench-secret-{os.getpid()}")
    parser.add_argument("--out", required=True, help="the JSON file for the figures")
    args = parser.parse_args()
    figures = asyncio.run(measure(args))
    with open(args.out, "w") as out:
        json.dump(figures, out)
    print_figures(figures)


if __name__ == "__main__":
    main()

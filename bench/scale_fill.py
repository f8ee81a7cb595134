#!/usr/bin/env python3
"""Fills a buurtbot database with what a city of a million inhabitants produces in a year (`make bench-scale`).

At --scale 1: 200,000 residents on Telegram, Matrix and e-mail, 20,000 initiatives with their status histories,
500,000 supports, 300,000 follows, 150,000 inbox threads with 1,500,000 messages, 5,000,000 journal rows,
6,000,000 outbox rows, the audit entries of the officers' work and 30 officers. Every count but the officers'
is multiplied by the scale. The year ends at midnight today, and the journal and outbox rows older than buurtbot's
retention are emptied as buurtbot's hourly pass leaves them. The schema is the real one: the buurtbot binary creates it (`migrate`), this script
only inserts rows, with the column names of storage/migrations.cpp. The same seed gives the same database.

The inbox messages are Dutch-looking text from a word list with a few words everywhere (COMMON_WORD is in about
a quarter of the messages) and one almost nowhere (RARE_WORD, in one message of 100,000, and at least once), so
a search for either can be timed. Prints one line: FILL seconds=… bytes=… and the row counts.
"""

import argparse
import itertools
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

COMMON_WORD = "straat"
RARE_WORD = "wilgenkatje"
OFFICERS = 30
YEAR_SECONDS = 365 * 86400
RETENTION_DAYS = 30  # buurtbot's default privacy.retention_days
ERASED_PAYLOAD = "{}"  # what buurtbot leaves of a journal or outbox row past retention (storage/repositories.hpp)
BATCH = 50_000

# At scale 1.
COUNTS = {"residents": 200_000, "initiatives": 20_000, "supports": 500_000, "follows": 300_000,
          "threads": 150_000, "messages": 1_500_000, "inbound": 5_000_000, "outbox": 6_000_000}

WORDS = ("de het een en van in is dat op te met voor niet er zijn aan ook bij als dan nog maar wel om "
         "we wij jullie mijn onze buurt wijk park speeltuin bankje boom bomen afval container fiets fietsen auto "
         "parkeren stoep gemeente bewoners plan idee vraag graag hallo dank groet week maand morgen vandaag "
         "avond ochtend kinderen ouderen hond honden lawaai licht lamp lantaarn water plas gras bloemen tuin "
         "school verkeer drempel snelheid zebrapad kruispunt bus halte markt winkel plein veilig mooi kapot "
         "vies schoon groot klein oud nieuw snel langzaam samen helpen melden repareren ophalen bellen "
         "antwoord wachten wanneer waarom hoe wie waar welke gaat komt kan moet wil zou hebben doen").split()
STATUS_PATHS = {  # the status of a plan at the end of the year, with the way it went there, and its share
    "submitted": (["submitted"], 10),
    "in_review": (["submitted", "in_review"], 15),
    "needs_info": (["submitted", "in_review", "needs_info"], 5),
    "accepted": (["submitted", "in_review", "accepted"], 12),
    "rejected": (["submitted", "in_review", "rejected"], 15),
    "in_progress": (["submitted", "in_review", "accepted", "in_progress"], 15),
    "done": (["submitted", "in_review", "accepted", "in_progress", "done"], 20),
    "withdrawn": (["submitted", "withdrawn"], 8),
}
PLAN_TITLES = ["Bankje bij de {}", "Meer bomen in de {}", "Moestuin naast de {}", "Veilige oversteek bij de {}",
               "Buurtfeest op het {}", "Speelplek achter de {}", "Bloemen langs de {}", "Deelfietsen bij de {}"]
PLACES = ["speeltuin", "school", "vijver", "markt", "kerk", "bibliotheek", "sporthal", "plein", "haven", "molen"]
CHANNELS = [("telegram", 60), ("matrix", 15), ("email", 25)]


def themes_and_neighbourhoods(config_path):
    """The keys of municipality.themes and .neighbourhoods in the config (`{key: x, …}` or a plain `x`)."""
    lists, current = {"themes": [], "neighbourhoods": []}, None
    for line in open(config_path, encoding="utf-8"):
        heading = re.match(r"^  (\w+):\s*$", line)
        if heading or not line.startswith("  "):
            current = heading.group(1) if heading and heading.group(1) in lists else None
            continue
        item = re.match(r"^\s+- (?:\{key: ([^,}]+)|([\w-]+)\s*$)", line)
        if current and item:
            lists[current].append((item.group(1) or item.group(2)).strip())
    return lists["themes"], lists["neighbourhoods"]


class Clock:
    """ISO 8601 UTC text for a second of the year that ended at midnight today, as buurtbot stores its
    timestamps. The year ends now, not on a fixed date, so retention finds the state it would have left:
    the rows of the last RETENTION_DAYS whole, the older ones emptied."""

    def __init__(self):
        self.origin = (int(time.time()) // 86400 - 365) * 86400
        self.days = [time.strftime("%Y-%m-%d", time.gmtime(self.origin + d * 86400)) for d in range(366)]

    def at(self, second):
        second = min(max(int(second), 0), YEAR_SECONDS - 1)
        day, rest = divmod(second, 86400)
        return f"{self.days[day]}T{rest // 3600:02}:{rest // 60 % 60:02}:{rest % 60:02}Z"


class Filler:
    def __init__(self, db, scale, seed, themes, neighbourhoods):
        self.db, self.rnd, self.clock = db, random.Random(seed), Clock()
        self.n = {name: max(1, round(count * scale)) for name, count in COUNTS.items()}
        self.themes, self.neighbourhoods = themes, neighbourhoods
        # Zipf: a few words carry most of the text, and a few plans most of the supports.
        self.word_weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(WORDS))))
        self.plan_weights = list(itertools.accumulate((rank + 1) ** -0.8 for rank in range(self.n["initiatives"])))
        self.identity_of = []  # resident index -> (identity id, channel, address)
        self.initiative_created = []
        self.refs_in_year = {}
        # An hour short of buurtbot's own cut-off, so its pass at start finds nothing new to empty.
        self.retained_from = int(time.time()) - self.clock.origin - RETENTION_DAYS * 86400 + 3600

    def insert(self, sql, rows):
        """executemany in batches of BATCH rows, each batch in one transaction."""
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) == BATCH:
                self.db.executemany(sql, batch)
                self.db.commit()
                batch.clear()
        if batch:
            self.db.executemany(sql, batch)
            self.db.commit()

    def sentence(self, low, high, common_share=0.0):
        words = self.rnd.choices(WORDS, cum_weights=self.word_weights, k=self.rnd.randint(low, high))
        if self.rnd.random() < common_share:
            words.insert(self.rnd.randrange(len(words) + 1), COMMON_WORD)
        return " ".join(words).capitalize() + "."

    def moment(self, after=0):
        return self.rnd.randint(int(after), YEAR_SECONDS - 1)

    def officers(self):
        # The hash of nothing anyone can type: these officers only make the data look like a year's work.
        self.insert("INSERT INTO officers (id, login, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    ((i, f"medewerker{i:02}", f"{benchlib.FIRST_NAMES[i % 20]} {benchlib.LAST_NAMES[i % 10]}",
                      "admin" if i <= 3 else "officer", "!bench-scale", self.clock.at(0)) for i in range(1, OFFICERS + 1)))

    def residents(self):
        names, weights = [c for c, _ in CHANNELS], [w for _, w in CHANNELS]
        homes = self.neighbourhoods + ["none", ""]
        residents, identities, conversations = [], [], []
        for rid in range(1, self.n["residents"] + 1):
            channel = self.rnd.choices(names, weights)[0]
            external, address = {"telegram": (str(100_000_000 + rid), str(100_000_000 + rid)),
                                 "matrix": (f"@bewoner{rid}:example.org", f"!kamer{rid}:example.org"),
                                 "email": (f"bewoner{rid}@example.nl", f"bewoner{rid}@example.nl")}[channel]
            created = self.moment()
            name = f"{benchlib.FIRST_NAMES[rid % 20]} {benchlib.LAST_NAMES[rid // 20 % 10]}"
            residents.append((rid, name, "en" if self.rnd.random() < 0.15 else "nl", self.clock.at(created),
                              self.clock.at(created), self.rnd.choice(homes), rid))
            identities.append((rid, rid, channel, external, address, name, self.clock.at(created)))
            conversations.append((rid, channel, address, rid, self.clock.at(self.moment(created))))
            self.identity_of.append((rid, channel, address))
        self.insert("INSERT INTO residents (id, display_name, language, created_at, consent_at, home, last_identity_id) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)", residents)
        self.insert("INSERT INTO identities (id, resident_id, channel, external_id, address, display_name, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)", identities)
        self.insert("INSERT INTO conversations (id, channel, address, resident_id, updated_at) VALUES (?, ?, ?, ?, ?)",
                    conversations)

    def resident(self):
        return self.rnd.randint(1, self.n["residents"])

    def ref(self, created):
        """BI-<year>-<number>, numbered from 1 in each calendar year as buurtbot does (storage/initiatives.cpp)."""
        year = self.clock.at(created)[:4]
        self.refs_in_year[year] = self.refs_in_year.get(year, 0) + 1
        return f"BI-{year}-{self.refs_in_year[year]:04}"

    def initiatives(self):
        statuses = list(STATUS_PATHS)
        shares = [STATUS_PATHS[s][1] for s in statuses]
        initiatives, history, audit = [], [], []
        created_at = sorted(self.moment() * 0.9 for _ in range(self.n["initiatives"]))  # ids grow with time
        for iid in range(1, self.n["initiatives"] + 1):
            created = created_at[iid - 1]
            status = self.rnd.choices(statuses, shares)[0]
            theme, place = self.rnd.choice(self.themes), self.rnd.choice(self.neighbourhoods)
            ref = self.ref(created)
            title = self.rnd.choice(PLAN_TITLES).format(self.rnd.choice(PLACES))
            at, previous = created, "draft"
            for step in STATUS_PATHS[status][0]:
                officer = f"officer:medewerker{self.rnd.randint(1, OFFICERS):02}"
                actor = f"resident:{iid}" if step in ("submitted", "withdrawn") else officer
                answer = "" if actor.startswith("resident") else self.sentence(12, 30)
                history.append((iid, previous, step, answer, actor, self.clock.at(at)))
                if not actor.startswith("resident"):
                    audit.append((actor, "initiative.status", ref, f"{previous} -> {step}",
                                  self.clock.at(at)))
                previous, at = step, at + self.rnd.randint(3600, 30 * 86400)
            self.initiative_created.append(created)
            published = 1 if self.rnd.random() < 0.8 else 0
            initiatives.append((iid, ref, title, self.sentence(20, 60), theme, place,
                                self.rnd.choice(["geld", "toestemming", "ruimte", "advies", ""]),
                                self.rnd.choice([None, 25_000, 125_000, 500_000]), self.resident(), status,
                                self.clock.at(created), self.clock.at(at), published,
                                1 if self.rnd.random() < 0.01 else 0))
        self.insert("INSERT INTO initiatives (id, ref, title, description, theme, neighbourhood, help, amount_cents, "
                    "submitter_id, status, created_at, updated_at, published, hidden) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", initiatives)
        self.insert("INSERT INTO initiative_status_history (initiative_id, from_status, to_status, answer, actor, at) "
                    "VALUES (?, ?, ?, ?, ?, ?)", history)
        return audit

    def pairs(self, table, count):
        """`count` different (plan, resident) pairs; the popular plans are spread over the ids."""
        seen, plans = set(), range(self.n["initiatives"])
        while len(seen) < count:
            for rank in self.rnd.choices(plans, cum_weights=self.plan_weights, k=count - len(seen)):
                seen.add((rank * 7919 % self.n["initiatives"] + 1, self.resident()))
        self.insert(f"INSERT INTO {table} (initiative_id, resident_id, created_at) VALUES (?, ?, ?)",
                    ((i, r, self.clock.at(self.moment(self.initiative_created[i - 1]))) for i, r in sorted(seen)))

    def inbox(self):
        threads, messages, audit = [], [], []
        rare_left = max(1, self.n["messages"] // 100_000)
        per_thread = self.n["messages"] // self.n["threads"]
        mid = 0
        for tid in range(1, self.n["threads"] + 1):
            rid = self.resident()
            _, channel, address = self.identity_of[rid - 1]
            created = self.moment() * 0.97
            status = self.rnd.choices(["open", "pending", "resolved"], [10, 15, 75])[0]
            assignee = self.rnd.randint(1, OFFICERS) if status != "open" or self.rnd.random() < 0.5 else None
            at, first_response = created, None
            count = per_thread + (1 if tid <= self.n["messages"] % self.n["threads"] else 0)
            for k in range(count):
                mid += 1
                outgoing = k % 2 == 1 and assignee is not None
                text = self.sentence(6, 40, common_share=0.25)
                if rare_left and self.rnd.random() < rare_left / (self.n["messages"] - mid + 1):
                    text, rare_left = f"{text} Zijn er {RARE_WORD}s in het park?", rare_left - 1
                messages.append((mid, tid, "out" if outgoing else "in",
                                 f"officer:medewerker{assignee:02}" if outgoing else "", text, self.clock.at(at)))
                if outgoing and first_response is None:
                    first_response = at
                at += self.rnd.randint(60, 3 * 86400)
            resolved = self.clock.at(at) if status == "resolved" else None
            threads.append((tid, rid, channel, address, status, assignee, self.clock.at(created), self.clock.at(at),
                            None if first_response is None else self.clock.at(first_response), resolved,
                            self.clock.at(created + 3 * 86400)))
            if assignee:
                audit.append((f"officer:medewerker{assignee:02}", "thread.assign", str(tid), "", self.clock.at(created)))
        self.insert("INSERT INTO inbox_threads (id, resident_id, channel, address, status, assignee_id, created_at, "
                    "last_activity_at, first_response_at, resolved_at, due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    threads)
        self.insert("INSERT INTO inbox_messages (id, thread_id, direction, author, text, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)", messages)
        return audit

    def texts(self, count):
        """A pool of texts for the journal and the outbox, already JSON strings: building 11 million is slow."""
        return [json.dumps(self.sentence(4, 40, common_share=0.25), ensure_ascii=False) for _ in range(count)]

    def journal(self):
        texts = self.texts(5000)

        def rows():
            for jid in range(1, self.n["inbound"] + 1):
                rid = self.resident()
                _, channel, address = self.identity_of[rid - 1]
                second = jid * YEAR_SECONDS // (self.n["inbound"] + 1)
                at = self.clock.at(second)
                if second < self.retained_from:
                    yield jid, channel, str(jid), "", ERASED_PAYLOAD, at, at
                    continue
                payload = (f'{{"channel":"{channel}","conversation":"{address}","sender_id":"{address}",'
                           f'"sender_address":"{address}","sender_name":"","language":"nl",'
                           f'"text":{texts[jid % len(texts)]},"choice":"","attachments":[],"reply_to":"",'
                           f'"external_id":"{jid}","group":false,"event":"","callback_id":""}}')
                yield jid, channel, str(jid), address, payload, at, at
        self.insert("INSERT INTO inbound (id, channel, external_id, conversation, payload, received_at, processed_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)", rows())

    def outbox(self):
        texts = self.texts(5000)

        def rows():
            for oid in range(1, self.n["outbox"] + 1):
                _, channel, address = self.identity_of[self.resident() - 1]
                second = oid * YEAR_SECONDS // (self.n["outbox"] + 1)
                dead = self.rnd.random() < 0.002  # a blocked bot, a deleted account: given up, for the officers
                payload = f'{{"text":{texts[oid % len(texts)]},"choices":[],"answers_callback":""}}'
                error = "403 Forbidden: bot was blocked by the user" if dead else ""
                if second < self.retained_from:
                    address, payload, error = "", ERASED_PAYLOAD, ""
                yield (oid, channel, address, payload, 0 if oid % 3 else 1, "dead" if dead else "sent",
                       5 if dead else 1, error,
                       self.clock.at(second), None if dead else self.clock.at(second + 1))
        self.insert("INSERT INTO outbox (id, channel, address, payload, priority, status, attempts, last_error, "
                    "created_at, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows())

    def audit(self, entries):
        entries.sort(key=lambda e: e[4])
        self.insert("INSERT INTO audit (actor, action, subject, detail, at) VALUES (?, ?, ?, ?, ?)", entries)

    def fill(self):
        self.officers()
        self.residents()
        audit = self.initiatives()
        self.pairs("supports", self.n["supports"])
        self.pairs("follows", self.n["follows"])
        audit += self.inbox()
        self.audit(audit)
        self.journal()
        self.outbox()


def create_schema(binary, config, db_path):
    env = dict(os.environ, BUURTBOT_STORAGE_PATH=db_path)
    subprocess.run([binary, "--config", config, "migrate"], env=env, check=True, stdout=subprocess.DEVNULL)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--config", default="config/demo.yaml")
    args = parser.parse_args()
    if os.path.exists(args.db):
        sys.exit(f"scale_fill: {args.db} exists; the generator fills a new database only")
    start = time.monotonic()
    create_schema(args.binary, args.config, args.db)
    db = sqlite3.connect(args.db)
    # Nothing to keep if this breaks off: the file is made anew. buurtbot itself runs in WAL mode.
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-262144")
    filler = Filler(db, args.scale, args.seed, *themes_and_neighbourhoods(args.config))
    filler.fill()
    db.execute("PRAGMA journal_mode=WAL")
    db.close()
    counts = " ".join(f"{name}={count}" for name, count in filler.n.items())
    print(f"FILL seconds={time.monotonic() - start:.1f} bytes={os.path.getsize(args.db)} {counts}", flush=True)


if __name__ == "__main__":
    main()

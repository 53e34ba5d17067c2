"""1,000 officers nominating at once through the Procfile's processes: PostgreSQL + Redis, then SQLite.

The bot runs as a host runs the Procfile: the release step, gunicorn (2 web workers x 4 threads) and two
worker processes (huey, 2 threads each), all sharing one database and one queue. This process is LINE and
Google: it sends the signed webhook events over loopback, and serves the LINE API stand-in and the Sheets
stand-in in threads. Every simulated officer registers with their district's code and then goes through the
whole nomination dialogue (23 messages, one of them a photo), reading each answer, thinking a few seconds
and answering: all of them start at the same moment.

Reported per backend: the webhook's answer time (p50/p99/max), the time from sending an event to the bot's
reply call reaching LINE (p50/p99/max), each process's peak memory (VmHWM), and the count of nominations
lost or doubled (in the database, in the answers, and on the Google Sheet).

    .venv/bin/python benchmarks/load.py [--officers 1000] [--think 5] [--backend both|services|sqlite]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import logging
import random
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import aiohttp
from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.campaign_cost import campaign_file  # noqa: E402
from bot.config import Config  # noqa: E402
from bot.standin import LineStandIn, sign  # noqa: E402
from bot.store import DistrictCode, InboundEvent, NominationRecord, Store  # noqa: E402
from sheets import NOMINATION_SHEET  # noqa: E402
from tests import backends  # noqa: E402
from tests.cluster import Cluster  # noqa: E402
from tests.google_standin import GoogleStandIn  # noqa: E402
from tests.harness import ServerThread, actions, texts  # noqa: E402
from tests.sheet_backends import service_account_key  # noqa: E402
from tests.test_nomination_dialogue import HAPPY_PATH  # noqa: E402

SECRET, TOKEN = "load-secret", "load-token"
PHOTO = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40  # a 10 KB stand-in for a phone photo


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


class Run:
    """One backend: the processes, LINE and Google stand-ins, and what every officer saw."""

    def __init__(self, backend: str, officers: int, think: float, folder: Path):
        self.backend, self.officers, self.think, self.folder = backend, officers, think, folder
        self.line = LineStandIn(TOKEN)
        self.line_server = ServerThread(self.line.app)
        self.line.url = self.line_server.url
        self.google = GoogleStandIn()
        self.google_server = ServerThread(self.google.app)
        self.google.url = self.google_server.url
        key, public = service_account_key(f"{self.google.url}/token")
        email = json.loads(key)["client_email"]
        self.google.register_key(email, public)
        self.sheet_id = self.google.create_spreadsheet(shared_with=email)
        self.config = Config(instance_path=folder / "instance", campaign_file=campaign_file(officers, folder),
                             line_channel_secret=SECRET, line_channel_access_token=TOKEN, line_api_base_url=self.line.url,
                             google_service_account_json=key, google_sheet_id=self.sheet_id,
                             google_api_base_url=self.google.url)
        self.acks: list[float] = []
        self.latencies: list[float] = []
        self.failures: list[str] = []
        self.sent = 0
        self.receipts = 0

    def env(self) -> dict[str, str]:
        return backends.process_env(
            self.config, LINE_CHANNEL_SECRET=SECRET, LINE_CHANNEL_ACCESS_TOKEN=TOKEN, LINE_API_BASE_URL=self.line.url,
            GOOGLE_SERVICE_ACCOUNT_JSON=self.config.google_service_account_json, GOOGLE_SHEET_ID=self.sheet_id,
            GOOGLE_API_BASE_URL=self.google.url)

    # --- one officer -----------------------------------------------------------------------------------
    async def officer(self, http: aiohttp.ClientSession, url: str, number: int, code: str, inbox: asyncio.Queue) -> None:
        user = f"U{number:032x}"
        script = [("says", f"ลงทะเบียน {code}", "รหัสถูกต้อง"), ("says", "สมหญิง ใจดี", "ลงทะเบียนเรียบร้อย")]
        script += HAPPY_PATH
        shown: list[dict] = []
        for action, value, expected in script:
            await asyncio.sleep(self.think * random.uniform(0.4, 1.6))
            event = self.event(user, action, value, shown)
            if event is None:
                self.failures.append(f"{user}: no button {value!r}")
                return
            body = json.dumps({"destination": "Ubot", "events": [event]}).encode()
            started = time.time()
            try:
                async with http.post(f"{url}/callback", data=body, headers={
                        "Content-Type": "application/json", "X-Line-Signature": sign(body, SECRET)}) as response:
                    await response.read()
                    status = response.status
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                self.failures.append(f"{user}: webhook call failed ({type(exc).__name__})")
                return
            self.acks.append(time.time() - started)
            self.sent += 1
            if status != 200:
                self.failures.append(f"{user}: webhook answered {status}")
                return
            try:
                delivery = await asyncio.wait_for(inbox.get(), timeout=180)
            except asyncio.TimeoutError:
                self.failures.append(f"{user}: no answer to {value!r} within 3 minutes")
                return
            self.latencies.append(delivery.at - started)
            shown = delivery.messages
            if expected not in texts(shown):
                self.failures.append(f"{user}: after {value!r} expected {expected!r}")
                return
        self.receipts += 1

    def event(self, user: str, action: str, value, shown: list[dict]) -> dict | None:
        event = {"mode": "active", "timestamp": int(time.time() * 1000), "source": {"type": "user", "userId": user},
                 "webhookEventId": "01" + uuid.uuid4().hex.upper()[:24], "deliveryContext": {"isRedelivery": False},
                 "replyToken": self.line.issue_reply_token(user)}
        if action == "taps":
            action_ = next((a for a in actions(shown) if a.get("label") == value), None)
            if action_ is None:
                return None
            if action_["type"] == "postback":
                return dict(event, type="postback", postback={"data": action_["data"]})
            value = action_["text"]
        if action == "photo":
            message_id = str(uuid.uuid4().int)[:18]
            self.line.store_content(message_id, PHOTO)
            return dict(event, type="message", message={"type": "image", "id": message_id,
                                                        "contentProvider": {"type": "line"}, "quoteToken": "q"})
        return dict(event, type="message", message={"type": "text", "id": str(uuid.uuid4().int)[:18], "text": value,
                                                    "quoteToken": "q"})

    async def everyone(self, url: str, codes: list[str]) -> None:
        loop = asyncio.get_running_loop()
        inboxes = {f"U{n:032x}": asyncio.Queue() for n in range(1, len(codes) + 1)}

        def delivered(delivery) -> None:  # called in the stand-in's threads
            if delivery.to in inboxes:
                loop.call_soon_threadsafe(inboxes[delivery.to].put_nowait, delivery)

        self.line.listeners.append(delivered)
        # A connection per call, as LINE's platform makes them (no keep-alive to race the server's close).
        connector = aiohttp.TCPConnector(limit=200, force_close=True)
        try:
            async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=60)) as http:
                await asyncio.gather(*(self.officer(http, url, n, code, inboxes[f"U{n:032x}"])
                                       for n, code in enumerate(codes, 1)))
        finally:
            self.line.listeners.remove(delivered)

    # --- the whole run ---------------------------------------------------------------------------------
    def play(self) -> dict:
        with Cluster(self.env(), self.folder / "logs") as cluster:
            store = Store(self.config.sqlalchemy_url)
            with store.read() as session:
                codes = dict(session.execute(select(DistrictCode.district_id, DistrictCode.code)).all())
            ordered = [codes[district] for district in sorted(codes)]
            began, cpu_began = time.monotonic(), time.process_time()
            watcher = ConnectionWatcher(store)
            asyncio.run(self.everyone(cluster.url, ordered))
            dialogue_seconds = time.monotonic() - began
            synced_after = self.wait_synced(store, began)
            memory = cluster.peak_memory_mib()
            cpu = cluster.cpu_seconds()
            cpu["load (this process)"] = time.process_time() - cpu_began
            connections = watcher.stop()
            with store.read() as session:
                active = session.execute(select(NominationRecord.district_id, func.count()).where(
                    NominationRecord.status == "active").group_by(NominationRecord.district_id)).all()
                events = session.scalar(select(func.count()).select_from(InboundEvent))
                pending = session.scalar(select(func.count()).select_from(InboundEvent).where(
                    InboundEvent.status != "done"))
            store.dispose()
        deliveries = Counter(d.to for d in self.line.deliveries)
        kinds = Counter(d.kind for d in self.line.deliveries)
        rows = Counter(r["เลขที่อ้างอิง"] for r in self.google.records(self.sheet_id, NOMINATION_SHEET))
        return {
            "backend": self.backend, "officers": self.officers, "events": self.sent, "seconds": dialogue_seconds,
            "ack_p50": percentile(self.acks, 0.5), "ack_p99": percentile(self.acks, 0.99), "ack_max": max(self.acks),
            "reply_p50": percentile(self.latencies, 0.5), "reply_p99": percentile(self.latencies, 0.99),
            "reply_max": max(self.latencies), "memory": memory, "receipts": self.receipts,
            "failures": self.failures, "kinds": dict(kinds),
            "nominations": len(active), "doubled_nominations": sum(1 for _, n in active if n > 1),
            "lost_nominations": self.officers - len(active),
            "stored_events": events, "unfinished_events": pending,
            "doubled_answers": sum(1 for user, n in deliveries.items() if n > len(HAPPY_PATH) + 2),
            "sheet_rows": sum(rows.values()), "sheet_doubled": sum(1 for n in rows.values() if n > 1),
            "sheet_synced_after": synced_after, "peak_connections": connections, "cpu": cpu,
        }

    def wait_synced(self, store: Store, began: float, seconds: float = 300) -> float | None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with store.read() as session:
                left = session.scalar(select(func.count()).select_from(NominationRecord).where(
                    NominationRecord.synced_at.is_(None)))
            if not left:
                return time.monotonic() - began
            time.sleep(0.5)
        return None

    def close(self) -> None:
        self.line_server.stop()
        self.google_server.stop()


class ConnectionWatcher:
    """The most PostgreSQL connections the bot's processes held at once (sampled every 200 ms)."""

    def __init__(self, store: Store):
        self.store, self.peak, self.running = store, None, store.engine.dialect.name == "postgresql"
        self.thread = threading.Thread(target=self.watch, daemon=True)
        self.thread.start()

    def watch(self) -> None:
        from sqlalchemy import text

        while self.running:
            with self.store.engine.connect() as connection:
                count = connection.scalar(text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"))
            self.peak = max(self.peak or 0, count)
            time.sleep(0.2)

    def stop(self) -> int | None:
        self.running = False
        self.thread.join(5)
        return self.peak


def report(result: dict) -> None:
    ms = lambda seconds: f"{seconds * 1000:.0f} ms"  # noqa: E731
    print(f"\n== {result['backend']}: {result['officers']} officers, {result['events']} events in "
          f"{result['seconds']:.0f} s ({result['events'] / result['seconds']:.0f} events/s)")
    print(f"webhook answer     p50 {ms(result['ack_p50'])}  p99 {ms(result['ack_p99'])}  max {ms(result['ack_max'])}")
    print(f"event -> reply     p50 {ms(result['reply_p50'])}  p99 {ms(result['reply_p99'])}  "
          f"max {ms(result['reply_max'])}   calls: {result['kinds']}")
    print("peak memory (MiB)  " + "  ".join(f"{name} {mib:.0f}" for name, mib in sorted(result["memory"].items())))
    print("cpu seconds        " + "  ".join(f"{name} {seconds:.0f}" for name, seconds in sorted(result["cpu"].items())))
    if result["peak_connections"] is not None:
        print(f"postgresql         at most {result['peak_connections']} connections open at once (all processes)")
    print(f"nominations        {result['nominations']} active, {result['lost_nominations']} lost, "
          f"{result['doubled_nominations']} doubled; receipts {result['receipts']}; "
          f"doubled answers {result['doubled_answers']}")
    synced = result["sheet_synced_after"]
    print(f"google sheet       {result['sheet_rows']} rows, {result['sheet_doubled']} doubled; all synced "
          f"{'after %.0f s' % synced if synced is not None else 'NOT within 5 minutes'}")
    print(f"events stored      {result['stored_events']} (sent {result['events']}), unfinished "
          f"{result['unfinished_events']}")
    if result["failures"]:
        print(f"FAILURES ({len(result['failures'])}): " + "; ".join(result["failures"][:5]))


def main() -> None:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the stand-ins' access lines
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--officers", type=int, default=1000)
    parser.add_argument("--think", type=float, default=5.0, help="mean seconds an officer takes to answer")
    parser.add_argument("--backend", choices=("both", "services", "sqlite"), default="both")
    args = parser.parse_args()
    plans = {"both": ["services", "sqlite"], "services": ["services"], "sqlite": ["sqlite"]}[args.backend]
    print(f"{args.officers} officers, mean think time {args.think} s; the Procfile's processes; loopback")
    for backend in plans:
        with tempfile.TemporaryDirectory() as folder:
            run = Run(backend, args.officers, args.think, Path(folder))
            try:
                if backend == "services":
                    reason = backends.unavailable()
                    if reason:
                        print(f"\n== PostgreSQL + Redis: skipped ({reason})")
                        continue
                    with backends.postgres_schema() as database_url, backends.redis_queue() as (redis_url, name):
                        run.config = run.config.with_changes(database_url=database_url, redis_url=redis_url,
                                                             queue_name=name)
                        run.backend = "PostgreSQL + Redis"
                        report(run.play())
                else:
                    run.backend = "SQLite (database and queue)"
                    report(run.play())
            finally:
                run.close()


if __name__ == "__main__":
    main()

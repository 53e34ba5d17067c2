"""A deployment with several web and worker processes: each event, nomination, sheet row and multicast batch
is handled exactly once. Runs on SQLite by default and on PostgreSQL + Redis with TEST_BACKEND=services."""
from __future__ import annotations

import threading
import time
from collections import Counter

from openpyxl import load_workbook
from sqlalchemy import func, select

from bot.campaign import load_campaign
from bot.store import DistrictCode, InboundEvent, NominationRecord, Store
from tests.backends import process_env
from tests.cluster import Cluster
from tests.conftest import ADMIN, SECRET, TOKEN
from tests.harness import Bot, Officer, texts
from tests.test_nomination_dialogue import HAPPY_PATH, play


def test_officers_on_two_web_and_two_worker_processes_get_every_answer_once(config, standin, tmp_path):
    env = process_env(config, LINE_CHANNEL_SECRET=SECRET, LINE_CHANNEL_ACCESS_TOKEN=TOKEN,
                      LINE_API_BASE_URL=standin.url, ADMIN_LINE_USER_IDS=ADMIN)
    districts = load_campaign(config.campaign_file).districts
    with Cluster(env, tmp_path / "logs") as cluster:
        store = Store(config.sqlalchemy_url)
        with store.read() as session:
            codes = {c.district_id: c.code for c in session.scalars(select(DistrictCode))}
        bot = Bot(url=cluster.url, secret=SECRET, standin=standin, store=store)
        officers = {d.id: Officer(bot, redelivered=True) for d in districts}
        receipts, failures = {}, []

        def nominate(district_id: str, officer: Officer) -> None:
            try:
                officer.says(f"ลงทะเบียน {codes[district_id]}")
                officer.says("สมหญิง ใจดี")
                receipts[district_id] = texts(play(officer, HAPPY_PATH))
            except Exception as exc:  # noqa: BLE001 - reported by the assertion below
                failures.append(f"{district_id}: {exc}")

        threads = [threading.Thread(target=nominate, args=item) for item in officers.items()]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(180)
        assert failures == []
        turns = 2 + len(HAPPY_PATH)
        for officer in officers.values():  # one answer per message sent, though each arrived twice
            assert [d.kind for d in standin.deliveries if d.to == officer.user_id] == ["reply"] * turns

        with store.read() as session:
            active = session.execute(select(NominationRecord.district_id, NominationRecord.revision)
                                     .where(NominationRecord.status == "active")).all()
            events = session.scalar(select(func.count()).select_from(InboundEvent))
        assert sorted(active) == sorted((d.id, 1) for d in districts)
        assert events == len(officers) * turns  # the redelivered copies were recognised, not stored again
        assert sorted(receipts) == sorted(officers)

        admin = Officer(bot, user_id=ADMIN)  # one notice to everyone: one multicast batch, sent once
        reply = admin.says("ประกาศ")
        reply = admin.says("ประชุมออนไลน์วันศุกร์")
        reply = admin.taps_label("ทุกอำเภอ", reply)
        assert f"ส่งถึง {len(officers)} คน" in texts(reply)
        admin.taps_label("ส่ง", reply)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not any(d.kind == "multicast" for d in standin.deliveries):
            time.sleep(0.1)
        time.sleep(2)  # both workers' sweeps get the chance to send it again
        multicasts = [d for d in standin.deliveries if d.kind == "multicast"]
        assert Counter(d.to for d in multicasts) == Counter({o.user_id: 1 for o in officers.values()})
        assert len({d.retry_key for d in multicasts}) == 1

        rows = wait_for_workbook_rows(config.review_workbook_path, len(officers))
        assert sorted(Counter(rows).values()) == [1] * len(officers)  # every nomination once on the sheet
        store.dispose()


def wait_for_workbook_rows(path, expected: int, seconds: float = 60) -> list[str]:
    deadline = time.monotonic() + seconds
    references: list[str] = []
    while time.monotonic() < deadline:
        if path.exists():
            try:
                sheet = load_workbook(path, read_only=True).worksheets[0]
                references = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row and row[0]]
            except (OSError, KeyError, ValueError):  # caught mid-save: read it again
                references = []
            if len(references) >= expected:
                return references
        time.sleep(0.5)
    return references

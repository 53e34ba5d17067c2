"""Messages counted against the monthly quota for a whole round: our targeting and batching vs broadcasting.

The seed's round (11 districts, 2 officers each, 3 reminder slots, 6 districts late, results) and a
national round (878 districts, the same shares), each played with a moving clock through the real reminder
planner and sender against the LINE API stand-in, which counts one message per recipient as LINE does.
The naive bot broadcasts every reminder and the results to everyone who follows it.

    .venv/bin/python benchmarks/campaign_cost.py
"""
from __future__ import annotations

import datetime as dt
import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linebot.v3.messaging import BroadcastRequest, MessagingApi, TextMessage  # noqa: E402

from bot import broadcasts, create_app  # noqa: E402
from bot.config import DEFAULT_CAMPAIGN, Config  # noqa: E402
from bot.standin import LineStandIn  # noqa: E402
from bot.store import NominationRecord, Officer, utcnow  # noqa: E402
from tests.harness import ServerThread  # noqa: E402

FREE_PLAN = 300


def campaign_file(districts: int, folder: Path) -> Path:
    text = DEFAULT_CAMPAIGN.read_text(encoding="utf-8").replace("days_before = [7, 3, 1, 0]", "days_before = [7, 3, 1]")
    if districts != 11:
        text = re.sub(r"\[\[districts\]\].*?(?=\[nomination\])", "", text, flags=re.S)
        blocks = "".join(f'[[districts]]\nnumber = {n}\nid = "d{n:03d}"\nname = "อำเภอทดสอบ{n}"\n\n'
                         for n in range(1, districts + 1))
        text = text.replace("[nomination]", blocks + "[nomination]", 1)
    path = folder / f"round-{districts}.toml"
    path.write_text(text, encoding="utf-8")
    return path


class Clock:
    def __init__(self, moment):
        self.moment = moment

    def now(self):
        return self.moment


def play(districts: int, officers_per_district: int, late_share: float) -> dict:
    standin = LineStandIn("t")
    standin.monthly_limit = 10 ** 9
    line = ServerThread(standin.app)
    zone = dt.timezone(dt.timedelta(hours=7))
    clock = Clock(dt.datetime(2027, 7, 1, 8, 0, tzinfo=zone))
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        config = Config(instance_path=folder / "instance", campaign_file=campaign_file(districts, folder),
                        line_channel_secret="s", line_channel_access_token="t", line_api_base_url=line.url)
        app = create_app(config, clock=clock.now)
        services = app.extensions["services"]
        campaign = services.campaign
        late = set(d.id for d in campaign.districts[: round(districts * late_share)])
        with services.store.session() as session:
            for district in campaign.districts:
                for n in range(officers_per_district):
                    user = f"U{district.number:016x}{n:016x}"
                    session.add(Officer(user_id=user, district_id=district.id, name="x", following=True,
                                        registered_at=utcnow()))
                    standin.followers.add(user)

        def nominate(ids):
            with services.store.session() as session:
                for district_id in ids:
                    district = campaign.district(district_id)
                    session.add(NominationRecord(
                        campaign_id=campaign.id, district_id=district_id, reference=campaign.nomination_reference(district),
                        revision=1, status="active", review_status="ผ่าน", submitted_by=f"U{district.number:016x}{0:016x}",
                        submitted_at=utcnow(), content=json.dumps({"nominee": "x", "position": "y"})))

        nominate([d.id for d in campaign.districts if d.id not in late])  # on time, before the first reminder
        calls_before = len(standin.requests)
        for days, when in broadcasts.reminder_slots(services):
            clock.moment = when + dt.timedelta(minutes=1)
            for broadcast_id in broadcasts.plan_reminders(services):
                broadcasts.send(services, broadcast_id)
        reminders = standin.used_locked()
        nominate(late)  # the late districts make it on the last day
        with services.store.session() as session:
            parts, _ = broadcasts.results_parts(services, session)
            results_id = broadcasts.create(services, "results", "ประกาศผล", parts, session=session)
        broadcasts.send(services, results_id)
        ours_total, ours_calls = standin.used_locked(), len(standin.requests) - calls_before
        slots = len(broadcasts.reminder_slots(services))
        services.close()

        # The naive bot: every reminder and the results broadcast to everyone who follows it.
        naive = LineStandIn("t")
        naive.monthly_limit = 10 ** 9
        naive.followers = set(standin.followers)
        naive_server = ServerThread(naive.app)
        from linebot.v3.messaging import ApiClient, Configuration

        with ApiClient(Configuration(host=naive_server.url, access_token="t")) as client:
            api = MessagingApi(client)
            for _ in range(slots + 1):
                api.broadcast(BroadcastRequest(messages=[TextMessage(text="แจ้งเตือน")]))
        naive_total = naive.used_locked()
        naive_server.stop()
    line.stop()
    return {"districts": districts, "officers": districts * officers_per_district, "late": len(late), "slots": slots,
            "reminders": reminders, "results": ours_total - reminders, "ours": ours_total, "calls": ours_calls,
            "naive": naive_total}


def main() -> None:
    rows = [play(11, 2, 6 / 11), play(878, 2, 6 / 11)]
    print(f"{'round':<26}{'officers':>9}{'late':>6}{'slots':>6}{'reminders':>10}{'results':>8}{'ours':>7}"
          f"{'API calls':>10}{'naive':>8}")
    for name, r in zip(("seed (Chonburi, 11)", "national (878 districts)"), rows):
        print(f"{name:<26}{r['officers']:>9}{r['late']:>6}{r['slots']:>6}{r['reminders']:>10}{r['results']:>8}"
              f"{r['ours']:>7}{r['calls']:>10}{r['naive']:>8}")
    seed = rows[0]
    print(f"seed round: {seed['ours']} of the free plan's {FREE_PLAN} messages ({100 * seed['ours'] / FREE_PLAN:.0f}%)")
    assert seed["ours"] < FREE_PLAN / 2


if __name__ == "__main__":
    main()

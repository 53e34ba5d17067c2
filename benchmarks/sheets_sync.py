"""200 nominations confirmed in a burst: how many Sheets write requests, and how long until every row is there.

Ours (the sync job: one read, one update, one append per sheet) against a naive writer that calls gspread's
append_row once per nomination, in the same run, both against the Sheets API stand-in, which enforces
Google's 60-write-requests-a-minute quota with its real 429 answer.

    .venv/bin/python benchmarks/sheets_sync.py [--nominations 200]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import gspread  # noqa: E402

from bot import create_app  # noqa: E402
from bot.config import DEFAULT_CAMPAIGN, Config  # noqa: E402
from bot.store import NominationRecord, utcnow  # noqa: E402
from sheets import NOMINATION_SHEET  # noqa: E402
from sheets.google import GoogleSession, load_credentials  # noqa: E402
from tests.google_standin import GoogleStandIn  # noqa: E402
from tests.harness import ServerThread  # noqa: E402
from tests.sheet_backends import service_account_key  # noqa: E402


def campaign_with(districts: int, folder: Path) -> Path:
    """The demo campaign with as many districts as needed (a department-wide round)."""
    text = DEFAULT_CAMPAIGN.read_text(encoding="utf-8")
    text = re.sub(r"\[\[districts\]\].*?(?=\[nomination\])", "", text, flags=re.S)
    blocks = "".join(f'[[districts]]\nnumber = {n}\nid = "d{n:03d}"\nname = "อำเภอทดสอบ{n}"\n\n'
                     for n in range(1, districts + 1))
    path = folder / "many.toml"
    path.write_text(text.replace("[nomination]", blocks + "[nomination]", 1), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nominations", type=int, default=200)
    args = parser.parse_args()
    google = GoogleStandIn()
    server = ServerThread(google.app)
    key, public = service_account_key(f"{server.url}/token")
    email = json.loads(key)["client_email"]
    google.register_key(email, public)

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        sheet_id = google.create_spreadsheet(shared_with=email)
        config = Config(instance_path=folder / "instance", campaign_file=campaign_with(args.nominations, folder),
                        line_channel_secret="s", line_channel_access_token="t", line_api_base_url="http://127.0.0.1:9",
                        google_service_account_json=key, google_sheet_id=sheet_id, google_api_base_url=server.url)
        app = create_app(config)
        services, jobs = app.extensions["services"], app.extensions["jobs"]
        jobs.sync_now()  # the sheet is prepared once, before the burst
        campaign = services.campaign
        with services.store.session() as session:
            for district in campaign.districts:
                content = {"nominee": f"นายทดสอบ {district.number}", "position": "นักวิชาการ", "office": district.office,
                           "eligible": {"civil-servant": True}, "skills": "ทำเว็บไซต์", "works": [
                               {"category": "website", "title": "เว็บไซต์", "result": "ผล", "links": ["https://e.org/"],
                                "photos": []}]}
                session.add(NominationRecord(campaign_id=campaign.id, district_id=district.id,
                                             reference=campaign.nomination_reference(district), revision=1,
                                             status="active", content=json.dumps(content, ensure_ascii=False),
                                             submitted_by="U" + "0" * 32, submitter_name="x", submitted_at=utcnow()))
        writes_before, started = google.writes(), time.perf_counter()
        written = jobs.sync_now()
        ours_seconds = time.perf_counter() - started
        ours_writes = google.writes() - writes_before
        landed = google.records(sheet_id, NOMINATION_SHEET)
        references = [r["เลขที่อ้างอิง"] for r in landed]
        services.close()

        # The naive writer: a fresh spreadsheet, one append_row per nomination, no pacing.
        naive_id = google.create_spreadsheet(shared_with=email)
        google._window["write"].clear()
        client = gspread.Client(auth=None, session=GoogleSession(load_credentials(key, None), server.url))
        worksheet = client.open_by_key(naive_id).sheet1
        refused, started = 0, time.perf_counter()
        naive_before = google.writes()
        for n in range(1, args.nominations + 1):
            try:
                worksheet.append_row([f"CBI-2570-IT-{n:03d}", f"นายทดสอบ {n}"], value_input_option="RAW")
            except gspread.exceptions.APIError as exc:
                if exc.response.status_code != 429:
                    raise
                refused += 1
        naive_seconds = time.perf_counter() - started
        naive_rows = len(google.values(naive_id, "Sheet1"))
    server.stop()

    print(f"{args.nominations} nominations confirmed in a burst; stand-in quota 60 write requests/minute")
    print(f"{'writer':<28}{'write requests':>15}{'429 refusals':>14}{'rows landed':>13}{'doubled':>9}{'seconds':>9}")
    print(f"{'ours (batched sync)':<28}{ours_writes:>15}{0:>14}{len(set(references)):>13}"
          f"{len(references) - len(set(references)):>9}{ours_seconds:>9.2f}")
    print(f"{'naive append_row each':<28}{google.writes() - naive_before:>15}{refused:>14}{naive_rows:>13}{0:>9}"
          f"{naive_seconds:>9.2f}")
    assert written == args.nominations and len(set(references)) == args.nominations == len(references)


if __name__ == "__main__":
    main()

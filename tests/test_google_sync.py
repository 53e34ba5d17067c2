"""The Google Sheet as the review surface, told as stories: bursts, 429 storms, outages, crashes, bad set-ups."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from bot import create_app
from bot.store import NominationRecord, Photo, utcnow
from sheets import NOMINATION_SHEET, WORKS_SHEET
from sheets.errors import QuotaWait, SheetError, TransientSheetError
from tests.harness import texts
from tests.test_nomination_dialogue import HAPPY_PATH, play


@pytest.fixture
def config(google_sheet_config):
    return google_sheet_config


def confirm(services, *district_ids: str) -> None:
    """Nominations as the bot records them when officers confirm (one per district)."""
    campaign = services.campaign
    with services.store.session() as session:
        for district_id in district_ids:
            district = campaign.district(district_id)
            content = {"district_id": district_id, "title": "นาย", "name": f"ทดสอบ {district.name}",
                       "nominee": f"นายทดสอบ {district.name}", "position": "นักวิชาการ", "office": district.office,
                       "eligible": {"civil-servant": True}, "skills": "ทำเว็บไซต์",
                       "works": [{"category": "website", "title": "เว็บไซต์อำเภอ", "result": "ผู้เข้าชมเพิ่ม",
                                  "links": ["https://example.org/"], "photos": []}]}
            session.add(NominationRecord(campaign_id=campaign.id, district_id=district_id,
                                         reference=campaign.nomination_reference(district), revision=1,
                                         status="active", content=json.dumps(content, ensure_ascii=False),
                                         submitted_by="U" + "0" * 32, submitter_name="เจ้าหน้าที่",
                                         submitted_at=utcnow()))


def sheet_rows(google, config) -> list[dict]:
    return google.records(config.google_sheet_id, NOMINATION_SHEET)


def unsynced(services) -> int:
    with services.store.read() as session:
        return session.scalar(select(func.count()).select_from(NominationRecord)
                              .where(NominationRecord.synced_at.is_(None)))


def sync_until_done(jobs, attempts: int = 20) -> int:
    """What the job does on its retries, without waiting for the backoff's clock."""
    for _ in range(attempts):
        try:
            return jobs.sync_now()
        except (TransientSheetError, QuotaWait):
            continue
    raise AssertionError("the sync never succeeded")


def test_a_nomination_confirmed_in_the_chat_lands_on_the_google_sheet(officer_of, google, config, bot):
    officer = officer_of("nong-yai", "สมชาย ใจดี")
    receipt = play(officer, HAPPY_PATH)
    assert "CBI-2570-IT-03" in texts(receipt)
    for _ in range(200):
        rows = sheet_rows(google, config)
        if rows:
            break
        import time
        time.sleep(0.05)
    (row,) = rows
    assert row["เลขที่อ้างอิง"] == "CBI-2570-IT-03" and row["ผู้ส่ง"] == "สมชาย ใจดี"
    assert len(google.records(config.google_sheet_id, WORKS_SHEET)) == 2


def test_a_burst_during_a_429_storm_lands_every_row_once_in_few_writes(app, services, google, config):
    jobs = app.extensions["jobs"]
    jobs.sync_now()  # sheets prepared, nothing queued
    writes_before = google.writes()
    confirm(services, *[d.id for d in services.campaign.districts])
    google.fail(429, times=4)
    assert sync_until_done(jobs) == 11
    rows = sheet_rows(google, config)
    assert sorted(r["เลขที่อ้างอิง"] for r in rows) == sorted(
        services.campaign.nomination_reference(d) for d in services.campaign.districts)
    assert google.writes() - writes_before <= 4 + 4  # the batch itself, plus the attempts 429 refused
    assert unsynced(services) == 0


def test_an_hour_long_outage_keeps_rows_queued_across_a_restart_and_lands_them_once(app, services, google, config,
                                                                                  clock):
    jobs = app.extensions["jobs"]
    jobs.sync_now()
    google.outage = True
    confirm(services, "ban-bueng", "bo-thong")
    for _ in range(5):
        with pytest.raises(TransientSheetError):
            jobs.sync_now()
    assert unsynced(services) == 2
    services.close()

    restarted = create_app(config, clock=clock.now)  # the worker is restarted during the outage
    try:
        google.outage = False
        assert restarted.extensions["jobs"].sync_now() == 2
        assert restarted.extensions["jobs"].sync_now() == 0
        assert sorted(r["เลขที่อ้างอิง"] for r in sheet_rows(google, config)) == ["CBI-2570-IT-02", "CBI-2570-IT-10"]
    finally:
        restarted.extensions["services"].close()


def test_a_crash_after_google_took_the_rows_does_not_double_them(app, services, google, config):
    jobs = app.extensions["jobs"]
    jobs.sync_now()
    confirm(services, "sattahip")
    google.fail(500, times=1, after_accepting=True)  # the batch update lands; our answer never comes back
    google.fail(500, times=5, after_accepting=True)
    with pytest.raises(TransientSheetError):
        jobs.sync_now()
    google.failures.clear()
    assert unsynced(services) == 1  # we never heard it landed, so it is still queued
    assert jobs.sync_now() == 1
    rows = sheet_rows(google, config)
    assert [r["เลขที่อ้างอิง"] for r in rows] == ["CBI-2570-IT-09"]
    assert len(google.records(config.google_sheet_id, WORKS_SHEET)) == 1


def test_the_pacer_keeps_every_process_under_the_minute_quota(services):
    from bot.services import google_pacer

    pace = google_pacer(services.store, services.config.with_changes(google_writes_per_minute=3))
    for _ in range(3):
        pace("write")
    with pytest.raises(QuotaWait) as caught:
        pace("write")
    assert 0 < caught.value.seconds <= 61
    pace("read")  # reads have their own quota


def test_the_cli_prepares_the_sheet_and_a_second_run_changes_nothing(app, google, config):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["sheets", "init"])
    assert first.exit_code == 0, first.output
    assert "สร้างแผ่นงาน การเสนอชื่อ" in first.output
    second = runner.invoke(args=["sheets", "init"])
    assert second.exit_code == 0 and "พร้อมอยู่แล้ว" in second.output


def test_a_sheet_not_shared_with_the_service_account_says_whom_to_share_with(app, google, config):
    book = google.spreadsheets[config.google_sheet_id]
    book.shared_with.clear()
    result = app.test_cli_runner().invoke(args=["sheets", "init"])
    assert result.exit_code != 0
    assert "share it with review-bot@cd-province.iam.gserviceaccount.com as Editor" in result.output


def test_a_missing_sheet_and_a_wrong_key_are_named(google, config, clock):
    from sheets import open_review_sheet

    missing = open_review_sheet(config.with_changes(google_sheet_id="doesnotexist"))
    with pytest.raises(SheetError, match="GOOGLE_SHEET_ID doesnotexist: no such spreadsheet"):
        missing.prepare()
    from tests.sheet_backends import service_account_key

    stranger_key, _ = service_account_key(f"{google.url}/token", email="other@x.iam.gserviceaccount.com")
    wrong = open_review_sheet(config.with_changes(google_service_account_json=stranger_key))
    with pytest.raises(SheetError, match="refused the service-account key"):
        wrong.prepare()
    with pytest.raises(SheetError, match="not a service-account key"):
        open_review_sheet(config.with_changes(google_service_account_json='{"type": "user"}'))


class TestPhotosWithADriveFolder:
    @pytest.fixture
    def config(self, config):
        return config.with_changes(google_drive_folder_id="folder-in-a-shared-drive")

    def test_evidence_photos_go_to_drive_once_and_the_sheet_links_to_them(self, officer_of, google, config, bot, app):
        officer = officer_of("nong-yai")
        play(officer, HAPPY_PATH)
        import time

        for _ in range(200):
            works = google.records(config.google_sheet_id, WORKS_SHEET)
            if works:
                break
            time.sleep(0.05)
        (upload,) = google.uploads.values()
        assert b'"parents": ["folder-in-a-shared-drive"]' in upload
        assert b"\xff\xd8\xff\xe0 jpeg bytes" in upload
        assert works[0]["รูปภาพ"].startswith("https://drive.google.com/file/d/")
        assert [kind for kind, method, path in google.calls if kind == "upload"] == ["upload"]
        app.extensions["jobs"].sync_now()
        assert len(google.uploads) == 1
        with app.extensions["services"].store.read() as session:
            (photo,) = session.scalars(select(Photo))
            assert photo.content is None and photo.size > 0  # Drive keeps it; the database need not


def test_a_sync_process_killed_mid_write_leaves_nothing_doubled(app, services, google, config):
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    from tests.backends import process_env

    app.extensions["jobs"].sync_now()
    confirm(services, "ko-chan", "ko-si-chang", "si-racha")
    writes = google.writes()
    google.delay_seconds = 0.5  # Google answers slowly: the process is killed between its writes
    env = process_env(config, LINE_CHANNEL_SECRET="s", LINE_CHANNEL_ACCESS_TOKEN="t",
                      LINE_API_BASE_URL="http://127.0.0.1:9", GOOGLE_SERVICE_ACCOUNT_JSON=config.google_service_account_json,
                      GOOGLE_SHEET_ID=config.google_sheet_id, GOOGLE_API_BASE_URL=google.url)
    flask = Path(sys.executable).with_name("flask")
    sync = subprocess.Popen([str(flask), "--app", "bot", "sheets", "sync"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 30
    while google.writes() <= writes + 1 and time.time() < deadline:  # the update and one append have landed
        time.sleep(0.02)
    sync.send_signal(signal.SIGKILL)
    sync.wait(10)
    google.delay_seconds = 0
    assert unsynced(services) == 3  # it died before it could record anything

    app.extensions["jobs"].sync_now()  # the next worker picks the same rows up
    references = [r["เลขที่อ้างอิง"] for r in sheet_rows(google, config)]
    assert sorted(references) == ["CBI-2570-IT-07", "CBI-2570-IT-08", "CBI-2570-IT-11"]
    assert len(google.records(config.google_sheet_id, WORKS_SHEET)) == 3

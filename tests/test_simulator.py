"""The chat simulator in a real browser: a whole nomination by clicking and typing, ending in the review panel."""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import requests

from bot import create_app
from bot.config import PROJECT_ROOT, Config
from tests.conftest import DEMO
from tests.harness import ServerThread, free_port_pair

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = PROJECT_ROOT / "test-artifacts"


@pytest.fixture
def local_bot(tmp_path, clock):
    """`make run` in miniature: local mode, no credentials, the worker inside, served on a real port."""
    port, _ = free_port_pair()
    config = Config(instance_path=tmp_path / "instance", campaign_file=DEMO, port=port, embedded_worker=True)
    app = create_app(config, clock=clock.now)
    server = ServerThread(app, port)
    yield server.url
    server.stop()
    app.extensions["consumer"].stop(graceful=True)
    app.extensions["services"].close()


@pytest.fixture
def page(local_bot):
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail("Chromium is required here (make test installs Debian's chromium as root)")
        pytest.skip("Debian's chromium is not installed (make test installs it when run as root)")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH")
        page = context.new_page()
        page.set_default_timeout(15000)
        page.goto(local_bot)
        yield page
        browser.close()


def says(page, text: str, expect: str) -> None:
    page.fill("#text", text)
    page.press("#text", "Enter")
    page.locator(".row.bot").filter(has_text=expect).last.wait_for()


def taps(page, label: str, expect: str) -> None:
    page.locator(".chip, .flex button").filter(has_text=re.compile(f"^{re.escape(label)}$")).last.click()
    page.locator(".row.bot").filter(has_text=expect).last.wait_for()


def test_a_whole_nomination_on_the_simulator_page(page):
    page.select_option("#who", "district-nong-yai")
    page.get_by_role("button", name="เสนอชื่อ").click()
    page.locator(".row.bot").filter(has_text="คำนำหน้าชื่อ").last.wait_for()
    taps(page, "นางสาว", "ชื่อ-นามสกุล")
    says(page, "มาลี ศรีสุข", "ตำแหน่ง")
    says(page, "นักวิชาการพัฒนาชุมชนชำนาญการ", "สังกัด")
    taps(page, "สำนักงานอำเภอนี้", "ใช่ไหม")
    taps(page, "ใช่", "ทักษะด้านไอที")
    says(page, "ทำอินโฟกราฟิกและดูแลเพจ Facebook ของอำเภอ", "เลือกประเภทผลงาน")
    taps(page, "สื่อประชาสัมพันธ์", "ชื่อผลงาน")
    says(page, "อินโฟกราฟิกโคก หนอง นา", "เกิดผลสำเร็จ")
    says(page, "มีผู้เข้าชมกว่า 5,000 ครั้ง", "ส่งลิงก์หลักฐาน")
    says(page, "https://www.facebook.com/cdd.nongyai/posts/1", "ลิงก์ 1 รายการ")
    page.set_input_files("#photo", files=[{"name": "evidence.jpg", "mimeType": "image/jpeg",
                                           "buffer": b"\xff\xd8\xff\xe0 simulated photo"}])
    page.locator(".row.bot").filter(has_text="รูป 1 รูป").last.wait_for()
    taps(page, "เสร็จแล้ว", "มีผลงานอื่นอีกไหม")
    taps(page, "ตรวจสอบและส่ง", "ตรวจสอบก่อนส่ง")
    assert page.locator(".flex").last.inner_text().count("นางสาวมาลี ศรีสุข") == 1
    taps(page, "ยืนยันส่ง", "CBI-2570-IT-03")
    page.locator("#review td").filter(has_text="CBI-2570-IT-03").wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "simulator.png"))
    row = page.locator("#review tbody tr").first.inner_text()
    assert "นางสาวมาลี ศรีสุข" in row and "รอตรวจสอบ" in row


def test_each_simulated_user_has_their_own_chat_and_the_guest_can_register(page):
    page.select_option("#who", "guest")
    code = page.locator("#codes li").filter(has_text="อำเภอบ้านบึง").inner_text().split(": ")[1]
    says(page, f"ลงทะเบียน {code}", "อำเภอบ้านบึง")
    says(page, "สมหญิง ทดลองใช้", "ลงทะเบียนเรียบร้อย")
    page.get_by_role("button", name="สถานะของฉัน").click()
    page.locator(".row.bot").filter(has_text="เหลืออีก").last.wait_for()
    page.select_option("#who", "district-sattahip")
    assert page.locator(".row").count() == 0  # a different person, an empty chat
    page.click("#sticker")
    page.locator(".row.bot").filter(has_text="ไม่เข้าใจ").last.wait_for()


def test_the_simulator_does_not_exist_with_real_line_credentials(tmp_path, standin):
    config = Config(instance_path=tmp_path / "instance", campaign_file=DEMO, line_channel_secret="s",
                    line_channel_access_token="t", line_api_base_url=standin.url)
    app = create_app(config)
    try:
        client = app.test_client()
        for path in ("/", "/simulator/api/users", "/simulator/richmenu.png", "/simulator/review.xlsx",
                     "/simulator/static/simulator.js", "/line-api/v2/bot/message/quota"):
            assert client.get(path).status_code == 404, path
        assert client.post("/simulator/api/act", json={"user": "guest", "kind": "text", "text": "x"}).status_code == 404
    finally:
        app.extensions["services"].close()


def test_the_local_mode_serves_the_page_and_its_stand_in(local_bot):
    assert "ทดลองแชตกับบอท" in requests.get(local_bot, timeout=5).text
    assert requests.get(f"{local_bot}/simulator/richmenu.png", timeout=5).headers["Content-Type"] == "image/png"

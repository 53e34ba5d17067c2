"""The committee's checklist aid, run against small websites served on loopback."""
from __future__ import annotations

import datetime as dt
import time

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from bot.checklist import check_website, thai_dates

TODAY = dt.date(2026, 11, 24)
TOPICS = ["โคก หนอง นา", "หมู่บ้านเศรษฐกิจพอเพียง", "OTOP", "กองทุนพัฒนาบทบาทสตรี"]
HOME = """<html><body><h1>สำนักงานพัฒนาชุมชนอำเภอหนองใหญ่</h1>
<a href="/complete/contact.html">ติดต่อเรา</a> <a href="/complete/news.html">ข่าวประชาสัมพันธ์</a>
<a href="https://www.cdd.go.th/">กรมการพัฒนาชุมชน</a> <a href="https://chonburi.cdd.go.th/">พช.จังหวัดชลบุรี</a>
<a href="https://www.facebook.com/cdd.nongyai">Facebook</a>
<p>โครงการโคก หนอง นา โมเดล และผลิตภัณฑ์ OTOP ของอำเภอ</p><script>var d = "1 ม.ค. 2590";</script>
</body></html>"""
CONTACT = "<html><body>ที่อยู่ ที่ว่าการอำเภอหนองใหญ่ ชลบุรี 20190 โทร. 038 123 4567 อีเมล nongyai@cdd.go.th</body></html>"
NEWS = "<html><body><p>20 พ.ย. 2569 ประชุมกองทุนพัฒนาบทบาทสตรี</p><p>๓ ต.ค. ๒๕๖๙ อบรม</p></body></html>"


def check(url: str, **options):
    return check_website(url, topics=TOPICS, province_host="chonburi.cdd.go.th", today=TODAY, pause=0, **options)


def test_a_complete_site_ticks_every_box(httpserver):
    for path, body in (("/complete/", HOME), ("/complete/contact.html", CONTACT), ("/complete/news.html", NEWS)):
        httpserver.expect_request(path).respond_with_data(body, content_type="text/html; charset=utf-8")
    result = check(httpserver.url_for("/complete/"))
    assert result.problems == [] and result.pages == 3
    assert (result.phone, result.email, result.address, result.facebook) == (True, True, True, True)
    assert result.department_link and result.province_link
    assert result.newest_date == "2026-11-20"  # the script's date is not page text, and not in the future
    assert result.topics == ["โคก หนอง นา", "OTOP", "กองทุนพัฒนาบทบาทสตรี"]


def test_a_stale_site_shows_its_last_news_date(httpserver):
    httpserver.expect_request("/stale/").respond_with_data(
        "<html><body>ข่าวล่าสุด 3 ม.ค. 2567 <a href='https://www.cdd.go.th'>กรม</a></body></html>",
        content_type="text/html")
    result = check(httpserver.url_for("/stale/"))
    assert result.newest_date == "2024-01-03" and result.department_link and not result.province_link
    assert not (result.phone or result.email)


def test_a_broken_site_is_reported_not_fatal(httpserver):
    httpserver.expect_request("/broken/").respond_with_data("oops", status=500)
    result = check(httpserver.url_for("/broken/"))
    assert result.pages == 0 and result.problems == ["/broken/ ตอบ 500"]
    closed = check("http://127.0.0.1:9/nothing-listens-here")
    assert closed.pages == 0 and "เปิดไม่ได้" in closed.problems[0]


def test_a_very_slow_site_is_given_up_on_in_time(httpserver):
    def slow(request):
        time.sleep(2)
        return Response("<html>late</html>", content_type="text/html")

    httpserver.expect_request("/slow/").respond_with_handler(slow)
    started = time.monotonic()
    result = check(httpserver.url_for("/slow/"), timeout=0.5)
    assert time.monotonic() - started < 2 and "ช้าเกินไป" in result.problems[0]


def test_a_huge_page_is_read_only_up_to_the_limit(httpserver):
    body = "<html><body>โทร. 038 999 8888 " + "ข้อมูล " * 400_000 + "</body></html>"
    httpserver.expect_request("/huge/").respond_with_data(body, content_type="text/html; charset=utf-8")
    result = check(httpserver.url_for("/huge/"), max_bytes=200_000)
    assert result.phone and "ใหญ่เกิน 200 KB" in result.problems[0]


def test_robots_txt_is_honoured():
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    try:
        server.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /private/\n")
        server.expect_request("/private/").respond_with_data("<html>secret</html>", content_type="text/html")
        result = check(server.url_for("/private/"))
        assert result.pages == 0 and result.problems == ["robots.txt ไม่อนุญาตให้อ่าน /private/"]
        assert not any(r.path == "/private/" for r, _ in server.log)
    finally:
        server.clear()
        server.stop()


@pytest.mark.parametrize("text, expected", [
    ("ข่าว 20 พ.ย. 2569", [dt.date(2026, 11, 20)]), ("๕ มกราคม ๒๕๗๐", [dt.date(2027, 1, 5)]),
    ("24/11/2569 และ 2026-11-01", [dt.date(2026, 11, 24), dt.date(2026, 11, 1)]), ("31 ก.พ. 2569", []),
])
def test_reading_thai_dates(text, expected):
    assert thai_dates(text) == expected


def test_a_thai_legacy_encoding_is_read(httpserver):
    page = "<html><body>ข่าว 20 พ.ย. 2569 โทร. 038 123 4567</body></html>".encode("cp874")
    httpserver.expect_request("/tis/").respond_with_data(page, content_type="text/html")
    result = check(httpserver.url_for("/tis/"))
    assert result.newest_date == "2026-11-20" and result.phone


def test_an_entered_website_is_checked_and_shown_beside_the_scores(httpserver, officer_of, app):
    from tests.test_website_entries import ENTRY, play

    for path, body in (("/complete/", HOME), ("/complete/contact.html", CONTACT), ("/complete/news.html", NEWS)):
        httpserver.expect_request(path).respond_with_data(body, content_type="text/html; charset=utf-8")
    site = httpserver.url_for("/complete/").replace("localhost", "127.0.0.1")
    entry = [row if row[1] != "https://nongyai.cdd.go.th" else ("says", site, row[2]) for row in ENTRY]
    play(officer_of("nong-yai"), entry)
    runner = app.test_cli_runner()
    assert "checked 1 website(s)" in runner.invoke(args=["contest", "checklist"]).output
    table = runner.invoke(args=["contest", "results"]).output
    assert "หนองใหญ่: [ตัวช่วย ไม่ใช่คะแนน] โทร✓ อีเมล✓ ที่อยู่✓ Facebook✓ ลิงก์กรม✓ ลิงก์จังหวัด✓" in table
    assert "ข่าวล่าสุด 2026-11-20" in table
    assert runner.invoke(args=["sheets", "sync"]).exit_code == 0  # and on the อำเภอ sheet, beside the website
    from openpyxl import load_workbook

    from sheets import DISTRICTS_SHEET

    districts = load_workbook(app.extensions["services"].config.review_workbook_path)[DISTRICTS_SHEET]
    nong_yai = [c.value for c in districts[4]]
    assert nong_yai[6] == site and nong_yai[8].startswith("[ตัวช่วย ไม่ใช่คะแนน] โทร✓")

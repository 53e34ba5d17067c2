"""An aid for the website committee (not a score): what a polite look at a district's website finds.

Fetches the home page and a few pages linked from it on the same host, within timeouts and a size limit,
honouring robots.txt, and records what it finds against the rubric: contact details (criterion 1), links to
the Department and the provincial office (criterion 3), the newest date it can read (criterion 4 rewards
currency) and the mission topics mentioned (criterion 2).
"""
from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from urllib import robotparser
from urllib.parse import urljoin, urlsplit

import requests

from handlers.thaidate import MONTHS_SHORT, arabic_digits

USER_AGENT = "cd-it-bot-checklist/1.0 (website contest aid of a provincial Community Development office)"
MONTHS_FULL = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน",
               "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
PHONE = re.compile(r"(?<!\d)0\d{1,2}[\s-]?\d{3}[\s-]?\d{3,4}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
POSTCODE = re.compile(r"(?<!\d)[1-9]\d{4}(?!\d)")
DEPARTMENT_HOSTS = ("cdd.go.th",)
PROMISING = ("ติดต่อ", "ข่าว", "เกี่ยวกับ", "contact", "news", "about", "ประชาสัมพันธ์")


@dataclass
class Checklist:
    url: str
    checked_at: str
    pages: int = 0
    problems: list[str] = field(default_factory=list)
    phone: bool = False
    email: bool = False
    address: bool = False
    facebook: bool = False
    department_link: bool = False
    province_link: bool = False
    newest_date: str | None = None  # ISO date of the newest date read on the pages
    topics: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.text: list[str] = []
        self._href: str | None = None
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "a":
            self._href = dict(attrs).get("href")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        if tag == "a":
            self._href = None

    def handle_data(self, data):
        if self._skip:
            return
        self.text.append(data)
        if self._href:
            self.links.append((self._href, data.strip()))


def thai_dates(text: str) -> list[dt.date]:
    """Dates written the Thai way (24 พ.ย. 2569, 24 พฤศจิกายน 2569, 24/11/2569) or as 2026-11-24."""
    text = arabic_digits(text)
    found = []
    months = {name: n for n, name in enumerate(MONTHS_SHORT, start=1)}
    months.update({name: n for n, name in enumerate(MONTHS_FULL, start=1)})
    names = "|".join(sorted((re.escape(m) for m in months), key=len, reverse=True))
    for day, month, year in re.findall(rf"(\d{{1,2}})\s*({names})\s*(\d{{4}})", text):
        found.append((int(year), months[month], int(day)))
    for day, month, year in re.findall(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)", text):
        found.append((int(year), int(month), int(day)))
    for year, month, day in re.findall(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)", text):
        found.append((int(year), int(month), int(day)))
    dates = []
    for year, month, day in found:
        year = year - 543 if year > 2400 else year
        try:
            dates.append(dt.date(year, month, day))
        except ValueError:
            continue
    return dates


def check_website(url: str, *, topics: list[str], province_host: str | None, today: dt.date,
                  timeout: float = 5.0, max_bytes: int = 1_000_000, max_pages: int = 4,
                  pause: float = 0.2) -> Checklist:
    result = Checklist(url=url, checked_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    host = (urlsplit(url).hostname or "").lower()
    robots = _robots(session, url, timeout, max_bytes)
    queue, seen, texts, links = [url], set(), [], []
    while queue and result.pages < max_pages:
        page_url = queue.pop(0)
        if page_url in seen:
            continue
        seen.add(page_url)
        if robots is not None and not robots.can_fetch(USER_AGENT, page_url):
            result.problems.append(f"robots.txt ไม่อนุญาตให้อ่าน {urlsplit(page_url).path or '/'}")
            continue
        body, problem = _fetch(session, page_url, timeout, max_bytes)
        if problem:
            result.problems.append(problem)
        if body is None:
            continue
        result.pages += 1
        parser = _Page()
        parser.feed(body)
        texts.append(" ".join(parser.text))
        for href, label in parser.links:
            absolute = urljoin(page_url, href)
            links.append(absolute)
            same_host = (urlsplit(absolute).hostname or "").lower() == host
            if same_host and absolute.startswith(("http://", "https://")) and absolute not in seen and \
                    any(word in (label + absolute).lower() for word in PROMISING):
                queue.append(absolute.split("#")[0])
        time.sleep(pause)  # politely, one page at a time
    text = " ".join(texts)
    result.phone = bool(PHONE.search(arabic_digits(text)))
    result.email = bool(EMAIL.search(text))
    result.address = "ที่อยู่" in text or bool(POSTCODE.search(arabic_digits(text)))
    hosts = [(urlsplit(link).hostname or "").lower() for link in links]
    result.facebook = any(h.endswith("facebook.com") or h.endswith("fb.com") for h in hosts)
    result.department_link = any(h in DEPARTMENT_HOSTS or h == "www.cdd.go.th" for h in hosts)
    result.province_link = bool(province_host) and any(h == province_host.lower() for h in hosts)
    dates = [d for d in thai_dates(text) if d <= today]
    result.newest_date = max(dates).isoformat() if dates else None
    lowered = text.lower()
    result.topics = [topic for topic in topics if topic.lower() in lowered]
    return result


def _fetch(session: requests.Session, url: str, timeout: float, max_bytes: int) -> tuple[str | None, str | None]:
    try:
        with session.get(url, timeout=(timeout, timeout), stream=True, allow_redirects=True) as response:
            if response.status_code >= 400:
                return None, f"{urlsplit(url).path or '/'} ตอบ {response.status_code}"
            if "html" not in response.headers.get("Content-Type", "text/html"):
                return None, f"{urlsplit(url).path or '/'} ไม่ใช่หน้าเว็บ (HTML)"
            chunks, size, started = [], 0, time.monotonic()
            for chunk in response.iter_content(65536):
                chunks.append(chunk)
                size += len(chunk)
                if size >= max_bytes:
                    return _decode(b"".join(chunks)[:max_bytes], response), \
                        f"{urlsplit(url).path or '/'} ใหญ่เกิน {max_bytes // 1000:,} KB: อ่านเฉพาะส่วนต้น"
                if time.monotonic() - started > timeout * 3:
                    return _decode(b"".join(chunks), response), f"{urlsplit(url).path or '/'} ส่งข้อมูลช้ามาก"
            return _decode(b"".join(chunks), response), None
    except requests.Timeout:
        return None, f"{urlsplit(url).path or '/'} ช้าเกินไป (เกิน {timeout:g} วินาที)"
    except requests.RequestException as exc:
        return None, f"{urlsplit(url).path or '/'} เปิดไม่ได้ ({type(exc).__name__})"


META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.IGNORECASE)


def _decode(raw: bytes, response) -> str:
    """The header's charset, else the page's <meta charset>, else UTF-8, else Windows-874 (Thai TIS-620)."""
    declared = requests.utils.get_encoding_from_headers(response.headers)
    if declared and "charset" not in response.headers.get("Content-Type", "").lower():
        declared = None  # requests' ISO-8859-1 default for text/* is a guess, not the page's word
    meta = META_CHARSET.search(raw[:4096])
    for encoding in filter(None, (declared, meta.group(1).decode("ascii", "ignore") if meta else None)):
        try:
            return raw.decode(encoding, errors="replace")
        except LookupError:
            continue
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp874", errors="replace")


def _robots(session: requests.Session, url: str, timeout: float, max_bytes: int):
    parts = urlsplit(url)
    body, _ = _fetch_text(session, f"{parts.scheme}://{parts.netloc}/robots.txt", timeout, max_bytes)
    if body is None:
        return None  # no robots.txt: everything may be read
    parser = robotparser.RobotFileParser()
    parser.parse(body.splitlines())
    return parser


def _fetch_text(session, url, timeout, max_bytes):
    try:
        with session.get(url, timeout=(timeout, timeout), stream=True) as response:
            if response.status_code != 200:
                return None, None
            raw = response.raw.read(max_bytes, decode_content=True)
            return raw.decode("utf-8", errors="replace"), None
    except requests.RequestException:
        return None, None

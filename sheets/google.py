"""The Google Sheet backend: gspread over a service account, RAW writes, rows found by reference."""
from __future__ import annotations

import json
import logging
import random
import time
from pathlib import Path
from typing import Callable, Sequence

import gspread
import requests
from google.auth.exceptions import RefreshError, TransportError
from google.auth.transport.requests import AuthorizedSession
from google.oauth2 import service_account

from sheets import (
    DISTRICTS_SHEET, LAYOUT, LOG_SHEET, NOMINATION_HEADERS, NOMINATION_SHEET, STATUS_PENDING, STATUSES,
    SCORES_SHEET, WORK_HEADERS, WORKS_SHEET, DistrictRow, NominationRow, Review, ReviewSheet, ScoreSheetLayout,
)
from sheets.errors import SheetError, TransientSheetError

logger = logging.getLogger(__name__)
SCOPES = ("https://www.googleapis.com/auth/spreadsheets", "https://www.googleapis.com/auth/drive.file")
GOOGLE_HOSTS = ("https://sheets.googleapis.com", "https://www.googleapis.com")
TRANSIENT_STATUSES = {408, 429, 500, 502, 503, 504}
ATTEMPTS = 3
REMOVED_WORK = "(ไม่มีในฉบับที่ {revision})"


def load_credentials(key_json: str | None, key_path: Path | None) -> service_account.Credentials:
    """A service-account key from the variable's text or from a file; a bad key is named, not guessed at."""
    setting = "GOOGLE_SERVICE_ACCOUNT_JSON" if key_json else "GOOGLE_APPLICATION_CREDENTIALS"
    try:
        info = json.loads(key_json) if key_json else json.loads(Path(key_path).read_text(encoding="utf-8"))
        return service_account.Credentials.from_service_account_info(info, scopes=SCOPES)
    except OSError as exc:
        raise SheetError(f"{setting}: cannot read {key_path} ({exc.strerror})") from None
    except (ValueError, KeyError, TypeError):
        raise SheetError(f"{setting} is not a service-account key: it must be the JSON file Google gives "
                         "(type service_account, with client_email and private_key)") from None


class GoogleSession(AuthorizedSession):
    """An authorised session that can send every Google API call to another base URL (tests, a proxy)."""

    def __init__(self, credentials, base_url: str | None = None, timeout: float = 30.0):
        super().__init__(credentials)
        self.base_url = base_url.rstrip("/") if base_url else None
        self.default_timeout = timeout

    def request(self, method, url, *args, **kwargs):
        if self.base_url:
            for host in GOOGLE_HOSTS:
                if url.startswith(host):
                    url = self.base_url + url[len(host):]
                    break
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.default_timeout
        return super().request(method, url, *args, **kwargs)


class GoogleSheet(ReviewSheet):
    """Every call is paced (never over the quota) and retried with backoff and jitter on 429/5xx."""

    def __init__(self, credentials: service_account.Credentials, spreadsheet_id: str, *,
                 pace: Callable[[str], None] = lambda kind: None, base_url: str | None = None,
                 retry_base_seconds: float = 1.0, sleep: Callable[[float], None] = time.sleep):
        self.credentials = credentials
        self.spreadsheet_id = spreadsheet_id
        self.session = GoogleSession(credentials, base_url)
        self.client = gspread.Client(auth=None, session=self.session)
        self.pace, self.retry_base, self.sleep = pace, retry_base_seconds, sleep
        self._spreadsheet: gspread.Spreadsheet | None = None

    @property
    def service_account_email(self) -> str:
        return self.credentials.service_account_email

    # --- layout -----------------------------------------------------------------------------------------
    def prepare(self) -> list[str]:
        """Add missing worksheets and headers, freeze and embolden the header row, the status dropdown."""
        spreadsheet = self.spreadsheet()
        metadata = self._call("read", spreadsheet.fetch_sheet_metadata)
        existing = {s["properties"]["title"]: s["properties"]["sheetId"] for s in metadata["sheets"]}
        done, created = [], []
        missing = [title for title, _ in LAYOUT if title not in existing]
        if missing:
            reply = self._call("write", spreadsheet.batch_update, {"requests": [
                {"addSheet": {"properties": {"title": title, "gridProperties": {"frozenRowCount": 1}}}}
                for title in missing]})
            for answer in reply["replies"]:
                properties = answer["addSheet"]["properties"]
                existing[properties["title"]] = properties["sheetId"]
                created.append(properties["title"])
                done.append(f"สร้างแผ่นงาน {properties['title']}")
        found = self._call("read", spreadsheet.values_batch_get,
                           [f"'{title}'!A1:{_letter(len(headers) - 1)}1" for title, headers in LAYOUT])
        header_updates = []
        for (title, headers), current in zip(LAYOUT, found["valueRanges"]):
            row = (current.get("values") or [[]])[0]
            if not any(row):
                header_updates.append({"range": f"'{title}'!A1:{_letter(len(headers) - 1)}1", "values": [list(headers)]})
                done.append(f"ใส่หัวตาราง {title}")
            elif list(row[: len(headers)]) != list(headers):
                done.append(f"หัวตาราง {title} ไม่ตรงกับที่บอทใช้: ตรวจสอบว่าไม่มีการย้ายหรือเปลี่ยนชื่อคอลัมน์")
        if header_updates:
            self._call("write", spreadsheet.values_batch_update, {"valueInputOption": "RAW", "data": header_updates})
        status_column = NOMINATION_HEADERS.index("สถานะ")
        requests_ = []
        for title, headers in LAYOUT:
            sheet_id = existing[title]
            requests_.append({"updateSheetProperties": {"properties": {"sheetId": sheet_id,
                                                                       "gridProperties": {"frozenRowCount": 1}},
                                                        "fields": "gridProperties.frozenRowCount"}})
            requests_.append({"repeatCell": {"range": {"sheetId": sheet_id, "startRowIndex": 0, "endRowIndex": 1},
                                             "cell": {"userEnteredFormat": {"textFormat": {"bold": True}}},
                                             "fields": "userEnteredFormat.textFormat.bold"}})
            if title in created:  # widths only on a new sheet: staff may have set their own
                requests_.append({"updateDimensionProperties": {
                    "range": {"sheetId": sheet_id, "dimension": "COLUMNS", "startIndex": 0, "endIndex": len(headers)},
                    "properties": {"pixelSize": 220}, "fields": "pixelSize"}})
        requests_.append({"setDataValidation": {
            "range": {"sheetId": existing[NOMINATION_SHEET], "startRowIndex": 1, "startColumnIndex": status_column,
                      "endColumnIndex": status_column + 1},
            "rule": {"condition": {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": s} for s in STATUSES]},
                     "showCustomUi": True, "strict": False}}})
        self._call("write", spreadsheet.batch_update, {"requests": requests_})
        return done or ["ทุกแผ่นงานพร้อมอยู่แล้ว"]

    # --- the review surface --------------------------------------------------------------------------
    def upsert_nominations(self, rows: Sequence[NominationRow], districts: Sequence[DistrictRow] = (),
                           log: Sequence[tuple[str, str]] = ()) -> None:
        """One read (headers and reference columns), one values update, and one append per sheet that grows."""
        spreadsheet = self.spreadsheet()
        found = self._call("read", spreadsheet.values_batch_get, [
            f"'{NOMINATION_SHEET}'!A1:{_letter(len(NOMINATION_HEADERS) - 1)}1", f"'{NOMINATION_SHEET}'!A:B",
            f"'{WORKS_SHEET}'!A1:{_letter(len(WORK_HEADERS) - 1)}1", f"'{WORKS_SHEET}'!A:B"])
        nomination_header, nominations, work_header, works = (r.get("values", []) for r in found["valueRanges"])
        for title, header, expected in ((NOMINATION_SHEET, nomination_header, NOMINATION_HEADERS),
                                        (WORKS_SHEET, work_header, WORK_HEADERS)):
            if not header or list(header[0][: len(expected)]) != list(expected):
                raise SheetError(f"the header row of sheet {title} is missing or was changed; the bot writes by "
                                 "column position, so run `flask sheets init` and keep its columns in order "
                                 "(staff columns may be added after them)")
        where = {line[0]: (number, line[1] if len(line) > 1 else "")
                 for number, line in enumerate(nominations, start=1) if line and number > 1}
        work_rows = {(line[0], str(line[1])): number for number, line in enumerate(works, start=1)
                     if len(line) > 1 and number > 1}
        updates, new_nominations, new_works = [], [], []
        status_column = _letter(NOMINATION_HEADERS.index("สถานะ"))
        last_bot_column = _letter(len(rows[0].cells()) - 1) if rows else "A"
        for entry in rows:
            cells = entry.cells()
            if entry.reference in where:
                number, revision = where[entry.reference]
                updates.append({"range": f"'{NOMINATION_SHEET}'!A{number}:{last_bot_column}{number}", "values": [cells]})
                if str(revision) != str(entry.revision):
                    updates.append({"range": f"'{NOMINATION_SHEET}'!{status_column}{number}",
                                    "values": [[STATUS_PENDING]]})
            else:
                new_nominations.append(cells + [STATUS_PENDING, ""])
            written = set()
            for work in entry.work_cells():
                key = (entry.reference, str(work[1]))
                written.add(key)
                if key in work_rows:
                    number = work_rows[key]
                    updates.append({"range": f"'{WORKS_SHEET}'!A{number}:{_letter(len(work) - 1)}{number}",
                                    "values": [work]})
                else:
                    new_works.append(work)
            for key, number in work_rows.items():
                if key[0] == entry.reference and key not in written:
                    gone = [key[0], int(key[1]), "", REMOVED_WORK.format(revision=entry.revision), "", "", ""]
                    updates.append({"range": f"'{WORKS_SHEET}'!A{number}:{_letter(len(gone) - 1)}{number}",
                                    "values": [gone]})
        if districts:
            width = len(districts[0].cells())
            updates.append({"range": f"'{DISTRICTS_SHEET}'!A2:{_letter(width - 1)}{len(districts) + 1}",
                            "values": [d.cells() for d in districts]})
        if updates:
            self._call("write", spreadsheet.values_batch_update, {"valueInputOption": "RAW", "data": updates})
        append = {"valueInputOption": "RAW", "insertDataOption": "INSERT_ROWS"}
        if new_nominations:
            self._call("write", spreadsheet.values_append, f"'{NOMINATION_SHEET}'!A1", append,
                       {"values": new_nominations})
        if new_works:
            self._call("write", spreadsheet.values_append, f"'{WORKS_SHEET}'!A1", append, {"values": new_works})
        if log:
            self._call("write", spreadsheet.values_append, f"'{LOG_SHEET}'!A1", append,
                       {"values": [list(line) for line in log]})

    def prepare_scores(self, layout: ScoreSheetLayout) -> list[str]:
        spreadsheet = self.spreadsheet()
        metadata = self._call("read", spreadsheet.fetch_sheet_metadata)
        existing = {s["properties"]["title"]: s["properties"]["sheetId"] for s in metadata["sheets"]}
        if SCORES_SHEET in existing:
            found = self._call("read", spreadsheet.values_get, f"'{SCORES_SHEET}'!A1:A2")
            if len(found.get("values", [])) > 1:
                return [f"แผ่นงาน {SCORES_SHEET} มีอยู่แล้ว (ไม่แก้ไขคะแนนที่กรอกไว้)"]
            sheet_id = existing[SCORES_SHEET]
        else:
            reply = self._call("write", spreadsheet.batch_update, {"requests": [{"addSheet": {"properties": {
                "title": SCORES_SHEET, "gridProperties": {"frozenRowCount": 1}}}}]})
            sheet_id = reply["replies"][0]["addSheet"]["properties"]["sheetId"]
        last = _letter(len(layout.headers) - 1)
        self._call("write", spreadsheet.values_batch_update, {"valueInputOption": "RAW", "data": [
            {"range": f"'{SCORES_SHEET}'!A1:{last}{len(layout.rows) + 1}",
             "values": [list(layout.headers)] + [list(row) for row in layout.rows]}]})
        checks = [{"setDataValidation": {
            "range": {"sheetId": sheet_id, "startRowIndex": 1, "endRowIndex": len(layout.rows) + 1,
                      "startColumnIndex": layout.first_score_column + offset,
                      "endColumnIndex": layout.first_score_column + offset + 1},
            "rule": {"condition": {"type": "NUMBER_BETWEEN", "values": [{"userEnteredValue": "0"},
                                                                          {"userEnteredValue": str(maximum)}]},
                     "inputMessage": f"คะแนน 0 ถึง {maximum}", "strict": True, "showCustomUi": True}}}
            for offset, maximum in enumerate(layout.maxima)]
        checks.append({"repeatCell": {"range": {"sheetId": sheet_id, "startRowIndex": 0, "endRowIndex": 1},
                                      "cell": {"userEnteredFormat": {"textFormat": {"bold": True}}},
                                      "fields": "userEnteredFormat.textFormat.bold"}})
        self._call("write", spreadsheet.batch_update, {"requests": checks})
        return [f"สร้างแผ่นงาน {SCORES_SHEET} ({len(layout.rows)} แถว)"]

    def score_rows(self) -> list[tuple[int, list]]:
        spreadsheet = self.spreadsheet()
        found = self._call("read", spreadsheet.values_get, f"'{SCORES_SHEET}'!A2:Z",
                           {"valueRenderOption": "UNFORMATTED_VALUE"})
        return [(number, line) for number, line in enumerate(found.get("values", []), start=2) if any(line)]

    def reviews(self) -> dict[str, Review]:
        spreadsheet = self.spreadsheet()
        last = _letter(len(NOMINATION_HEADERS) - 1)
        found = self._call("read", spreadsheet.values_get, f"'{NOMINATION_SHEET}'!A:{last}")
        status_at = NOMINATION_HEADERS.index("สถานะ")
        result = {}
        for line in found.get("values", [])[1:]:
            if line and line[0]:
                line = line + [""] * (len(NOMINATION_HEADERS) - len(line))
                result[line[0]] = Review(line[0], str(line[1]).strip(), str(line[status_at]).strip(),
                                         str(line[status_at + 1]).strip())
        return result

    # --- plumbing ---------------------------------------------------------------------------------------
    def spreadsheet(self) -> gspread.Spreadsheet:
        if self._spreadsheet is None:
            self._spreadsheet = self._call("read", self.client.open_by_key, self.spreadsheet_id)
        return self._spreadsheet

    def _call(self, kind: str, method, *args, **kwargs):
        """One API request: paced, and retried on 429/5xx/timeouts with exponential backoff and jitter."""
        for attempt in range(1, ATTEMPTS + 1):
            self.pace(kind)
            try:
                return method(*args, **kwargs)
            except gspread.exceptions.SpreadsheetNotFound:
                raise self._explain(404) from None
            except PermissionError:  # what gspread makes of a 403 when opening a spreadsheet
                raise self._explain(403) from None
            except gspread.exceptions.APIError as exc:
                status = exc.response.status_code
                if status not in TRANSIENT_STATUSES:
                    raise self._explain(status) from None
                problem = f"Google answered {status}"
            except RefreshError as exc:
                raise SheetError(f"Google refused the service-account key ({_first_line(exc)}): check that "
                                 "GOOGLE_SERVICE_ACCOUNT_JSON holds a current key of an enabled service account") from None
            except (requests.RequestException, TransportError) as exc:
                problem = f"Google unreachable ({type(exc).__name__})"
            if attempt == ATTEMPTS:
                raise TransientSheetError(problem)
            self.sleep(self.retry_base * 2 ** (attempt - 1) * (0.5 + random.random()))
        raise AssertionError("unreachable")

    def _explain(self, status: int) -> SheetError:
        if status == 404:
            return SheetError(f"GOOGLE_SHEET_ID {self.spreadsheet_id}: no such spreadsheet; copy the id from the "
                              "sheet's address (between /d/ and /edit)")
        if status == 403:
            return SheetError(f"the service account cannot open the sheet: share it with "
                              f"{self.service_account_email} as Editor")
        if status == 401:
            return SheetError("Google did not accept the service account's token; check the key")
        return SheetError(f"Google refused the request ({status})")


def _letter(index: int) -> str:
    letters, index = "", index + 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__



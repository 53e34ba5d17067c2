"""A local stand-in for Google's token endpoint, Sheets API v4 and the Drive upload endpoint.

It keeps cells in memory and behaves as the real API does where our code can tell: A1 ranges, append's
table detection, RAW versus USER_ENTERED, the per-minute quota (429 RESOURCE_EXHAUSTED with Google's body),
403 for a sheet not shared with the service account, 404 for an unknown one, 5xx and outages on demand.
"""
from __future__ import annotations

import base64
import itertools
import json
import re
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field

from flask import Flask, jsonify, request

QUOTA_PER_MINUTE = 60
A1_CELL = re.compile(r"^([A-Z]*)(\d*)$")


class Formula(str):
    """A cell Sheets would evaluate (what USER_ENTERED makes of text starting with '=')."""


@dataclass
class Sheet:
    sheet_id: int
    title: str
    rows: list[list] = field(default_factory=list)
    frozen_rows: int = 0
    validations: list[dict] = field(default_factory=list)
    bold_rows: set = field(default_factory=set)
    widths: dict = field(default_factory=dict)

    def cell(self, row: int, column: int):
        if row < len(self.rows) and column < len(self.rows[row]):
            return self.rows[row][column]
        return ""

    def put(self, row: int, column: int, value) -> None:
        while len(self.rows) <= row:
            self.rows.append([])
        line = self.rows[row]
        while len(line) <= column:
            line.append("")
        line[column] = value

    def last_row(self) -> int:
        """Index after the last row holding anything."""
        for index in range(len(self.rows) - 1, -1, -1):
            if any(v not in ("", None) for v in self.rows[index]):
                return index + 1
        return 0


@dataclass
class Spreadsheet:
    spreadsheet_id: str
    title: str
    shared_with: set
    sheets: list[Sheet] = field(default_factory=list)

    def sheet(self, title: str) -> Sheet | None:
        return next((s for s in self.sheets if s.title == title), None)


def column_number(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number - 1


def column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def google_error(code: int, message: str, status: str, details: list | None = None):
    body = {"error": {"code": code, "message": message, "status": status}}
    if details:
        body["error"]["details"] = details
    response = jsonify(body)
    response.status_code = code
    return response


RESOURCE_EXHAUSTED = (
    "Quota exceeded for quota metric '{kind} requests' and limit '{kind} requests per minute per user' of service "
    "'sheets.googleapis.com' for consumer 'project_number:000000000000'."
)


class GoogleStandIn:
    def __init__(self):
        self.lock = threading.RLock()
        self.spreadsheets: dict[str, Spreadsheet] = {}
        self.keys: dict[str, str] = {}  # service account email -> public key PEM (only known keys get tokens)
        self.tokens: dict[str, str] = {}
        self.calls: list[tuple[str, str, str]] = []  # (kind: read/write/token/upload, method, path)
        self._window: dict[str, deque] = {"read": deque(), "write": deque()}
        self.quota_per_minute = QUOTA_PER_MINUTE
        self.outage = False
        self.delay_seconds = 0.0
        self.failures: list[list] = []  # [status, times, after_accepting]
        self.uploads: dict[str, bytes] = {}
        self._ids = itertools.count(1)
        self.app = self._build()

    # --- set-up used by tests ---------------------------------------------------------------------------
    def create_spreadsheet(self, shared_with: str, title: str = "ทดสอบ") -> str:
        spreadsheet_id = uuid.uuid4().hex
        with self.lock:
            self.spreadsheets[spreadsheet_id] = Spreadsheet(spreadsheet_id, title, {shared_with},
                                                            [Sheet(0, "Sheet1")])
        return spreadsheet_id

    def register_key(self, email: str, public_pem: str) -> None:
        self.keys[email] = public_pem

    def fail(self, status: int, times: int = 1, after_accepting: bool = False) -> None:
        """The next `times` calls fail; `after_accepting` applies a write first, then loses its answer."""
        with self.lock:
            self.failures.append([status, times, after_accepting])

    def writes(self) -> int:
        return sum(1 for kind, _, _ in self.calls if kind == "write")

    def reads(self) -> int:
        return sum(1 for kind, _, _ in self.calls if kind == "read")

    def values(self, spreadsheet_id: str, title: str) -> list[list]:
        with self.lock:
            sheet = self.spreadsheets[spreadsheet_id].sheet(title)
            return [list(row) for row in sheet.rows[: sheet.last_row()]]

    def records(self, spreadsheet_id: str, title: str) -> list[dict]:
        rows = self.values(spreadsheet_id, title)
        header = rows[0]
        return [dict(zip(header, row + [""] * (len(header) - len(row)))) for row in rows[1:]]

    def staff_sort(self, spreadsheet_id: str, title: str, column: int, descending: bool = True) -> None:
        """What a person does with Data > Sort range: rows below the header change places."""
        with self.lock:
            sheet = self.spreadsheets[spreadsheet_id].sheet(title)
            body = sheet.rows[1: sheet.last_row()]
            body.sort(key=lambda r: str(r[column] if column < len(r) else ""), reverse=descending)
            sheet.rows[1: sheet.last_row()] = body

    def staff_insert_row(self, spreadsheet_id: str, title: str, at: int, values: list) -> None:
        with self.lock:
            self.spreadsheets[spreadsheet_id].sheet(title).rows.insert(at, list(values))

    def staff_set(self, spreadsheet_id: str, title: str, reference: str, header: str, value: str) -> None:
        with self.lock:
            sheet = self.spreadsheets[spreadsheet_id].sheet(title)
            column = sheet.rows[0].index(header)
            row = next(i for i, r in enumerate(sheet.rows) if r and r[0] == reference)
            sheet.put(row, column, value)

    # --- the API -------------------------------------------------------------------------------------------
    def _build(self) -> Flask:
        app = Flask("google_standin")

        @app.before_request
        def gate():
            if self.delay_seconds:
                time.sleep(self.delay_seconds)
            kind = "token" if request.path == "/token" else "upload" if request.path.startswith("/upload") else \
                "read" if request.method == "GET" else "write"
            with self.lock:
                self.calls.append((kind, request.method, request.path))
                if self.outage:
                    return google_error(503, "The service is currently unavailable.", "UNAVAILABLE")
                for failure in self.failures:
                    if failure[1] > 0 and not failure[2]:
                        failure[1] -= 1
                        if failure[0] == 429:
                            return self._exhausted("Write" if kind == "write" else "Read")
                        return google_error(failure[0], "Internal error encountered.", "INTERNAL")
                if kind in self._window:
                    window, now = self._window[kind], time.monotonic()
                    while window and now - window[0] > 60:
                        window.popleft()
                    if len(window) >= self.quota_per_minute:
                        return self._exhausted("Write" if kind == "write" else "Read")
                    window.append(now)
            if kind in ("read", "write", "upload"):
                token = request.headers.get("Authorization", "").removeprefix("Bearer ")
                if token not in self.tokens:
                    return google_error(401, "Request had invalid authentication credentials.", "UNAUTHENTICATED")
            return None

        @app.after_request
        def lose_answer(response):
            if request.method == "GET" or response.status_code != 200 or request.path == "/token":
                return response
            with self.lock:
                for failure in self.failures:
                    if failure[1] > 0 and failure[2]:
                        failure[1] -= 1
                        return google_error(failure[0], "Internal error encountered.", "INTERNAL")
            return response

        @app.post("/token")
        def token():
            assertion = request.form.get("assertion", "")
            try:
                header, claims, signature = assertion.split(".")
                claims = json.loads(base64.urlsafe_b64decode(claims + "=" * (-len(claims) % 4)))
                email = claims["iss"]
                self._verify(email, f"{header}.{claims_part(assertion)}", signature)
            except Exception:  # noqa: BLE001 - any bad assertion is Google's invalid_grant
                response = jsonify({"error": "invalid_grant", "error_description": "Invalid JWT Signature."})
                response.status_code = 400
                return response
            access = "ya29." + uuid.uuid4().hex
            self.tokens[access] = email
            return jsonify({"access_token": access, "expires_in": 3599, "token_type": "Bearer"})

        @app.route("/v4/spreadsheets/<path:rest>", methods=["GET", "POST", "PUT"])
        def spreadsheets(rest: str):
            spreadsheet_id, _, tail = rest.partition("/")
            spreadsheet_id, _, action = spreadsheet_id.partition(":")
            with self.lock:
                book = self.spreadsheets.get(spreadsheet_id)
                if book is None:
                    return google_error(404, "Requested entity was not found.", "NOT_FOUND")
                caller = self.tokens.get(request.headers.get("Authorization", "").removeprefix("Bearer "))
                if caller not in book.shared_with:
                    return google_error(403, "The caller does not have permission", "PERMISSION_DENIED")
                body = request.get_json(silent=True) or {}
                if not tail and not action and request.method == "GET":
                    return jsonify(self._metadata(book))
                if action == "batchUpdate" and request.method == "POST":
                    return self._batch_update(book, body)
                if tail == "values:batchGet":
                    return jsonify({"spreadsheetId": book.spreadsheet_id, "valueRanges": [
                        self._get(book, r) for r in request.args.getlist("ranges")]})
                if tail == "values:batchUpdate":
                    option = body.get("valueInputOption")
                    if option not in ("RAW", "USER_ENTERED"):
                        return google_error(400, "Invalid valueInputOption", "INVALID_ARGUMENT")
                    results = [self._update(book, d["range"], d.get("values", []), option) for d in body.get("data", [])]
                    return jsonify({"spreadsheetId": book.spreadsheet_id, "responses": results,
                                    "totalUpdatedRows": sum(r["updatedRows"] for r in results)})
                if tail.startswith("values/"):
                    a1, _, verb = tail[len("values/"):].rpartition(":") if tail.endswith(":append") else \
                        (tail[len("values/"):], "", "")
                    option = request.args.get("valueInputOption")
                    if request.method == "GET":
                        return jsonify(self._get(book, a1))
                    if option not in ("RAW", "USER_ENTERED"):
                        return google_error(400, "Invalid valueInputOption", "INVALID_ARGUMENT")
                    if verb == "append":
                        return jsonify(self._append(book, a1, body.get("values", []), option,
                                                    request.args.get("insertDataOption", "OVERWRITE")))
                    if request.method == "PUT":
                        return jsonify(self._update(book, a1, body.get("values", []), option))
            return google_error(400, f"Unsupported call {request.method} {request.path}", "INVALID_ARGUMENT")

        @app.post("/upload/drive/v3/files")
        def upload():
            if request.args.get("uploadType") != "multipart":
                return google_error(400, "uploadType must be multipart here", "INVALID_ARGUMENT")
            raw = request.get_data()
            file_id = "drive" + str(next(self._ids))
            with self.lock:
                self.uploads[file_id] = raw
            return jsonify({"id": file_id, "webViewLink": f"https://drive.google.com/file/d/{file_id}/view"})

        return app

    def _exhausted(self, kind: str):
        return google_error(429, RESOURCE_EXHAUSTED.format(kind=kind), "RESOURCE_EXHAUSTED", [{
            "@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "RATE_LIMIT_EXCEEDED",
            "domain": "googleapis.com", "metadata": {"quota_metric": f"sheets.googleapis.com/{kind.lower()}_requests",
                                                    "service": "sheets.googleapis.com"}}])

    def _verify(self, email: str, signed: str, signature: str) -> None:
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import padding

        key = serialization.load_pem_public_key(self.keys[email].encode())
        raw = base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4))
        key.verify(raw, signed.encode(), padding.PKCS1v15(), hashes.SHA256())

    # --- spreadsheet semantics --------------------------------------------------------------------------
    def _metadata(self, book: Spreadsheet) -> dict:
        return {"spreadsheetId": book.spreadsheet_id, "properties": {"title": book.title, "locale": "th_TH",
                                                                     "timeZone": "Asia/Bangkok"},
                "sheets": [{"properties": {"sheetId": s.sheet_id, "title": s.title, "index": i, "sheetType": "GRID",
                                           "gridProperties": {"rowCount": max(1000, len(s.rows)), "columnCount": 26,
                                                              "frozenRowCount": s.frozen_rows}},
                            **({"dataValidations": s.validations} if s.validations else {})}
                           for i, s in enumerate(book.sheets)]}

    def _batch_update(self, book: Spreadsheet, body: dict):
        replies = []
        for item in body.get("requests", []):
            (kind, spec), = item.items()
            if kind == "addSheet":
                title = spec["properties"]["title"]
                if book.sheet(title):
                    return google_error(400, f'Invalid requests[0].addSheet: A sheet with the name "{title}" '
                                             "already exists. Please enter another name.", "INVALID_ARGUMENT")
                sheet = Sheet(max(s.sheet_id for s in book.sheets) + 1, title)
                book.sheets.append(sheet)
                replies.append({"addSheet": {"properties": {"sheetId": sheet.sheet_id, "title": title}}})
                continue
            sheet = self._by_id(book, spec)
            if sheet is None:
                return google_error(400, "Invalid requests: No grid with id", "INVALID_ARGUMENT")
            if kind == "updateSheetProperties":
                sheet.frozen_rows = spec["properties"].get("gridProperties", {}).get("frozenRowCount", sheet.frozen_rows)
            elif kind == "repeatCell":
                if spec["cell"].get("userEnteredFormat", {}).get("textFormat", {}).get("bold"):
                    sheet.bold_rows.update(range(spec["range"].get("startRowIndex", 0), spec["range"]["endRowIndex"]))
            elif kind == "updateDimensionProperties":
                rng = spec["range"]
                for column in range(rng["startIndex"], rng["endIndex"]):
                    sheet.widths[column] = spec["properties"]["pixelSize"]
            elif kind == "setDataValidation":
                condition = spec.get("rule", {}).get("condition", {})
                if condition.get("type") not in ("ONE_OF_LIST", "NUMBER_BETWEEN"):
                    return google_error(400, "Invalid requests: unsupported validation", "INVALID_ARGUMENT")
                sheet.validations = [v for v in sheet.validations if v["range"] != spec["range"]] + [spec]
            elif kind == "deleteSheet":
                book.sheets.remove(sheet)
            else:
                return google_error(400, f"Unsupported request {kind}", "INVALID_ARGUMENT")
            replies.append({})
        return jsonify({"spreadsheetId": book.spreadsheet_id, "replies": replies})

    @staticmethod
    def _by_id(book: Spreadsheet, spec: dict) -> Sheet | None:
        sheet_id = (spec.get("range") or spec.get("properties") or {}).get("sheetId", spec.get("sheetId"))
        return next((s for s in book.sheets if s.sheet_id == sheet_id), None)

    def _parse(self, book: Spreadsheet, a1: str) -> tuple[Sheet, int, int, int | None, int | None]:
        """'Sheet'!A2:C9 -> sheet, first row, first column, end row (exclusive), end column (exclusive)."""
        title, _, cells = a1.rpartition("!")
        if not title:
            title, cells = (a1, "") if book.sheet(a1.strip("'")) else (book.sheets[0].title, a1)
        title = title.strip("'").replace("''", "'")
        sheet = book.sheet(title)
        if sheet is None:
            raise KeyError(title)
        if not cells:
            return sheet, 0, 0, None, None
        start, _, end = cells.partition(":")
        col1, row1 = A1_CELL.match(start).groups()
        first_row, first_col = (int(row1) - 1 if row1 else 0), (column_number(col1) if col1 else 0)
        if not end:
            return sheet, first_row, first_col, (first_row + 1 if row1 else None), (first_col + 1 if col1 else None)
        col2, row2 = A1_CELL.match(end).groups()
        return sheet, first_row, first_col, (int(row2) if row2 else None), (column_number(col2) + 1 if col2 else None)

    def _a1(self, sheet: Sheet, row: int, col: int, rows: int, cols: int) -> str:
        return f"'{sheet.title}'!{column_letters(col)}{row + 1}:{column_letters(col + max(cols, 1) - 1)}{row + rows}"

    def _get(self, book: Spreadsheet, a1: str) -> dict:
        sheet, row, col, end_row, end_col = self._parse(book, a1)
        end_row = min(end_row if end_row is not None else sheet.last_row(), sheet.last_row())
        render = request.args.get("valueRenderOption", "FORMATTED_VALUE")
        values = []
        for r in range(row, end_row):
            line = sheet.rows[r] if r < len(sheet.rows) else []
            cells = line[col: end_col] if end_col is not None else line[col:]
            out = [self._render(v, render) for v in cells]
            while out and out[-1] == "":
                out.pop()
            values.append(out)
        while values and not values[-1]:
            values.pop()
        result = {"range": self._a1(sheet, row, col, max(len(values), 1), 1), "majorDimension": "ROWS"}
        if values:
            result["values"] = values
        return result

    @staticmethod
    def _render(value, render: str):
        if isinstance(value, Formula):
            return str(value) if render == "FORMULA" else "#ERROR!"
        if render == "FORMATTED_VALUE" and value is not None and not isinstance(value, str):
            return str(value)
        return "" if value is None else value

    @staticmethod
    def _entered(value, option: str):
        if option == "RAW" or not isinstance(value, str):
            return value
        if value.startswith("="):
            return Formula(value)
        try:
            return int(value) if value.strip().lstrip("-").isdigit() else float(value)
        except ValueError:
            return value.removeprefix("'")

    def _update(self, book: Spreadsheet, a1: str, values: list[list], option: str) -> dict:
        sheet, row, col, _, _ = self._parse(book, a1)
        for r, line in enumerate(values):
            for c, value in enumerate(line):
                sheet.put(row + r, col + c, self._entered(value, option))
        width = max((len(line) for line in values), default=0)
        return {"spreadsheetId": book.spreadsheet_id, "updatedRange": self._a1(sheet, row, col, len(values), width),
                "updatedRows": len(values), "updatedColumns": width,
                "updatedCells": sum(len(line) for line in values)}

    def _append(self, book: Spreadsheet, a1: str, values: list[list], option: str, insert: str) -> dict:
        sheet, row, col, _, _ = self._parse(book, a1)
        # The "table" starts at the range and runs down while rows hold data; append goes right under it.
        end = row
        while end < len(sheet.rows) and any(v not in ("", None) for v in sheet.rows[end]):
            end += 1
        if insert == "INSERT_ROWS":
            for _ in values:
                sheet.rows.insert(min(end, len(sheet.rows)), [])
        updates = self._update(book, self._a1(sheet, end, col, len(values), 1).split(":")[0], values, option)
        return {"spreadsheetId": book.spreadsheet_id, "tableRange": self._a1(sheet, row, col, max(end - row, 1), 1),
                "updates": updates}


def claims_part(assertion: str) -> str:
    return assertion.split(".")[1]

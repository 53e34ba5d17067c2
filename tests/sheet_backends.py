"""Both review backends behind one test face: what staff see and do in the spreadsheet."""
from __future__ import annotations

import json
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from openpyxl import load_workbook

from tests.google_standin import Formula, GoogleStandIn


def service_account_key(token_uri: str, email: str = "review-bot@cd-province.iam.gserviceaccount.com") -> tuple[str, str]:
    """A fresh service-account key as Google would hand it out; returns (key JSON, public key PEM)."""
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = private.public_key().public_bytes(serialization.Encoding.PEM,
                                               serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    key = {"type": "service_account", "project_id": "cd-province", "private_key_id": "k1", "private_key": pem,
           "client_email": email, "client_id": "1", "token_uri": token_uri}
    return json.dumps(key), public


class GoogleStaff:
    def __init__(self, standin: GoogleStandIn, spreadsheet_id: str):
        self.standin, self.spreadsheet_id = standin, spreadsheet_id

    def rows(self, title: str) -> list[dict]:
        return [{k: (str(v) if isinstance(v, int) else v) for k, v in row.items()}
                for row in self.standin.records(self.spreadsheet_id, title)]

    def sort(self, title: str, column: int) -> None:
        self.standin.staff_sort(self.spreadsheet_id, title, column)

    def insert_blank_row(self, title: str, at: int) -> None:
        self.standin.staff_insert_row(self.spreadsheet_id, title, at, ["บันทึกของเจ้าหน้าที่", "", ""])

    def set(self, title: str, reference: str, header: str, value: str) -> None:
        self.standin.staff_set(self.spreadsheet_id, title, reference, header, value)

    def put(self, title: str, row: int, column: int, value) -> None:
        """A committee member types into a cell (row and column as on screen, from 1)."""
        with self.standin.lock:
            self.standin.spreadsheets[self.spreadsheet_id].sheet(title).put(row - 1, column - 1, value)

    def validations(self, title: str) -> int:
        return len(self.standin.spreadsheets[self.spreadsheet_id].sheet(title).validations)

    def is_text(self, title: str, reference: str, header: str) -> bool:
        with self.standin.lock:
            sheet = self.standin.spreadsheets[self.spreadsheet_id].sheet(title)
            column = sheet.rows[0].index(header)
            row = next(r for r in sheet.rows if r and r[0] == reference)
            return isinstance(row[column], str) and not isinstance(row[column], Formula)

    def sheet_titles(self) -> list[str]:
        return [s.title for s in self.standin.spreadsheets[self.spreadsheet_id].sheets]

    def frozen_and_validated(self, title: str) -> tuple[int, int]:
        sheet = self.standin.spreadsheets[self.spreadsheet_id].sheet(title)
        return sheet.frozen_rows, len(sheet.validations)


class LocalStaff:
    def __init__(self, path: Path):
        self.path = path

    def _sheet(self, title: str):
        return load_workbook(self.path)[title]

    def rows(self, title: str) -> list[dict]:
        sheet = self._sheet(title)
        header = [c.value for c in sheet[1]]
        out = []
        for row in sheet.iter_rows(min_row=2):
            values = ["" if c.value is None else c.value for c in row]
            if any(v != "" for v in values):
                out.append({h: (str(v) if isinstance(v, int) else v) for h, v in zip(header, values)})
        return out

    def _edit(self, title: str, change) -> None:
        book = load_workbook(self.path)
        change(book[title])
        book.save(self.path)

    def sort(self, title: str, column: int) -> None:
        def change(sheet):
            rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
            rows.sort(key=lambda r: str(r[column] or ""), reverse=True)
            for number, values in enumerate(rows, start=2):
                for index, value in enumerate(values, start=1):
                    sheet.cell(row=number, column=index, value=value)
        self._edit(title, change)

    def insert_blank_row(self, title: str, at: int) -> None:
        def change(sheet):
            sheet.insert_rows(at + 1)
            sheet.cell(row=at + 1, column=1, value="บันทึกของเจ้าหน้าที่")
        self._edit(title, change)

    def set(self, title: str, reference: str, header: str, value: str) -> None:
        def change(sheet):
            column = [c.value for c in sheet[1]].index(header) + 1
            row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == reference)
            sheet.cell(row=row[0].row, column=column, value=value)
        self._edit(title, change)

    def put(self, title: str, row: int, column: int, value) -> None:
        self._edit(title, lambda sheet: sheet.cell(row=row, column=column, value=value))

    def validations(self, title: str) -> int:
        return len(self._sheet(title).data_validations.dataValidation)

    def is_text(self, title: str, reference: str, header: str) -> bool:
        sheet = self._sheet(title)
        column = [c.value for c in sheet[1]].index(header)
        row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == reference)
        return row[column].data_type == "s"

    def sheet_titles(self) -> list[str]:
        return load_workbook(self.path).sheetnames

    def frozen_and_validated(self, title: str) -> tuple[int, int]:
        sheet = self._sheet(title)
        return (1 if sheet.freeze_panes == "A2" else 0), len(sheet.data_validations.dataValidation)

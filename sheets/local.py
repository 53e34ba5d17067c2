"""The local review workbook (xlsx under instance/), for running without Google."""
from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path
from typing import Sequence

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from sheets import (
    DISTRICTS_SHEET, LAYOUT, LOG_SHEET, NOMINATION_HEADERS, NOMINATION_SHEET, STATUS_PENDING, STATUSES, WORKS_SHEET,
    SCORES_SHEET, DistrictRow, NominationRow, Review, ReviewSheet, ScoreSheetLayout,
)
from sheets.google import REMOVED_WORK

_lock = threading.Lock()
WIDTHS = {NOMINATION_SHEET: 24, WORKS_SHEET: 30, DISTRICTS_SHEET: 20, LOG_SHEET: 40}


def _write(sheet, row_number: int, values: list) -> None:
    """Write values as they are: text that looks like a formula stays text (like the Sheets API's RAW)."""
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row_number, column=column)
        cell.value = value
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"


class LocalWorkbook(ReviewSheet):
    def __init__(self, path: Path):
        self.path = Path(path)

    def prepare(self) -> list[str]:
        with _lock:
            book, done = self._open_and_repair()
            if done:
                self._save(book)
            return done or ["ทุกแผ่นงานพร้อมอยู่แล้ว"]

    def _open_and_repair(self) -> tuple[Workbook, list[str]]:
        done = []
        if self.path.exists():
            book = load_workbook(self.path)
        else:
            book = Workbook()
            book.remove(book.active)
        for title, headers in LAYOUT:
            if title not in book.sheetnames:
                sheet = book.create_sheet(title)
                for cell_number in range(1, len(headers) + 1):
                    sheet.column_dimensions[sheet.cell(row=1, column=cell_number).column_letter].width = WIDTHS[title]
                done.append(f"สร้างแผ่นงาน {title}")
            sheet = book[title]
            if all(sheet.cell(row=1, column=n).value in (None, "") for n in range(1, len(headers) + 1)):
                _write(sheet, 1, list(headers))
                done.append(f"ใส่หัวตาราง {title}")
            sheet.freeze_panes = "A2"
            for cell in sheet[1]:
                cell.font = Font(bold=True)
        nominations = book[NOMINATION_SHEET]
        if not nominations.data_validations.dataValidation:
            letter = nominations.cell(row=1, column=NOMINATION_HEADERS.index("สถานะ") + 1).column_letter
            validation = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True)
            validation.add(f"{letter}2:{letter}5000")
            nominations.add_data_validation(validation)
        return book, done

    def upsert_nominations(self, rows: Sequence[NominationRow], districts: Sequence[DistrictRow] = (),
                           log: Sequence[str] = ()) -> None:
        with _lock:
            book, _ = self._open_and_repair()
            nominations, works = book[NOMINATION_SHEET], book[WORKS_SHEET]
            status_at = NOMINATION_HEADERS.index("สถานะ")
            index = {row[0].value: row for row in nominations.iter_rows(min_row=2) if row[0].value}
            for entry in rows:
                cells = entry.cells()
                existing = index.get(entry.reference)
                if existing is None:
                    row_number = nominations.max_row + 1
                    _write(nominations, row_number, cells + [STATUS_PENDING, ""])
                    index[entry.reference] = nominations[row_number]
                else:
                    new_revision = str(existing[1].value) != str(entry.revision)
                    _write(nominations, existing[0].row, cells)
                    if new_revision:
                        existing[status_at].value = STATUS_PENDING
                self._put_works(works, entry)
            if districts:
                sheet = book[DISTRICTS_SHEET]
                for number, district in enumerate(districts, start=2):
                    _write(sheet, number, district.cells())
            for line in log:
                sheet = book[LOG_SHEET]
                _write(sheet, sheet.max_row + 1, list(line) if isinstance(line, tuple) else [line])
            self._save(book)

    @staticmethod
    def _put_works(works, entry: NominationRow) -> None:
        """Works are found by (reference, number) like on Google; a work dropped in a new revision is marked."""
        where = {(row[0].value, str(row[1].value)): row[0].row for row in works.iter_rows(min_row=2) if row[0].value}
        written = set()
        for cells in entry.work_cells():
            key = (entry.reference, str(cells[1]))
            written.add(key)
            _write(works, where.get(key, works.max_row + 1), cells)
        for key, row_number in where.items():
            if key[0] == entry.reference and key not in written:
                _write(works, row_number, [key[0], int(key[1]), "", REMOVED_WORK.format(revision=entry.revision),
                                           "", "", ""])

    def _save(self, book: Workbook) -> None:
        # Write beside the file and rename over it, so a crash never leaves half a workbook.
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".xlsx.part")
        os.close(handle)
        try:
            book.save(temporary)
            os.replace(temporary, self.path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)

    def prepare_scores(self, layout: ScoreSheetLayout) -> list[str]:
        with _lock:
            book, _ = self._open_and_repair()
            if SCORES_SHEET in book.sheetnames and book[SCORES_SHEET].max_row > 1:
                return [f"แผ่นงาน {SCORES_SHEET} มีอยู่แล้ว (ไม่แก้ไขคะแนนที่กรอกไว้)"]
            sheet = book[SCORES_SHEET] if SCORES_SHEET in book.sheetnames else book.create_sheet(SCORES_SHEET)
            _write(sheet, 1, list(layout.headers))
            for number, row in enumerate(layout.rows, start=2):
                _write(sheet, number, list(row))
            sheet.freeze_panes = sheet.cell(row=2, column=layout.first_score_column + 1)
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            for offset, maximum in enumerate(layout.maxima):
                letter = sheet.cell(row=1, column=layout.first_score_column + offset + 1).column_letter
                check = DataValidation(type="decimal", operator="between", formula1="0", formula2=str(maximum),
                                       allow_blank=True, showErrorMessage=True,
                                       error=f"ใส่คะแนน 0 ถึง {maximum}")
                check.add(f"{letter}2:{letter}{len(layout.rows) + 1}")
                sheet.add_data_validation(check)
            self._save(book)
            return [f"สร้างแผ่นงาน {SCORES_SHEET} ({len(layout.rows)} แถว)"]

    def score_rows(self) -> list[tuple[int, list]]:
        if not self.path.exists():
            return []
        with _lock:
            book = load_workbook(self.path, read_only=True)
            try:
                if SCORES_SHEET not in book.sheetnames:
                    return []
                return [(number, list(row)) for number, row in
                        enumerate(book[SCORES_SHEET].iter_rows(min_row=2, values_only=True), start=2) if any(row)]
            finally:
                book.close()

    def reviews(self) -> dict[str, Review]:
        if not self.path.exists():
            return {}
        with _lock:
            book = load_workbook(self.path, read_only=True)
            try:
                status_at = NOMINATION_HEADERS.index("สถานะ")
                found = {}
                for row in book[NOMINATION_SHEET].iter_rows(min_row=2, values_only=True):
                    if row and row[0]:
                        row = tuple(row) + (None,) * (len(NOMINATION_HEADERS) - len(row))
                        found[str(row[0])] = Review(str(row[0]), str(row[1] or "").strip(),
                                                    str(row[status_at] or "").strip(),
                                                    str(row[status_at + 1] or "").strip())
                return found
            finally:
                book.close()

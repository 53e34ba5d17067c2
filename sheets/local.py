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
    NOMINATION_HEADERS, NOMINATION_SHEET, STATUS_PENDING, STATUSES, WORK_HEADERS, WORKS_SHEET, NominationRow,
    Review, ReviewSheet,
)

_lock = threading.Lock()


def _write(sheet, row_number: int, values: list) -> None:
    """Write values as they are: text that looks like a formula stays text (like the Sheets API's RAW)."""
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row_number, column=column)
        cell.value = value
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"


class LocalWorkbook(ReviewSheet):
    def __init__(self, path: Path):
        self.path = Path(path)

    def _open(self) -> Workbook:
        if self.path.exists():
            return load_workbook(self.path)
        book = Workbook()
        book.remove(book.active)
        for title, headers, widths in ((NOMINATION_SHEET, NOMINATION_HEADERS, 22), (WORKS_SHEET, WORK_HEADERS, 28)):
            sheet = book.create_sheet(title)
            sheet.append(list(headers))
            sheet.freeze_panes = "A2"
            for cell in sheet[1]:
                cell.font = Font(bold=True)
                sheet.column_dimensions[cell.column_letter].width = widths
        status_column = NOMINATION_HEADERS.index("สถานะ") + 1
        letter = book[NOMINATION_SHEET].cell(row=1, column=status_column).column_letter
        validation = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True)
        validation.add(f"{letter}2:{letter}5000")
        book[NOMINATION_SHEET].add_data_validation(validation)
        return book

    def upsert_nominations(self, rows: Sequence[NominationRow]) -> None:
        with _lock:
            book = self._open()
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
                    new_revision = existing[1].value != entry.revision
                    _write(nominations, existing[0].row, cells)
                    if new_revision:
                        existing[status_at].value = STATUS_PENDING
                self._replace_works(works, entry)
            for row in nominations.iter_rows(min_row=2):
                for cell in row:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            self._save(book)

    @staticmethod
    def _replace_works(works, entry: NominationRow) -> None:
        stale = [row[0].row for row in works.iter_rows(min_row=2) if row[0].value == entry.reference]
        for row_number in reversed(stale):
            works.delete_rows(row_number)
        for cells in entry.work_cells():
            _write(works, works.max_row + 1, cells)

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
                        found[str(row[0])] = Review(str(row[0]), str(row[status_at] or ""),
                                                    str(row[status_at + 1] or ""))
                return found
            finally:
                book.close()

"""Write an action-plan template for a review that ``scrgraph actions import`` reads back as it is.

One row per recommendation and addressee, pre-filled with the ref, the recommendation and the
agency; drop-down lists for status and RAG; date-formatted date columns; a frozen header row.
"""

from __future__ import annotations

import io

from scrgraph.actions.context import ReviewContext
from scrgraph.knowledge import knowledge
from scrgraph.output import neutralise

COLUMNS = [  # header, width
    ("Rec No", 9), ("Recommendation", 60), ("Lead agency", 28), ("Action", 50), ("Target date", 14),
    ("Status", 24), ("RAG", 10), ("Evidence of impact", 40), ("Date completed", 15),
    ("Reason (if not accepted)", 30),
]
RAG_CHOICES = ["Red", "Amber", "Green", "Blue", "Grey"]
STATUS_ORDER = ["not_started", "in_progress", "overdue", "completed", "completed_embedded",
                "closed_not_accepted", "superseded", "unknown"]
SPARE_ROWS = 200
DATE_FORMAT = "dd/mm/yyyy"


def status_choices() -> list[str]:
    """The status labels offered in the template's drop-down, in the order of work."""
    statuses = knowledge().statuses
    ids = [s for s in STATUS_ORDER if s in statuses] + sorted(set(statuses) - set(STATUS_ORDER))
    return [statuses[s].label for s in ids]


def template_rows(context: ReviewContext) -> list[tuple[str, str, str]]:
    """(ref, recommendation text, agency label) for every recommendation and addressee."""
    rows = []
    for rec in context.recommendations.values():
        for agency in rec.addressees or [""]:
            rows.append((rec.ref, rec.text, context.agency_label(agency) if agency else ""))
    return rows


def template_bytes(context: ReviewContext) -> bytes:
    """The template workbook for one review, as .xlsx bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.worksheet import Worksheet

    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # a new workbook has one worksheet, the active one
    ws.title = "Action plan"
    lists = wb.create_sheet("Lists")
    lists.sheet_state = "hidden"
    choices = status_choices()
    lists.append(["Status", "RAG"])
    for i in range(max(len(choices), len(RAG_CHOICES))):
        lists.append([choices[i] if i < len(choices) else None, RAG_CHOICES[i] if i < len(RAG_CHOICES) else None])

    ws.append([header for header, _ in COLUMNS])
    for index, (_, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
        cell = ws.cell(1, index)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9E1F2")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    rows = template_rows(context)
    for ref, rec_text, agency in rows:
        ws.append([neutralise(ref), neutralise(rec_text), neutralise(agency)])
    last = len(rows) + 1 + SPARE_ROWS
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in ws.iter_rows(min_row=2, max_row=last, max_col=len(COLUMNS)):
        for cell in row:
            cell.alignment = wrap
            if cell.column in (5, 9):  # E and I, the target and completion dates
                cell.number_format = DATE_FORMAT
    status = DataValidation(type="list", formula1=f"=Lists!$A$2:$A${len(choices) + 1}", allow_blank=True,
                            error="Choose a status from the list.", errorTitle="Status")
    rag = DataValidation(type="list", formula1=f"=Lists!$B$2:$B${len(RAG_CHOICES) + 1}", allow_blank=True,
                         error="Choose Red, Amber, Green, Blue or Grey.", errorTitle="RAG")
    dates = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True,
                           error="Enter a date such as 31/03/2025.", errorTitle="Date")
    for validation, ranges in ((status, [f"F2:F{last}"]), (rag, [f"G2:G{last}"]), (dates, [f"E2:E{last}", f"I2:I{last}"])):
        validation.showErrorMessage = True
        ws.add_data_validation(validation)
        for cells in ranges:
            validation.add(cells)
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()

"""Writing helpers for the statistics workbooks (the form II.06a and its detail sheet): Times New Roman
cells, framed header cells, rows of integer figures, A4 landscape fitted to the width. Text is always stored
as text, never as a formula (``formats/dossiers-csv.md``, "Cells that a spreadsheet would run as formulas").
"""

from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

FONT = "Times New Roman"


class SheetWriter:
    """Writing helpers over one worksheet: Times New Roman, text always stored as text."""

    def __init__(self, ws):
        self.ws = ws
        thin = Side(style="thin")
        self.box = Border(left=thin, right=thin, top=thin, bottom=thin)

    def font(self, *, bold=False, italic=False, size=12):
        return Font(name=FONT, bold=bold, italic=italic, size=size)

    def put(self, row, col, value, *, font=None, align=None, box=False, number_format=None):
        cell = self.ws.cell(row, col)
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula, whatever the text starts with
        cell.font = font or self.font()
        if align is not None:
            cell.alignment = align
        if box:
            cell.border = self.box
        if number_format:
            cell.number_format = number_format
        return cell

    def line(self, row, text, *, last, first=1, font=None, horizontal="left"):
        """One line of text in ``row``, over the columns ``first`` … ``last`` (merged)."""
        if last > first:
            self.ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
        align = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
        return self.put(row, first, text, font=font, align=align)

    def head(self, row, col, text, *, rows=1, cols=1, font=None):
        if rows > 1 or cols > 1:
            self.ws.merge_cells(
                start_row=row, start_column=col, end_row=row + rows - 1, end_column=col + cols - 1
            )
        align = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for r in range(row, row + rows):
            for c in range(col, col + cols):
                self.ws.cell(r, c).border = self.box
        return self.put(row, col, text, font=font or self.font(bold=True), align=align, box=True)

    def figures_row(self, row, number, label, figures, *, bold=False):
        font = self.font(bold=bold)
        self.put(row, 1, number, font=font, align=Alignment(horizontal="center", vertical="center"), box=True)
        self.put(row, 2, label, font=font, align=Alignment(vertical="center", wrap_text=True), box=True)
        center = Alignment(horizontal="center", vertical="center")
        for offset, value in enumerate(figures):
            self.put(row, 3 + offset, int(value), font=font, align=center, box=True, number_format="#,##0")
        self.ws.row_dimensions[row].height = 19 * self.lines(label, 2)

    def widths(self, *, label: float, figures: float, last: int) -> None:
        """Column (1) narrow, column (2) ``label`` wide, the figure columns up to ``last`` ``figures``."""
        for col in range(1, last + 1):
            self.ws.column_dimensions[get_column_letter(col)].width = {1: 5, 2: label}.get(col, figures)

    def lines(self, text, col: int) -> int:
        """Lines a wrapped text takes in a column (a Times New Roman 12 character: about 0.9 width unit)."""
        width = self.ws.column_dimensions[get_column_letter(col)].width or 10
        return max(1, -(-len(str(text or "")) * 9 // int(width * 10)))

    def print_setup(self, *, title_rows: str, last_row: int, last_col: int) -> None:
        ws = self.ws
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.5
        ws.page_margins.top = ws.page_margins.bottom = 0.6
        ws.print_title_rows = title_rows
        ws.print_area = f"A1:{get_column_letter(last_col)}{last_row}"

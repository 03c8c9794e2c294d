"""The grid of a score sheet as a table model: one row per criterion and a total row;
the criterion, its maximum, the self score, one column per council member, the
council's mean, remarks and evidence.

The model holds what the clerk typed (`text`), what was saved (`changes` compares the
two), and how each cell shows: read-only, unreadable (a problem, in its tooltip), or
refused by the last save. The screen reads the scores from here, computes the totals
with the domain's rules and gives them back (`show_result`); nothing is kept in, or
read back from, the widgets.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from app.domain.scoring import format_score
from app.domain.sheets import EVIDENCE, MEMBER_PREFIX, REMARKS, SELF, Sheet, member_column
from app.i18n import _
from app.services.scoring import CellChange

CRITERION, MAXIMUM, COUNCIL = "criterion", "max", "council"
ERROR_BRUSH = QBrush(QColor("#f8d7da"))
READ_ONLY_BRUSH = QBrush(QColor("#f2f2f2"))
_CENTER = int(Qt.AlignmentFlag.AlignCenter)
_DISPLAY, _EDIT = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole
_ROOT = QModelIndex()


def _short(name: str) -> str:
    """'Phạm Ngọc Duyên' -> 'Ngọc Duyên': what fits a column heading."""
    words = name.split()
    return " ".join(words[-2:]) if len(words) > 2 else name


@dataclass
class _Cell:
    text: str = ""
    editable: bool = False
    background: QBrush | None = None
    tooltip: str = ""
    centered: bool = False
    bold: bool = False
    key: tuple[str, str] | None = None  # (item id, column key) of a cell typed into
    original: str = ""


class ScoreSheetModel(QAbstractTableModel):
    # A cell the clerk changed (typed into, or cleared): not the totals the screen sets.
    edited = Signal(int, int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.columns: list[str] = []
        self._headers: list[str] = []
        self._header_tips: dict[int, str] = {}
        self._cells: list[list[_Cell]] = []

    # -- filling --------------------------------------------------------------------
    def load(self, sheet: Sheet) -> None:
        """The sheet as saved: every cell's text, which can be typed into, the totals'
        row, the headings."""
        self.beginResetModel()
        members = sheet.members
        self.columns = [CRITERION, MAXIMUM, SELF, *[member_column(m.id) for m in members],
                        COUNCIL, REMARKS, EVIDENCE]
        self._headers = [
            _("Criterion"), _("Max"), _("Self score"),
            *[_("Member {number}").format(number=m.position) + "\n" + _short(m.label())
              for m in members],
            _("Council\n(mean)"), _("Remarks"), _("Evidence")]
        self._header_tips = {column: f"{m.label()} - {m.role}" if m.role else m.label()
                             for column, m in enumerate(members, start=3)}
        self_ok, council_ok = sheet.self_editable(), sheet.council_editable()
        rows = []
        for item in sheet.rubric.criteria:
            line = sheet.line(item.id)
            values = {SELF: format_score(line.self_tenths), REMARKS: line.remarks,
                      EVIDENCE: line.evidence}
            values.update({member_column(m.id): format_score(m.scores.get(item.id))
                           for m in members})
            cells = []
            for key in self.columns:
                if key == CRITERION:
                    cells.append(_Cell(f"{item.code}. {item.text}", background=READ_ONLY_BRUSH,
                                       tooltip=_("Guidance: {guidance}\nEvidence asked for: "
                                                 "{evidence}").format(
                                           guidance=item.guidance or "-",
                                           evidence=item.evidence or "-")))
                elif key == MAXIMUM:
                    cells.append(_Cell(format_score(item.max_tenths), centered=True,
                                       background=READ_ONLY_BRUSH))
                elif key == COUNCIL:
                    cells.append(_Cell("", background=READ_ONLY_BRUSH))
                else:
                    editable = self_ok if key == SELF else council_ok
                    cells.append(_Cell(
                        values[key], editable=editable,
                        background=None if editable else READ_ONLY_BRUSH,
                        tooltip=values[key] if key in (REMARKS, EVIDENCE) else "",
                        centered=key not in (REMARKS, EVIDENCE), key=(item.id, key),
                        original=values[key]))
            rows.append(cells)
        total = [_Cell(_("Total") if column == 0 else "", background=READ_ONLY_BRUSH,
                       centered=column > 0, bold=True) for column in range(len(self.columns))]
        total[1].text = format_score(sheet.rubric.total_max)
        rows.append(total)
        self._cells = rows
        self.endResetModel()
        # Said again, as a table widget says it when its headings are set: the header
        # lays itself out now, so a stretched column takes the room the others leave
        # while the screen sets their widths, and the rows' heights follow from that.
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)

    # -- reading --------------------------------------------------------------------
    def text(self, row: int, column: int) -> str:
        return self._cells[row][column].text

    def is_editable(self, row: int, column: int) -> bool:
        return self._cells[row][column].editable

    def header(self, column: int) -> str:
        return self._headers[column]

    def score_cells(self):
        """(row, column, key) of every score typed into a criterion's row: the self
        score and each member's."""
        for row in range(len(self._cells) - 1):
            for column, key in enumerate(self.columns):
                if key == SELF or key.startswith(MEMBER_PREFIX):
                    yield row, column, key

    def changes(self) -> list[CellChange]:
        """What the clerk typed that differs from the sheet as saved."""
        result = []
        for cells in self._cells:
            for cell in cells:
                if cell.key is not None and cell.editable and cell.text != cell.original:
                    item_id, key = cell.key
                    result.append(CellChange(item_id, key, cell.text))
        return result

    # -- showing --------------------------------------------------------------------
    def show_result(self, council: list[str], totals: dict[int, str],
                    problems: dict[tuple[int, int], str],
                    typing: tuple[int, int] | None = None) -> None:
        """The council's mean per criterion, the totals' row (by column), and which
        scores cannot be read. The cell being typed into keeps its look (a change to it
        would reset its editor)."""
        council_column = self.columns.index(COUNCIL)
        for row, text in enumerate(council):
            self._cells[row][council_column].text = text
            for column, key in enumerate(self.columns):
                cell = self._cells[row][column]
                if cell.key is None or key in (REMARKS, EVIDENCE) or typing == (row, column):
                    continue
                problem = problems.get((row, column))
                cell.background = ERROR_BRUSH if problem else (
                    READ_ONLY_BRUSH if not cell.editable else None)
                cell.tooltip = problem or ""
        for column, text in totals.items():
            self._cells[-1][column].text = text
        self._repaint(skip=typing)

    def mark(self, item_id: str, key: str, message: str) -> bool:
        """A cell the last save refused, marked with the reason; False if none."""
        for row, cells in enumerate(self._cells):
            for column, cell in enumerate(cells):
                if cell.key == (item_id, key):
                    cell.background = ERROR_BRUSH
                    cell.tooltip = message
                    index = self.index(row, column)
                    self.dataChanged.emit(index, index)
                    return True
        return False

    def _repaint(self, skip: tuple[int, int] | None) -> None:
        """Every cell shown anew but `skip`: a view puts the model's text back into an
        open editor of a cell it is told changed, which would undo the typing."""
        for row in range(len(self._cells)):
            for column in range(len(self.columns)):
                if (row, column) != skip:
                    index = self.index(row, column)
                    self.dataChanged.emit(index, index)

    # -- Qt -------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._cells)

    def columnCount(self, parent: QModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
        if self._cells[index.row()][index.column()].editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index, role=_DISPLAY):
        if not index.isValid():
            return None
        cell = self._cells[index.row()][index.column()]
        if role in (_DISPLAY, _EDIT):
            return cell.text
        if role == Qt.ItemDataRole.BackgroundRole:
            return cell.background
        if role == Qt.ItemDataRole.ToolTipRole:
            return cell.tooltip or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _CENTER if cell.centered else None
        if role == Qt.ItemDataRole.FontRole and cell.bold:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def setData(self, index, value, role=_EDIT) -> bool:
        if role != _EDIT or not index.isValid():
            return False
        cell = self._cells[index.row()][index.column()]
        if not cell.editable:
            return False
        cell.text = "" if value is None else str(value)
        self.dataChanged.emit(index, index)
        self.edited.emit(index.row(), index.column())
        return True

    def headerData(self, section, orientation, role=_DISPLAY):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._headers):
            return None
        if role == _DISPLAY:
            return self._headers[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._header_tips.get(section)
        return None

"""The filter sidebar: asset counts per facet value (like calibre's tag browser), checkable.

Values within one facet combine with OR, facets with AND (the engine's rule).
Counts are redrawn after every search; checked values stay visible even when
their count drops to zero, so a filter can always be unchecked where it was set.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from enablement_desktop.search.fields import FACET_FIELDS, TYPE_LABELS
from ui import theme

FIELD_LABELS = {"type": "Type", "product": "Product", "persona": "Persona", "stage": "Stage",
                "region": "Region", "tags": "Tags", "owner": "Owner", "kind": "Kind",
                "industry": "Industry"}
COLLAPSED_BY_DEFAULT = {"owner"}
SHOWN_PER_FIELD = 8  # the rest behind "Show N more": a long tag list must not bury Region and Stage

_FIELD_ROLE = Qt.ItemDataRole.UserRole + 1
_VALUE_ROLE = Qt.ItemDataRole.UserRole + 2
_MORE = "\x00more"


class FacetPanel(QWidget):
    filtersChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._checked: dict[str, list[str]] = {}
        self._counts: dict[str, list[tuple[str, int]]] = {}
        self._expanded_fields = {f for f in FACET_FIELDS if f not in COLLAPSED_BY_DEFAULT}
        self._show_all: set[str] = set()
        self._rebuilding = False

        title = QLabel("Filters")
        font = QFont(title.font())
        font.setBold(True)
        title.setFont(font)
        self.clear_button = QPushButton("Clear filters")
        self.clear_button.setFlat(True)
        self.clear_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.clear_button.clicked.connect(self.clear)
        self.clear_button.setVisible(False)

        header = QHBoxLayout()
        header.setContentsMargins(theme.GRID * 2, theme.GRID, theme.GRID, 0)
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.clear_button)

        self.tree = QTreeWidget()
        self.tree.setObjectName("facets")
        self.tree.setColumnCount(2)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setIndentation(theme.GRID * 2)
        self.tree.setUniformRowHeights(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemChanged.connect(self._item_changed)
        self.tree.itemClicked.connect(self._item_clicked)
        self.tree.itemExpanded.connect(lambda item: self._remember_expanded(item, True))
        self.tree.itemCollapsed.connect(lambda item: self._remember_expanded(item, False))

        self.nothing = QLabel("Filters appear with results.")
        self.nothing.setWordWrap(True)
        self.nothing.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.nothing.setContentsMargins(theme.GRID * 2, 0, theme.GRID, 0)
        self.nothing.setVisible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(theme.GRID // 2)
        layout.addLayout(header)
        layout.addWidget(self.nothing)
        layout.addWidget(self.tree, 1)

    # -- state -------------------------------------------------------------

    def filters(self) -> dict[str, tuple[str, ...]]:
        return {name: tuple(values) for name, values in self._checked.items() if values}

    def set_checked(self, field: str, value: str, checked: bool = True) -> None:
        values = self._checked.setdefault(field, [])
        if checked and value not in values:
            values.append(value)
        elif not checked and value in values:
            values.remove(value)
        self._rebuild()
        self.filtersChanged.emit()

    def clear(self) -> None:
        if not self.filters():
            return
        self._checked.clear()
        self._rebuild()
        self.filtersChanged.emit()

    def set_counts(self, facets: dict[str, list[tuple[str, int]]]) -> None:
        self._counts = facets
        self._rebuild()

    # -- drawing -----------------------------------------------------------

    def _rebuild(self) -> None:
        self._rebuilding = True
        scroll = self.tree.verticalScrollBar().value()
        current = self.tree.currentItem()
        current_key = (current.data(0, _FIELD_ROLE), current.data(0, _VALUE_ROLE)) if current else None
        self.tree.clear()
        muted = theme.muted(self.palette())
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for name in FACET_FIELDS:
            counts = dict(self._counts.get(name, []))
            checked = self._checked.get(name, [])
            values = [v for v, _ in self._counts.get(name, [])] + [v for v in checked if v not in counts]
            if not values:
                continue
            top = QTreeWidgetItem([FIELD_LABELS.get(name, name.title()), ""])
            top.setFont(0, bold)
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)
            top.setData(0, _FIELD_ROLE, name)
            self.tree.addTopLevelItem(top)
            limit = len(values) if name in self._show_all else SHOWN_PER_FIELD
            # Checked values first among the hidden ones: never hide a filter that is on.
            shown = values[:limit] + [v for v in values[limit:] if v in checked]
            for value in shown:
                label = TYPE_LABELS.get(value, value) if name == "type" else value
                child = QTreeWidgetItem([label, f"{counts.get(value, 0):,}"])
                child.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
                               | Qt.ItemFlag.ItemIsSelectable)
                child.setCheckState(0, Qt.CheckState.Checked if value in checked else Qt.CheckState.Unchecked)
                child.setForeground(1, muted)
                child.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                child.setData(0, _FIELD_ROLE, name)
                child.setData(0, _VALUE_ROLE, value)
                child.setToolTip(0, f"{label}: {counts.get(value, 0):,} assets")
                top.addChild(child)
                if current_key == (name, value):
                    self.tree.setCurrentItem(child)
            hidden = len(values) - len(shown)
            if hidden > 0 or name in self._show_all and len(values) > SHOWN_PER_FIELD:
                more = QTreeWidgetItem([f"Show {hidden} more" if hidden > 0 else "Show fewer", ""])
                more.setFlags(Qt.ItemFlag.ItemIsEnabled)
                more.setForeground(0, self.palette().link())
                more.setData(0, _FIELD_ROLE, name)
                more.setData(0, _VALUE_ROLE, _MORE)
                top.addChild(more)
            top.setExpanded(name in self._expanded_fields)
        self.tree.verticalScrollBar().setValue(scroll)
        self.nothing.setVisible(self.tree.topLevelItemCount() == 0)
        self.clear_button.setVisible(bool(self.filters()))
        self._rebuilding = False

    def _item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._rebuilding or column != 0 or item.data(0, _VALUE_ROLE) in (None, _MORE):
            return
        field, value = item.data(0, _FIELD_ROLE), item.data(0, _VALUE_ROLE)
        # No rebuild here (the item must outlive this signal): the search this
        # triggers redraws the tree with fresh counts.
        checked = item.checkState(0) == Qt.CheckState.Checked
        values = self._checked.setdefault(field, [])
        if checked and value not in values:
            values.append(value)
        elif not checked and value in values:
            values.remove(value)
        self.clear_button.setVisible(bool(self.filters()))
        self.filtersChanged.emit()

    def _item_clicked(self, item: QTreeWidgetItem, column: int) -> None:
        name = item.data(0, _FIELD_ROLE)
        if item.data(0, _VALUE_ROLE) == _MORE:
            self._show_all ^= {name}
            QTimer.singleShot(0, self._rebuild)  # after the click: the rebuild deletes this item

    def _remember_expanded(self, item: QTreeWidgetItem, expanded: bool) -> None:
        name = item.data(0, _FIELD_ROLE)
        if self._rebuilding or item.parent() is not None or not name:
            return
        if expanded:
            self._expanded_fields.add(name)
        else:
            self._expanded_fields.discard(name)

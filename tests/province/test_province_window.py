"""Issue 25 in the window of a province, driven as its clerk would in October: the
whole stick in one go (point 1), the communes' status board (2), communes by name
(3), recognising many at once in a stable list (4), the commune's self scores in the
province's sheet (5), the decision before it is issued (6), certificates again and
by commune (8), sending down to every commune in one go (9), the default filters of
the scoring list and the council view (10)."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication

from app import clock
from app.domain.recognition import PROPOSED, RECOGNISED, SCORED, DecisionState
from app.domain.sheets import VERDICT, member_column
from app.domain.text import sort_key
from app.services.scoring import CellChange
from tests.gui.helpers import answer_input_dialog, answer_message_box, when_modal
from ui.main_window import MainWindow
from ui.screens import sync_screen
from ui.screens.decisions_screen import ChooseModelsDialog, IssueDialog
from ui.screens.passphrase_dialog import PassphraseDialog
from ui.screens.print_preview import PrintPreviewDialog
from ui.screens.send_down_dialog import SendDownDialog

pytestmark = pytest.mark.gui

LEFT = Qt.MouseButton.LeftButton


def _window(ctx, qtbot) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    return window


def _close(window, ctx) -> None:
    try:
        window.jobs.wait(5000)
    except RuntimeError:  # the window was closed (and deleted) by the test
        pass
    ctx.close()
    clock.set_fixed(None)


@pytest.fixture
def before_the_stick(october, qtbot):
    """The province's window on 07/12/2026, the October stick not imported yet."""
    clock.set_fixed(dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC))
    ctx = october.open("37")
    window = _window(ctx, qtbot)
    yield ctx, window
    _close(window, ctx)


@pytest.fixture
def province(october, qtbot):
    """The province's window after the October stick went in, on 07/12/2026."""
    clock.set_fixed(dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC))
    ctx = october.open("37")
    ctx.stick.run([october.stick])
    window = _window(ctx, qtbot)
    yield ctx, window
    _close(window, ctx)


def _go_to(window, qtbot, title: str):
    """Click the screen's name in the navigation list."""
    item = window.nav.findItems(title, Qt.MatchFlag.MatchExactly)[0]
    assert not item.isHidden()
    qtbot.mouseClick(window.nav.viewport(), LEFT,
                     pos=window.nav.visualItemRect(item).center())


def _click_row(qtbot, table, row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    column = next(c for c in range(table.model().columnCount())
                  if not table.isColumnHidden(c) and table.columnWidth(c) > 0)
    table.scrollTo(table.model().index(row, column))
    qtbot.mouseClick(table.viewport(), LEFT, modifier,
                     table.visualRect(table.model().index(row, column)).center())


def _type_passphrase(qtbot, passphrase: str = "demo") -> None:
    """Answer the passphrase dialog that opens next: typed, then Enter."""
    def answer(dialog):
        qtbot.keyClicks(dialog.field, passphrase)
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    when_modal(PassphraseDialog, answer)


def _previews() -> list[PrintPreviewDialog]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, PrintPreviewDialog) and w.isVisible()]


def _pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data,
                          capture_output=True, check=True).stdout.decode("utf-8")


def _table_text(table) -> list[list[str]]:
    return [[table.item(r, c).text() if table.item(r, c) else ""
             for c in range(table.columnCount())] for r in range(table.rowCount())]


def _office(table, row: int) -> str:
    """An office as the exchange lists show it (issue 18): its name, its code on hover
    ("Mã đơn vị: 13741"); here "Xã Vụ Bản (13741)"."""
    item = table.item(row, 0)
    if item is None or not item.text():
        return ""
    code = item.toolTip().rpartition(": ")[2]
    return f"{item.text()} ({code})" if code else item.text()


def _proposed(ctx):
    return [r for r in ctx.recognition.models(2026) if r.state.stage == PROPOSED
            and r.state.level == "tinh"]


def _score_as_council(ctx, sheet_id: str) -> None:
    """Submitted (the self scores came from the commune: nothing to retype), then three
    members score every criterion at 95% of its maximum; prerequisites pass."""
    ctx.scoring.submit(sheet_id)
    sheet = ctx.scoring.sheet(sheet_id)
    members = [m.id for m in sheet.members] or [  # the council of the office's last sheet
        ctx.scoring.add_member(sheet_id, f"Ủy viên {number}") for number in (1, 2, 3)]
    for member in members:
        ctx.scoring.save(sheet_id, [
            CellChange(c.id, member_column(member),
                       str(round(c.max_tenths * 0.95) / 10).replace(".", ","))
            for c in sheet.rubric.criteria])
    ctx.scoring.save(sheet_id, [CellChange(p.id, VERDICT, "đạt")
                                for p in sheet.rubric.prerequisites])
    ctx.scoring.approve(sheet_id)


def test_the_whole_stick_in_the_window(before_the_stick, october, qtbot, monkeypatch):
    """Point 1 (and 3's Received list): the stick chosen as a folder, previewed
    commune by commune and model by model, imported in one go with one report."""
    ctx, window = before_the_stick
    first, second = october.communes
    _go_to(window, qtbot, "Trao đổi dữ liệu")
    screen = window.sync
    screen.tabs.setCurrentIndex(1)
    monkeypatch.setattr(sync_screen, "choose_folder_to_open", lambda parent: str(october.stick))
    registrations = ctx.db.execute("SELECT count(*) FROM registrations").fetchone()[0]
    qtbot.mouseClick(screen.folder_button, LEFT)
    qtbot.waitUntil(lambda: screen.preview.rowCount() > 0, timeout=60_000)
    rows = _table_text(screen.preview)
    offices = [_office(screen.preview, r) for r in range(len(rows)) if rows[r][0]]
    # by commune, with its name (its code on hover), and what it brings in words
    assert f"{first['name']} ({first['code']})" in offices
    assert f"{second['name']} ({second['code']})" in offices
    brings = " ".join(r[4] for r in rows)
    assert f"{len(october.proposed_by[first['code']])} mô hình đề nghị" in brings
    assert "1 đăng ký mới" in brings
    # ...and the models proposed, by name
    for name in october.proposed:
        assert any(r[4].startswith(f"• {name} (") for r in rows), name
    assert "Dòng phiếu chấm điểm" not in brings and "Phiếu chấm điểm:" not in brings
    # the refused are there with their reason, before anything is written
    refused = [r for r in rows if r[3].startswith("Bị từ chối")]
    assert len(refused) == 3
    assert "khóa không rõ" in " ".join(r[3] for r in refused)
    assert "3 bị từ chối" in screen.preview_label.text()
    assert ctx.db.execute("SELECT count(*) FROM registrations").fetchone()[0] == registrations
    qtbot.mouseClick(screen.import_button, LEFT)
    qtbot.waitUntil(lambda: screen.report.isVisible(), timeout=60_000)
    report = screen.report.toPlainText()
    line = next(x for x in report.splitlines() if x.strip().startswith(first["name"]))
    assert f"{len(october.proposed_by[first['code']])} mô hình đề nghị" in line
    assert "Bị từ chối (3)" in report and "Bản sao của tệp khác (1)" in report
    assert "chưa gửi gói nào trong năm 2026 (127)" in report
    assert ctx.db.execute("SELECT count(*) FROM registrations").fetchone()[0] == \
        registrations + 2
    # the Received list names the communes and says what came
    received = _table_text(screen.inbox)
    mine = [r for i, r in enumerate(received)
            if _office(screen.inbox, i) == f"{first['name']} ({first['code']})"]
    assert mine and any("mô hình đề nghị" in r[5] for r in mine)
    # the same stick dropped on the page again: nothing left to import
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(october.stick))])
    page = screen.tabs.currentWidget()
    page.dropEvent(QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, LEFT,
                              Qt.KeyboardModifier.NoModifier))
    qtbot.waitUntil(lambda: "0 gói sẽ nhập" in screen.preview_label.text(), timeout=60_000)
    assert not screen.import_button.isEnabled()


def test_the_communes_board_in_the_window(province, october, qtbot):
    """Point 2: every commune by name, those that sent nothing this year, printable."""
    ctx, window = province
    first, second = october.communes
    _go_to(window, qtbot, "Các xã, phường")
    screen = window.communes
    assert window.stack.currentWidget() is screen
    assert screen.model.rowCount() == 129
    names = [screen.model.index(r, 0).data() for r in range(129)]
    assert names == sorted(names, key=sort_key)
    row = names.index(first["name"])
    # its proposals of October, waiting for the province past the deadline
    assert screen.model.index(row, 5).data() == str(len(october.proposed_by[first["code"]]))
    assert screen.model.index(row, 6).data() == screen.model.index(row, 5).data()
    assert "127" in screen.summary.text()
    qtbot.mouseClick(screen.missing_only, LEFT)
    assert screen.missing_only.isChecked() and screen.model.rowCount() == 127
    shown = {screen.model.index(r, 0).data() for r in range(127)}
    assert first["name"] not in shown and second["name"] not in shown
    qtbot.mouseClick(screen.print_button, LEFT)
    preview = _previews()[-1]
    text = _pdf_text(preview.pdf)
    assert "BẢNG THEO DÕI TÌNH HÌNH CÁC XÃ, PHƯỜNG" in text and first["name"] in text
    preview.close()


def test_send_down_to_every_commune_in_one_go(province, october, qtbot, monkeypatch,
                                              tmp_path):
    """Point 9: one bundle per commune into a folder named after it; the Sent list
    names them, every one of them (no cap), and says whether each was imported."""
    ctx, window = province
    first, second = october.communes
    _go_to(window, qtbot, "Trao đổi dữ liệu")
    screen = window.sync
    screen.tabs.setCurrentIndex(0)
    out = tmp_path / "USB"
    out.mkdir()
    monkeypatch.setattr(sync_screen, "choose_folder_to_save", lambda parent: str(out))
    ticked: list = []

    def send(dialog: SendDownDialog) -> None:
        ticked.append(len(dialog.chosen()))
        qtbot.mouseClick(dialog.ok_button, LEFT)

    when_modal(SendDownDialog, send)
    _type_passphrase(qtbot)
    qtbot.mouseClick(screen.send_all_button, LEFT)
    qtbot.waitUntil(lambda: "129/129" in screen.export_status.text(), timeout=300_000)
    assert ticked == [129]
    folders = sorted(p.name for p in out.iterdir())
    assert len(folders) == 129
    assert f"{first['name']} - {first['code']}" in folders
    for folder in out.iterdir():
        assert len(list(folder.glob("*.dvk"))) == 1, folder
    sent = _table_text(screen.outbox)
    for index, row in enumerate(sent):
        row[0] = _office(screen.outbox, index)
    assert len(sent) > 129  # no 50-row cap
    newest = {r[0]: r for r in sent[:129]}
    assert f"{second['name']} ({second['code']})" in newest
    assert {r[5] for r in sent[:129]} == {"chưa"}
    # the demo's decisions went down to the second commune, and its October bundle
    # acknowledged them: imported
    earlier = [r for r in sent[129:] if r[0] == f"{second['name']} ({second['code']})"]
    assert earlier and earlier[-1][5] == "có"


def test_the_communes_self_scores_start_the_province_sheet(province, qtbot):
    ctx, window = province
    for row in _proposed(ctx):
        below = ctx.db.execute(
            "SELECT id FROM score_sheets WHERE registration_id = ? AND level = 'coso'"
            " AND state IN ('da_duyet', 'khoa')", [row.id]).fetchone()[0]
        sheet = ctx.scoring.sheet(ctx.scoring.create(row.id, "tinh"))
        theirs = ctx.scoring.sheet(below)
        # the self column starts filled from the commune's approved sheet, by criterion
        by_code = {c.code: theirs.line(c.id).self_tenths for c in theirs.rubric.criteria}
        assert [sheet.line(c.id).self_tenths for c in sheet.rubric.criteria] == \
            [by_code[c.code] for c in sheet.rubric.criteria]
        assert None not in [sheet.line(c.id).self_tenths for c in sheet.rubric.criteria]
        assert sheet.self_from == below
        assert not sheet.missing_self()  # the council can submit without retyping
        # and the sheet says where its self column came from
        dialog = window.scoring.open_sheet(sheet.id)
        qtbot.addWidget(dialog)
        banner = dialog.screen.banner.text()
        assert f"Điểm tự chấm lấy từ phiếu đã duyệt của {row.commune}" in banner
        dialog.close()


def test_the_council_view_and_the_scoring_list_of_a_province(province, qtbot):
    ctx, window = province
    sheets = [ctx.scoring.create(r.id, "tinh") for r in _proposed(ctx)]
    window.open_screen("scoring")
    scoring = window.scoring
    # it opens on the province's own sheets, not the communes' thousands
    assert scoring.whose.currentData() == "37"
    own = scoring.model.rowCount()
    assert {s.origin for s in scoring.model.rows} == {"37"}
    assert set(sheets) <= {s.sheet_id for s in scoring.model.rows}
    scoring.whose.setCurrentIndex(0)  # every office's sheets
    assert scoring.model.rowCount() > own * 3
    assert {s.origin for s in scoring.model.rows} > {"37"}
    window.open_screen("council")
    council = window.council
    council.year.setCurrentIndex(council.year.findData(2026))
    council.level.setCurrentIndex(council.level.findData("tinh"))
    from ui.screens.council_screen import COLUMNS

    rating, commune = COLUMNS.index("rating"), COLUMNS.index("commune")
    rows = [[council.model.index(r, c).data() for c in (rating, commune)]
            for r in range(council.model.rowCount())]
    proposed = {r.id: r for r in _proposed(ctx)}
    mine = [row for row, standing in zip(rows, council.model.rows, strict=True)
            if standing.registration_id in proposed]
    # self scores alone rate nothing in the council's view
    assert mine and all(rating_text == "Hội đồng chưa chấm" for rating_text, _c in mine)
    assert {c for _r, c in mine} == {r.commune for r in proposed.values()}
    assert not council.table.isColumnHidden(commune)
    assert "Chưa chấm: " + str(len(mine)) in council.summary.text().replace(
        "Chưa được chấm", "Chưa chấm")


def test_recognise_many_at_once_in_a_stable_list(province, qtbot):
    ctx, window = province
    for row in _proposed(ctx):
        _score_as_council(ctx, ctx.scoring.create(row.id, "tinh"))
    waiting = [r.id for r in ctx.recognition.models(2026) if r.state.stage == SCORED
               and r.state.level == "tinh"]
    assert len(waiting) >= 2
    window.open_screen("recognition")
    screen = window.recognition
    screen.reload()
    order = [screen.model.key(r) for r in range(screen.model.rowCount())]
    communes = {screen.model.key(r): screen.model.index(r, 6).data()
                for r in range(screen.model.rowCount())}
    assert not screen.table.isColumnHidden(6)
    assert all(communes[i] for i in waiting)  # every model names its commune
    # chosen with Ctrl+click, or all those waiting with one button
    rows = [order.index(i) for i in waiting[:2]]
    _click_row(qtbot, screen.table, rows[0])
    _click_row(qtbot, screen.table, rows[1], Qt.KeyboardModifier.ControlModifier)
    assert sorted(screen.selected_ids()) == sorted(waiting[:2])
    qtbot.mouseClick(screen.waiting_button, Qt.MouseButton.LeftButton)
    assert sorted(screen.selected_ids()) == sorted(waiting)
    seen: list = []
    answer_message_box("Công nhận")
    answer_message_box("Đóng", seen, delay=300)
    qtbot.mouseClick(screen.recognise_button, Qt.MouseButton.LeftButton)
    assert seen and seen[0].startswith(f"Đã công nhận {len(waiting)} mô hình")
    for model in waiting:
        state = ctx.recognition.model(model).state
        assert (state.stage, state.level) == (RECOGNISED, "tinh")
    # the list did not re-sort or jump: same order, the same models still chosen
    assert [screen.model.key(r) for r in range(screen.model.rowCount())] == order
    assert sorted(screen.selected_ids()) == sorted(waiting)


def test_the_decision_before_it_is_issued(province, qtbot):
    """Points 6 and 8: the draft previewed (DỰ THẢO), models taken off and added, issued
    with the date chosen; certificates of one model again, and of one commune."""
    from PySide6.QtWidgets import QDateTimeEdit

    ctx, window = province
    for row in _proposed(ctx):
        _score_as_council(ctx, ctx.scoring.create(row.id, "tinh"))
    ctx.recognition.recognise_many([r.id for r in ctx.recognition.models(2026)
                                    if r.state.stage == SCORED and r.state.level == "tinh"])
    _go_to(window, qtbot, "Quyết định")
    screen = window.decisions
    screen.reload()
    drafts = {d.id for d in ctx.decisions.listing(year=2026)}
    qtbot.mouseClick(screen.new_button, LEFT)
    decision_id = screen.selected().id
    assert decision_id not in drafts and screen.selected().state == DecisionState.DRAFT
    models = screen.items.rowCount()
    assert models >= 2
    # a draft is previewed and printed, marked "DỰ THẢO"
    assert screen.print_button.isEnabled() and screen.print_button.text() == "Xem dự thảo..."
    qtbot.mouseClick(screen.print_button, LEFT)
    preview = _previews()[-1]
    text = _pdf_text(preview.pdf)
    assert "DỰ THẢO" in text and "QUYẾT ĐỊNH" in text
    preview.close()
    # models taken off and added back
    _click_row(qtbot, screen.items_table, 0)
    taken = screen.items.key(0)
    qtbot.mouseClick(screen.remove_button, LEFT)
    assert screen.items.rowCount() == models - 1
    assert taken not in ctx.decisions.as_json(decision_id)["models"]
    offered: list = []

    def add_all(dialog: ChooseModelsDialog) -> None:
        offered.append(dialog.list.count())
        qtbot.mouseClick(dialog.ok_button, LEFT)

    when_modal(ChooseModelsDialog, add_all)
    qtbot.mouseClick(screen.add_button, LEFT)
    assert offered == [1] and screen.items.rowCount() == models
    assert taken in [screen.items.key(r) for r in range(models)]
    # the list is in commune order, then names: the annex goes commune by commune
    communes = [screen.items.index(r, 6).data() for r in range(models)]
    assert all(communes) and not screen.items_table.isColumnHidden(6)
    assert communes == sorted(communes, key=sort_key)
    # issued with the date chosen, after saying what issuing does
    seen: list = []

    def choose_the_date(dialog: IssueDialog) -> None:
        seen.append(dialog.findChild(type(dialog.ok_button)).text())
        dialog.date.setFocus()
        dialog.date.setSelectedSection(QDateTimeEdit.Section.DaySection)
        qtbot.keyClicks(dialog.date, "05")
        qtbot.mouseClick(dialog.ok_button, LEFT)

    # Issuing signs the certificates' codes (frozen papers, issue 17): the key's
    # passphrase is asked there, once; then the dialog with the date
    _type_passphrase(qtbot)
    when_modal(IssueDialog, choose_the_date)
    said: list = []
    answer_message_box("Đóng", said, delay=300)
    qtbot.mouseClick(screen.issue_button, LEFT)
    assert seen and said and said[0].startswith("Đã ban hành, số ")
    issued = ctx.decisions.get(decision_id)
    assert issued.decided_on == "2026-12-05" and issued.number in said[0]
    assert screen.print_button.text() == "In quyết định..."
    # certificates: the one of the model chosen again, as issued (nothing asked)
    assert screen.reprint_button.isEnabled()
    _click_row(qtbot, screen.items_table, 1)
    qtbot.mouseClick(screen.reprint_button, LEFT)
    qtbot.waitUntil(lambda: bool(_previews()), timeout=30_000)
    one = _previews()[-1]
    assert len(one.pages) == 1
    entry = next(e for e in ctx.decisions.as_json(decision_id)["entries"]
                 if e["id"] == screen.items.key(1))
    assert entry["name"].split()[0] in _pdf_text(one.pdf)
    one.close()
    # ...and every certificate of one commune, chosen by its name
    code = ctx.decisions.as_json(decision_id)["entries"][0]["commune_code"]
    name = ctx.decisions.as_json(decision_id)["entries"][0]["commune"]
    answer_input_dialog(f"{name} ({code})")
    qtbot.mouseClick(screen.commune_button, LEFT)
    qtbot.waitUntil(lambda: bool(_previews()), timeout=30_000)
    theirs = _previews()[-1]
    expected = sum(1 for e in ctx.decisions.as_json(decision_id)["entries"]
                   if e["commune_code"] == code)
    assert len(theirs.pages) == expected
    theirs.close()
    # the annex: a heading per commune, the communes in Vietnamese order
    annex = _pdf_text(ctx.printing.render(
        ctx.recognition_papers.decision_document(decision_id)))
    names = sorted(set(communes), key=sort_key)
    positions = [annex.index(name) for name in names]
    assert positions == sorted(positions)
    # the certificates in the same order: 40 envelopes without re-sorting
    docs = ctx.recognition_papers.certificate_documents(decision_id)
    on_screen = [screen.items.index(r, 0).data() for r in range(models)]
    assert len(docs) == models
    assert all(name in doc.model_name for doc, name in zip(docs, on_screen, strict=True))
    keys = [(sort_key(c), sort_key(n)) for c, n in zip(communes, on_screen, strict=True)]
    assert keys == sorted(keys)

"""Render every main screen to PNG (`dvk screenshots --out DIR`), to look at them."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from app.context import AppContext
from app.domain.scoring import APPROVED as SHEET_APPROVED
from app.domain.scoring import DRAFT as SHEET_DRAFT
from app.i18n import _
from ui.main_window import MainWindow
from ui.screens.registration_dialog import RegistrationDialog
from ui.screens.setup_dialog import SetupDialog


def _settle() -> None:
    """Let what was posted happen before a picture is taken: a job's result sets a
    label, the label asks its screen for room, the screen asks the stack, the stack its
    scroll area; each step is one more round of events."""
    for _round in range(6):
        QApplication.processEvents()


def _shot(widget: QWidget, path: Path) -> Path:
    widget.show()
    _settle()
    widget.grab().save(str(path))
    return path


def render_scoring(window: MainWindow, out: Path) -> list[Path]:
    """The scoring list, a sheet being typed, the council view and the rubrics."""
    files = []
    window.nav.setCurrentRow(window.stack.indexOf(window.scoring))
    files.append(_shot(window, out / "08-scoring.png"))
    screen = window.scoring
    approved = next((row for row in range(screen.model.rowCount())
                     if screen.model.standing(row).state == SHEET_APPROVED), 0)
    screen.table.selectRow(approved)
    dialog = screen.open_selected()
    if dialog is not None:
        files.append(_shot(dialog, out / "09-score-sheet.png"))
        dialog.close()
    draft = next((row for row in range(screen.model.rowCount())
                  if screen.model.standing(row).state == SHEET_DRAFT), None)
    if draft is not None:
        screen.table.selectRow(draft)
        dialog = screen.open_selected()
        if dialog is not None:
            table = dialog.screen.table
            table.setCurrentCell(0, 2)
            table.model().setData(table.model().index(0, 2), "16")  # as if typed
            files.append(_shot(dialog, out / "10-score-sheet-error.png"))
            dialog.screen.dirty = False
            dialog.close()
    window.nav.setCurrentRow(window.stack.indexOf(window.council))
    files.append(_shot(window, out / "11-council.png"))
    window.nav.setCurrentRow(window.stack.indexOf(window.rubrics))
    files.append(_shot(window, out / "12-rubrics.png"))
    return files


def render_recognition(window: MainWindow, out: Path) -> list[Path]:
    """Recognition, a model's history with its replications, proposals, decisions,
    the review of the period, a decision's print preview and its certificates onto
    pre-printed blanks (30-39)."""
    files = []
    window.nav.setCurrentRow(window.stack.indexOf(window.recognition))
    files.append(_shot(window, out / "31-recognition.png"))
    screen = window.recognition
    replicated = next((row for row in range(screen.model.rowCount())
                       if any(r.id == screen.model.key(row) and r.replicates_id
                              for r in screen.rows)), 0)
    screen.table.selectRow(replicated)
    history = screen.show_history()
    if history is not None:
        files.append(_shot(history, out / "32-history-chain.png"))
        history.close()
    window.nav.setCurrentRow(window.stack.indexOf(window.proposals))
    files.append(_shot(window, out / "33-proposals.png"))
    window.nav.setCurrentRow(window.stack.indexOf(window.decisions))
    files.append(_shot(window, out / "34-decisions.png"))
    window.nav.setCurrentRow(window.stack.indexOf(window.review))
    files.append(_shot(window, out / "35-review.png"))
    window.nav.setCurrentRow(window.stack.indexOf(window.decisions))
    preview = window.decisions.print_selected()
    if preview is not None:
        files.append(_shot(preview, out / "36-decision-preview.png"))
        preview.close()
    blanks = window.decisions.print_on_blanks()
    if blanks is not None:
        files.append(_shot(blanks, out / "37-print-on-blanks.png"))
        blanks.close()
    return files


def render_reliability(window: MainWindow, ctx: AppContext, out: Path) -> list[Path]:
    """The audit log, restoring a backup, signing in, a damaged file at start."""
    from app.errors import StorageError
    from ui.screens.login_dialog import LoginDialog
    from ui.screens.restore_dialog import RestoreDialog

    files = []
    window.nav.setCurrentRow(window.stack.indexOf(window.audit))
    files.append(_shot(window, out / "50-audit-log.png"))
    dialog = RestoreDialog(window, ctx=ctx, db_path=ctx.path)
    files.append(_shot(dialog, out / "51-restore-preview.png"))
    dialog.close()
    login = LoginDialog(ctx, window)
    login.name.setText("nhaplieu")
    login.show_refusal(_("Wrong user name or password, or the account is disabled. "
                         "Try again."))
    files.append(_shot(login, out / "52-sign-in.png"))
    login.close()
    damaged = RestoreDialog(None, ctx=None, db_path=Path(str(ctx.path)), intro=StorageError(
        _("The data file is damaged. Restore it from a backup (Tools > Restore); do not keep "
          "working in this file."), "damaged").message)
    files.append(_shot(damaged, out / "53-damaged-start.png"))
    damaged.close()
    accounts = window.open_accounts()
    files.append(_shot(accounts, out / "54-accounts.png"))
    accounts.close()
    return files


def render_certificate_checks(window: MainWindow, db: Path, out: Path) -> list[Path]:
    """The certificate check: empty, then the demo's certificates in every verdict."""
    screen = window.verify_certificate
    window.nav.setCurrentRow(window.stack.indexOf(screen))
    files = [_shot(window, out / "60-verify-certificate.png")]
    folder = Path(db).parent / "certificates"
    shots = [("giay-cong-nhan-that.png", "61-verify-genuine.png"),
             ("giay-cong-nhan-bi-sua.png", "62-verify-not-genuine.png"),
             ("giay-cong-nhan-don-vi-la.png", "63-verify-cannot-confirm.png"),
             (next((p.name for p in folder.glob("*-giay-cong-nhan.pdf")), ""),
              "64-verify-pdf-several.png")]
    for source, name in shots:
        if source and (folder / source).exists():
            screen.check_file(str(folder / source))
            window.jobs.wait(20000)
            _settle()
            files.append(_shot(window, out / name))
    return files


def render_pdf_signatures(window: MainWindow, db: Path, out: Path) -> list[Path]:
    """The check of signed PDFs (the demo's signed decision, valid and changed after
    signing) and the dialog that signs one."""
    from ui.screens.sign_pdf_dialog import SignPdfDialog

    screen = window.verify_pdf
    window.nav.setCurrentRow(window.stack.indexOf(screen))
    files = [_shot(window, out / "65-verify-pdf.png")]
    folder = Path(db).parent / "chu-ky-so"
    for pattern, name in (("*-quyet-dinh-da-ky.pdf", "66-verify-pdf-signed.png"),
                          ("*-quyet-dinh-bi-sua.pdf", "67-verify-pdf-changed.png")):
        found = sorted(folder.glob(pattern))
        if found:
            screen.check_file(str(found[0]))
            _settle()
            files.append(_shot(window, out / name))
    dialog = SignPdfDialog(window.ctx, window)
    dialog.source.setText(str(folder / "quyet-dinh.pdf"))
    dialog.target.setText(str(folder / "quyet-dinh (đã ký).pdf"))
    files.append(_shot(dialog, out / "68-sign-pdf.png"))
    dialog.close()
    return files


def render_stats(window: MainWindow, db: Path, out: Path) -> list[Path]:
    """Statistics (the office's, and the province's when the demo network is there), a
    figure clicked through to its list, and the import of an old register."""
    files = []
    screen = window.stats
    window.nav.setCurrentRow(window.stack.indexOf(screen))
    screen.by.setCurrentIndex(screen.by.findData("field"))
    files.append(_shot(window, out / "40-statistics.png"))
    row = next((i for i, r in enumerate(screen.current.rows) if r.counts["replications"]), 0)
    column = [name for name, _l in screen.current.measures].index("replications") + 1
    screen.open_cell(row, column)
    window.jobs.wait(5000)
    files.append(_shot(window, out / "41-statistics-list.png"))
    window.registrations.clear_extra_filters()
    window.registrations.show_query(type(window.registrations.model.query)())
    folder = Path(db).parent / "excel"
    own = folder / f"so-dang-ky-cu-{window.ctx.office_code}.xlsx"
    register = own if own.exists() else next(iter(sorted(folder.glob("so-dang-ky-cu-*.xlsx"))),
                                               None)
    if register is not None:
        dialog = window.registrations.import_excel(str(register))
        window.jobs.wait(10000)
        _settle()
        files.append(_shot(dialog, out / "42-import-columns.png"))
        dialog.preview()
        window.jobs.wait(10000)
        _settle()
        files.append(_shot(dialog, out / "43-import-preview.png"))
        dialog.close()
    province = next(iter(sorted(Path(db).parent.glob("tinh-*.sqlite"))), None)
    if province is not None:
        ctx = AppContext.open(province)
        other = MainWindow(ctx)
        other.nav.setCurrentRow(other.stack.indexOf(other.stats))
        files.append(_shot(other, out / "44-statistics-province.png"))
        other.stats.by.setCurrentIndex(other.stats.by.findData("subunit"))
        files.append(_shot(other, out / "45-statistics-subunits.png"))
        other.jobs.wait(3000)
        other.close()
        ctx.close()
        files.extend(render_province(province, Path(db).parent, out))
    return files


def render_province(province: Path, network: Path, out: Path) -> list[Path]:
    """Issue 25 (70-75): the province's communes' status board (all, then those that
    sent nothing), its recognition and decisions with the communes' names, the Sent list
    and the demo's bundles folder previewed as a stick (nothing is imported)."""
    files = []
    ctx = AppContext.open(province)
    window = MainWindow(ctx)
    window.resize(1366, 800)
    window.open_screen("communes")
    files.append(_shot(window, out / "86-communes.png"))
    window.communes.missing_only.setChecked(True)
    files.append(_shot(window, out / "87-communes-missing.png"))
    window.open_screen("recognition")
    files.append(_shot(window, out / "88-recognition-province.png"))
    window.open_screen("decisions")
    files.append(_shot(window, out / "89-decisions-province.png"))
    window.open_screen("sync")
    window.sync.tabs.setCurrentIndex(0)
    files.append(_shot(window, out / "90-sent.png"))
    window.sync.tabs.setCurrentIndex(1)
    window.sync.preview_paths([str(network / "bundles")])
    window.jobs.wait(30000)
    _settle()
    files.append(_shot(window, out / "91-receive-stick.png"))
    window.jobs.wait(3000)
    window.close()
    ctx.close()
    return files


def render_trust(out: Path) -> list[Path]:
    """Issue 7 (22-29): a three-tier demo network after its trust story: a district's
    keys, revoking and replacing a key, an encrypted export, the province previewing a
    district bundle that forwards its communes' bundles, the merge dialog and mergers."""
    from app.demo.network import DemoOptions, generate_network, load_network
    from app.demo.sync import DEMO_PASSPHRASE
    from ui.screens.fingerprint_dialog import FingerprintDialog
    from ui.screens.revoke_dialog import RevokeDialog

    files: list[Path] = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        network = generate_network(folder, DemoOptions(profile="ba_cap", communes=3, models=6,
                                                       seed=4))
        network = load_network(folder)
        offices = {o["code"]: o for o in network["offices"]}
        story = network["trust"]
        first = story["rotated"]["unit"]
        commune = story["merged"]["into"]
        with AppContext.open(folder / offices[commune]["db"]) as ctx:  # something new
            ctx.registrations.withdraw(story["decision"]["registration"],
                                       "Đã sáp nhập vào mô hình chung của xã mới")
            sent = ctx.sync.export(first, folder / "len-huyen.dvk", passphrase=DEMO_PASSPHRASE)
        with AppContext.open(folder / offices[first]["db"]) as ctx:
            ctx.sync.import_bundle(sent.path)
            up = ctx.sync.export("37", folder / "len-tinh.dvk", passphrase=DEMO_PASSPHRASE)

        def window_on(code: str) -> tuple[AppContext, MainWindow]:
            ctx = AppContext.open(folder / offices[code]["db"])
            window = MainWindow(ctx)
            return ctx, window

        def close(ctx: AppContext, window: MainWindow) -> None:
            window.jobs.wait(5000)
            window.close()
            ctx.close()

        ctx, window = window_on(first)
        window.nav.setCurrentRow(window.stack.indexOf(window.sync))
        window.sync.tabs.setCurrentIndex(2)
        files.append(_shot(window, out / "22-keys-district.png"))
        key = next(k for k in window.sync.keys_tab.key_rows if k.below and k.valid)
        dialog = RevokeDialog(key.unit_name, key.unit_code, key.key_id, window)
        dialog.reason.setText("Máy tính của văn phòng bị mất cắp")
        files.append(_shot(dialog, out / "23-keys-revoke.png"))
        dialog.close()
        replace = FingerprintDialog(ctx, folder / "the-khoa.dvkkey", key.unit_name,
                                    key.unit_code, window, title=_("Replace a lost key"),
                                    enrol=lambda _fingerprint: None)
        files.append(_shot(replace, out / "24-keys-replace.png"))
        replace.close()
        window.nav.setCurrentRow(window.stack.indexOf(window.units))
        files.append(_shot(window, out / "28-units-mergers.png"))
        close(ctx, window)

        ctx, window = window_on(commune)
        window.nav.setCurrentRow(window.stack.indexOf(window.sync))
        window.sync.encrypt.setChecked(True)
        window.sync.export_status.setText(_("Encrypted: only {to} can open it.").format(
            to=first))
        files.append(_shot(window, out / "25-send-encrypted.png"))
        window.sync.tabs.setCurrentIndex(2)
        files.append(_shot(window, out / "29-keys-commune.png"))
        close(ctx, window)

        ctx, window = window_on("37")
        window.nav.setCurrentRow(window.stack.indexOf(window.sync))
        window.sync.tabs.setCurrentIndex(1)
        window.sync.preview_bundle(str(up.path))
        window.jobs.wait(10000)
        _settle()
        files.append(_shot(window, out / "26-preview-forwarded.png"))
        window.nav.setCurrentRow(window.stack.indexOf(window.units))
        merge = window.units.merge_units()
        others = [c for c, o in offices.items() if o["level"] == "xa" and c != commune
                  and c != story["merged"]["unit"]]
        if others:
            merge.old.setCurrentIndex(merge.old.findData(others[0]))
        merge.on.line.setText("01/07/2027")
        merge.note.setText("Nghị quyết số 1656/NQ-UBTVQH15")
        files.append(_shot(merge, out / "27-units-merge.png"))
        merge.close()
        close(ctx, window)
    return files


def render_first_exchange(out: Path) -> list[Path]:
    """Issue 18 (70-74): a fresh commune's guide "Kết nối với cấp trên": the passphrase
    with its strength, the key card step, what to send and say, and the province typing
    the check code group by group."""
    from ui.jobs import JobRunner
    from ui.screens.connect_dialog import CALL, CARD, ConnectDialog
    from ui.screens.fingerprint_dialog import FingerprintDialog
    from ui.screens.sync_screen import SyncScreen

    files: list[Path] = []
    with tempfile.TemporaryDirectory() as scratch:
        with AppContext.open(Path(scratch) / "xa.sqlite") as ctx:
            ctx.setup.configure(profile="hai_cap", unit_code="14725")
            screen = SyncScreen(ctx, JobRunner())
            screen.resize(1100, 620)
            files.append(_shot(screen, out / "70-first-exchange.png"))
            guide = ConnectDialog(ctx, screen)
            guide.passphrase.setText("ruộng lúa bên sông")
            guide.again.setText("ruộng lúa bên sông")
            files.append(_shot(guide, out / "71-connect-key.png"))
            ctx.keys.create("ruộng lúa bên sông", demo=True)
            guide.show_step(CARD)
            guide.card_status.setText(_("Key card saved: {path}. Send this file to "
                                        "{parent}.").format(
                path="E:\\" + ctx.connection.card_file_name(), parent="Tỉnh Ninh Bình"))
            files.append(_shot(guide, out / "72-connect-card.png"))
            guide.show_step(CALL)
            files.append(_shot(guide, out / "73-connect-call.png"))
            code = ctx.keys.own().fingerprint
            enrol = FingerprintDialog(ctx, Path(scratch) / "the-khoa.dvkkey",
                                      ctx.units.office().name, ctx.office_code, screen,
                                      enrol=lambda _code: None, expected=code)
            enrol.set_text(" ".join(code.split()[:3]) + " 12345")
            files.append(_shot(enrol, out / "74-enrol-in-groups.png"))
            enrol.close()
            guide.close()
            screen.close()
    return files


def render_privacy(window: MainWindow, out: Path) -> list[Path]:
    """Personal data: a person found (the first individual of the office), and the
    purge's preview."""
    from ui.screens.privacy_screen import PurgeDialog

    screen = window.privacy
    window.nav.setCurrentRow(window.stack.indexOf(screen))
    individuals = window.ctx.privacy.purge_plan(2100).candidates  # every one not erased
    if individuals:
        screen.search.setText(individuals[0].full_name)
        screen.find()
    files = [_shot(window, out / "75-personal-data.png")]
    dialog = PurgeDialog(window.ctx, window)
    dialog.year.setValue(max(window.ctx.registrations.years() or [2026]))
    files.append(_shot(dialog, out / "76-retention-purge.png"))
    dialog.close()
    return files


def render_empty(fresh: AppContext, out: Path) -> list[Path]:
    """Issue 18, point 10 (80-81): a commune just set up, its empty lists saying what
    to do."""
    fresh.setup.configure(profile="hai_cap", unit_code="13456")
    window = MainWindow(fresh)
    window.open_screen("registrations")
    files = [_shot(window, out / "80-empty-registrations.png")]
    window.open_screen("units")
    files.append(_shot(window, out / "81-empty-units.png"))
    window.close()
    return files


def render_guidance(window: MainWindow, out: Path) -> list[Path]:
    """Issue 18, point 10 (82-85): F1 on the list, the user guide as the program
    prints it, the keyboard shortcuts, the legend and grouped backups shown elsewhere."""
    window.open_screen("registrations")
    files = [_shot(window, out / "82-legend-withdrawn.png")]
    help_dialog = window.help_on_screen()
    files.append(_shot(help_dialog, out / "83-help-f1.png"))
    help_dialog.close()
    guide = window.open_guide()
    if guide is not None:
        files.append(_shot(guide, out / "84-user-guide.png"))
        guide.close()
    shortcuts = window.show_shortcuts()
    files.append(_shot(shortcuts, out / "85-shortcuts.png"))
    shortcuts.close()
    return files


def render_all(db: Path, out: Path) -> list[Path]:
    files: list[Path] = []
    with tempfile.TemporaryDirectory() as scratch:
        fresh = AppContext.open(Path(scratch) / "new.sqlite")
        setup = SetupDialog(fresh)
        province = next(i for i in range(setup.province.count())
                        if "Ninh Bình" in setup.province.itemText(i))
        setup.province.setCurrentIndex(province)
        files.append(_shot(setup, out / "01-setup.png"))
        setup.close()
        files.extend(render_empty(fresh, out))
        fresh.close()

    ctx = AppContext.open(db)
    window = MainWindow(ctx)
    window.open_screen("home")
    files.append(_shot(window, out / "30-home.png"))
    window.nav.setCurrentRow(window.stack.indexOf(window.registrations))
    files.append(_shot(window, out / "02-registrations.png"))
    window.registrations.search.setText("dan van")
    window.registrations.apply_filters()
    files.append(_shot(window, out / "03-registrations-search.png"))
    window.registrations.search.clear()
    window.registrations.apply_filters()

    screen = window.registrations
    screen.table.selectRow(0)
    dialog = screen.open_selected()
    if dialog is not None:
        for index in range(dialog.form.tabs.count()):
            dialog.form.tabs.setCurrentIndex(index)
            files.append(_shot(dialog, out / f"04-form-tab{index + 1}.png"))
        dialog.dirty = False
        dialog.close()

    individual = next((row for row in range(screen.model.rowCount())
                       if screen.model.index(row, 1).data().endswith(")")), None)
    if individual is not None:
        screen.table.selectRow(individual)
        dialog = screen.open_selected()
        if dialog is not None:
            files.append(_shot(dialog, out / "05-form-individual.png"))
            dialog.dirty = False
            dialog.close()

    empty = RegistrationDialog(ctx, window)
    empty.save()
    files.append(_shot(empty, out / "06-form-errors.png"))
    empty.dirty = False
    empty.close()
    for draft in ctx.drafts.listing():
        if draft.id == empty.draft_id:
            ctx.drafts.discard(draft.id)

    window.nav.setCurrentRow(window.stack.indexOf(window.units))
    files.append(_shot(window, out / "07-units.png"))
    window.nav.setCurrentRow(window.stack.indexOf(window.sync))
    for index in range(window.sync.tabs.count()):
        window.sync.tabs.setCurrentIndex(index)
        files.append(_shot(window, out / f"20-exchange-tab{index + 1}.png"))
    waiting = sorted((Path(db).parent / "bundles").glob(f"*-to-{ctx.office_code}-*chua-nhap.dvk"))
    if waiting:
        window.sync.tabs.setCurrentIndex(1)
        window.sync.preview_bundle(str(waiting[0]))
        window.jobs.wait(10000)
        _settle()
        files.append(_shot(window, out / "21-exchange-preview.png"))
    files.extend(render_scoring(window, out))
    files.extend(render_reliability(window, ctx, out))
    files.extend(render_recognition(window, out))
    files.extend(render_certificate_checks(window, db, out))
    files.extend(render_pdf_signatures(window, db, out))
    files.extend(render_stats(window, db, out))
    files.extend(render_first_exchange(out))
    files.extend(render_privacy(window, out))
    files.extend(render_guidance(window, out))
    window.nav.setCurrentRow(window.stack.indexOf(window.registrations))

    window.nav.setCurrentRow(0)
    screen.table.selectRow(0)
    preview = screen.print_selected()
    if preview is not None:
        files.append(_shot(preview, out / "13-print-preview.png"))
        preview.close()
    settings = window.open_print_settings()
    files.append(_shot(settings, out / "14-print-settings.png"))
    settings.close()
    window.jobs.wait(5000)
    window.close()
    ctx.close()
    files.extend(render_trust(out))
    return files

"""The Personal data screen, driven as a clerk would: find a person, see what is held,
correct, erase; record a request for another office's person; the retention purge;
consent in the registration form."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.domain.privacy import ERASED
from tests.gui.conftest import modal_watchdog, qt_translations  # noqa: F401
from tests.gui.helpers import answer_message_box, close_quietly, type_text, when_modal
from tests.privacy.conftest import COMMUNE, PROVINCE, person_on_province_decision
from ui.main_window import MainWindow


def _open(ctx, qtbot) -> MainWindow:
    window = MainWindow(ctx)  # closed (and deleted) by close_quietly at the end
    window.show()
    item = window.nav.findItems("Dữ liệu cá nhân", Qt.MatchFlag.MatchExactly)[0]
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton,
                     pos=window.nav.visualItemRect(item).center())
    return window


def test_a_clerk_finds_corrects_and_erases_a_person(demo, qtbot):
    with demo.open(COMMUNE) as ctx:
        person_id, name, registration_id = person_on_province_decision(ctx)
        window = _open(ctx, qtbot)
        screen = window.privacy
        qtbot.mouseClick(screen.search, Qt.MouseButton.LeftButton)
        type_text(qtbot, screen.search, name.lower())
        qtbot.keyClick(screen.search, Qt.Key.Key_Return)
        assert screen.found.rowCount() == 1
        shown = screen.detail.toPlainText()
        assert name in shown and "các quyết định có tên người này" in shown.lower()
        # Offices by their names, as everywhere in the window; the code only in a tooltip.
        commune_name = ctx.units.get(COMMUNE).name
        province_name = ctx.units.get(PROVINCE).name
        assert screen.found.item(0, 1).text() == commune_name
        assert screen.found.item(0, 1).toolTip().endswith(COMMUNE)
        assert commune_name in shown and province_name in shown
        assert COMMUNE not in shown and PROVINCE not in shown
        assert screen.erase_button.isEnabled() and not screen.request_button.isEnabled()

        def fix_phone(dialog):
            dialog.phone.setText("0912 000 111")
            dialog.accept()

        from ui.screens.privacy_screen import CorrectDialog

        when_modal(CorrectDialog, fix_phone)
        answer_message_box("Đóng")
        qtbot.mouseClick(screen.correct_button, Qt.MouseButton.LeftButton)
        assert ctx.db.execute("SELECT phone FROM persons WHERE id = ?",
                              [person_id]).fetchone()[0] == "0912 000 111"

        answer_message_box("Xóa")
        answer_message_box("Đóng")
        qtbot.mouseClick(screen.erase_button, Qt.MouseButton.LeftButton)
        assert ctx.db.execute("SELECT full_name, phone FROM persons WHERE id = ?",
                              [person_id]).fetchone() == (ERASED, "")
        assert ctx.db.execute("SELECT registrant FROM registrations WHERE id = ?",
                              [registration_id]).fetchone()[0] == ERASED
        assert "0912 000 111" not in screen.detail.toPlainText()
        assert not screen.erase_button.isEnabled()
        close_quietly(window)


def test_at_the_province_the_clerk_records_a_request_for_the_commune(demo, qtbot):
    with demo.open(COMMUNE) as commune:
        person_id, name, _registration_id = person_on_province_decision(commune)
    with demo.open(PROVINCE) as ctx:
        window = _open(ctx, qtbot)
        screen = window.privacy
        type_text(qtbot, screen.search, name)
        qtbot.mouseClick(window.findChild(type(screen.correct_button), "privacyFind"),
                         Qt.MouseButton.LeftButton)
        assert not screen.erase_button.isEnabled() and screen.request_button.isEnabled()
        answer_message_box("Xóa dữ liệu của họ")
        answer_message_box("Đóng")
        qtbot.mouseClick(screen.request_button, Qt.MouseButton.LeftButton)
        assert ctx.db.execute("SELECT person_id, action FROM privacy_requests").fetchall() \
            == [(person_id, "erase")]
        close_quietly(window)


def test_the_purge_dialog_previews_then_backs_up_and_erases(demo, qtbot):
    from ui.screens.privacy_screen import PurgeDialog

    with demo.open(COMMUNE) as ctx:
        last = max(ctx.registrations.years())
        expected = {c.person_id for c in ctx.privacy.purge_plan(last).candidates}
        assert expected
        dialog = PurgeDialog(ctx)
        qtbot.addWidget(dialog)
        dialog.year.setValue(2000)
        assert dialog.list.rowCount() == 0 and not dialog.purge_button.isEnabled()
        dialog.year.setValue(last)
        assert dialog.list.rowCount() == len(expected)
        backups = set(ctx.backups.all_backups())
        answer_message_box("Xóa")
        answer_message_box("Đóng")
        qtbot.mouseClick(dialog.purge_button, Qt.MouseButton.LeftButton)
        assert {r[0] for r in ctx.db.execute(
            "SELECT id FROM persons WHERE erased_on IS NOT NULL")} == expected
        assert len(set(ctx.backups.all_backups()) - backups) == 1


def test_the_form_records_consent_and_never_chooses_it_for_the_clerk(ctx, qtbot,
                                                                     frozen_today):
    from ui.jobs import JobRunner
    from ui.screens.registration_dialog import RegistrationDialog

    dialog = RegistrationDialog(ctx, None, jobs=JobRunner()) if "jobs" in \
        RegistrationDialog.__init__.__code__.co_varnames else RegistrationDialog(ctx, None)
    qtbot.addWidget(dialog)
    form = dialog.form
    form.subject_group.button(1).setChecked(True)  # an individual
    assert form.consent_how.currentData() == "" and form.consent_on.date() is None
    type_text(qtbot, form.person_name, "Lê Thị Hạnh")
    type_text(qtbot, form.name, "Bà Lê Thị Hạnh - vận động nuôi ong")
    form.field.setCurrentIndex(1)
    form.consent_how.setCurrentIndex(form.consent_how.findData("phieu_dang_ky"))
    assert form.consent_on.date() == frozen_today  # the registration date, to check
    reg, errors = form.collect()
    assert not errors
    assert (reg.person.consent_how, reg.person.consent_on) == ("phieu_dang_ky", frozen_today)
    registration_id = ctx.registrations.save(reg)
    person = ctx.registrations.get(registration_id).person
    assert (person.consent_how, person.consent_on) == ("phieu_dang_ky", "2026-03-15")
    dialog.dirty = False
    dialog.close()

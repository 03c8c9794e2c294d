"""Printing a batch asks the passphrase once, in the passphrase dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.certificates.service import READY
from tests.certificates.conftest import COMMUNE, PASSPHRASE, sample_summary
from ui.screens.passphrase_dialog import PassphraseDialog
from ui.signing import ask_certificate_signer

pytestmark = pytest.mark.gui


def _answer(typed: list[str], seen_errors: list[str], cancel: bool = False) -> None:
    """Type each passphrase in turn into the dialog that opens, pressing OK."""

    def step():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PassphraseDialog):
            QTimer.singleShot(30, step)
            return
        if cancel:
            dialog.reject()
            return
        if dialog.error.text():
            seen_errors.append(dialog.error.text())
        dialog.field.setText(typed.pop(0))
        dialog._accept()
        if typed:
            QTimer.singleShot(30, step)

    QTimer.singleShot(30, step)


def test_the_passphrase_is_asked_once_for_a_batch(net, qtbot):
    with net.open(COMMUNE) as ctx:
        errors: list[str] = []
        _answer(["not the passphrase", PASSPHRASE], errors)
        go_on, signer = ask_certificate_signer(None, ctx)
        assert go_on and signer is not None and signer.unit_code == COMMUNE
        assert errors == ["Sai mật khẩu của khóa đơn vị; hãy thử lại."]  # said in the dialog
        assert ctx.certificate_codes.status() == READY
        # the second batch of the session asks nothing
        assert ask_certificate_signer(None, ctx)[1].key_id == signer.key_id
        assert ctx.certificate_codes.payload(sample_summary(), signer).startswith("DVK1:")


def test_cancelling_the_passphrase_stops_the_batch(net, qtbot):
    with net.open(COMMUNE) as ctx:
        _answer([], [], cancel=True)
        assert ask_certificate_signer(None, ctx) == (False, None)


def test_an_office_without_a_key_prints_without_codes(ctx, qtbot):
    assert ask_certificate_signer(None, ctx) == (True, None)

"""A bundle is encrypted to its recipient by default whenever the recipient's key is
known; plain only when asked (`--plain`, or the window's box unticked)."""

from __future__ import annotations

import zipfile

from PySide6.QtCore import Qt

from app.cli.main import main
from app.sync import sealed
from tests.sync.builders import register
from tests.sync.conftest import COMMUNE, OTHER, PROVINCE


def test_the_command_line_encrypts_when_the_key_is_known_unless_plain(net, tmp_path,
                                                                      monkeypatch, capsys):
    monkeypatch.setenv("DVK_PASSPHRASE", "demo")
    with net.open(COMMUNE) as commune:
        register(commune, "Bà Nguyễn Thị Hoà - nuôi ong", person=True)
    db = str(net.path(COMMUNE))
    assert main(["--db", db, "export", "--to", PROVINCE, "--out", str(tmp_path / "a.dvk")]) == 0
    data = (tmp_path / "a.dvk").read_bytes()
    assert sealed.is_sealed(data) and "Hoà".encode() not in data
    assert not zipfile.is_zipfile(tmp_path / "a.dvk")
    assert main(["--db", db, "export", "--to", PROVINCE, "--plain", "--full",
                 "--out", str(tmp_path / "b.dvk")]) == 0
    assert zipfile.is_zipfile(tmp_path / "b.dvk")
    # The province imports the encrypted one with its passphrase.
    assert main(["--db", str(net.path(PROVINCE)), "import", str(tmp_path / "a.dvk")]) == 0
    capsys.readouterr()


def test_without_the_recipients_key_the_default_is_plain_and_encrypt_fails(net, tmp_path,
                                                                          monkeypatch):
    monkeypatch.setenv("DVK_PASSPHRASE", "demo")
    with net.open(PROVINCE) as province:
        # The province forgets OTHER's key: nothing to encrypt to.
        province.db.execute("DELETE FROM trusted_keys WHERE unit_code = ?", [OTHER])
        province.db.conn.commit()
        assert province.sync.can_encrypt_to(COMMUNE) and not province.sync.can_encrypt_to(OTHER)
    db = str(net.path(PROVINCE))
    assert main(["--db", db, "export", "--to", OTHER, "--out", str(tmp_path / "c.dvk")]) == 0
    assert zipfile.is_zipfile(tmp_path / "c.dvk")
    assert main(["--db", db, "export", "--to", OTHER, "--encrypt",
                 "--out", str(tmp_path / "d.dvk")]) == 1


def test_the_window_ticks_encryption_when_the_key_is_known(net, tmp_path, qtbot):
    from ui.jobs import JobRunner
    from ui.screens.sync_screen import SyncScreen

    with net.open(COMMUNE) as commune:
        screen = SyncScreen(commune, JobRunner())
        qtbot.addWidget(screen)
        screen.refresh()
        index = screen.recipient.findData(PROVINCE)
        screen.recipient.setCurrentIndex(index)
        assert screen.encrypt.isEnabled() and screen.encrypt.isChecked()
        qtbot.mouseClick(screen.encrypt, Qt.MouseButton.LeftButton)
        assert not screen.encrypt.isChecked()  # plain only when the clerk asks

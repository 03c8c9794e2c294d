"""The Qt binding the program runs on must not corrupt Python's reference counts."""

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    flag = Signal(bool)


def test_bool_signals_keep_python_reference_counts(qapp):
    emitter = _Emitter()
    received: list[bool] = []
    emitter.flag.connect(received.append)
    before = sys.getrefcount(True)
    for _ in range(200):
        emitter.flag.emit(True)
    # The slot holds 200 references now; a broken binding loses one per emission.
    assert sys.getrefcount(True) >= before + 200 - 5

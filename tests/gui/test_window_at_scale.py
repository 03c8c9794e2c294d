"""The window opens without building the screens a session does not start on, and does
not count a whole period's statistics: the review screen counts when it is first shown,
and after a change only when shown again (issue 11: at national size it took seconds,
at every start and every save)."""

from __future__ import annotations

import pytest

from tests.helpers import collective
from ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def test_review_is_counted_when_first_shown_not_when_the_window_opens(qtbot, ctx,
                                                                      monkeypatch):
    ctx.registrations.save(collective(ctx, "Mô hình A"))
    calls = []
    review = ctx.recognition.review
    monkeypatch.setattr(ctx.recognition, "review", lambda years: calls.append(years)
                        or review(years))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.wait(10)
    assert calls == []
    window.open_screen("review")
    qtbot.waitUntil(lambda: len(calls) == 1)
    assert window.review.totals.text().startswith("Tổng cộng: 1 mô hình đăng ký")
    window.open_screen("home")
    window.open_screen("review")
    assert len(calls) == 1  # counted once
    window.open_screen("home")
    ctx.registrations.save(collective(ctx, "Mô hình B"))
    qtbot.wait(10)
    assert len(calls) == 1  # a change does not recount a hidden screen...
    window.open_screen("review")
    qtbot.waitUntil(lambda: len(calls) == 2)  # ...showing it does
    assert window.review.totals.text().startswith("Tổng cộng: 2 mô hình đăng ký")


def test_screens_are_built_when_first_shown(qtbot, ctx, monkeypatch):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    assert set(window._built) == {"home", "registrations"}
    assert window.stack.currentWidget() is window.home
    # The home screen's counts come right after the window is painted.
    qtbot.waitUntil(lambda: "count_registered" in window.home.labels)
    titles = [window.nav.item(row).text() for row in range(window.nav.count())]
    window.nav.setCurrentRow(titles.index("Trao đổi dữ liệu"))
    assert "sync" in window._built
    assert window.stack.currentWidget() is window.sync
    assert window.stack.count() == len(titles)
    recognition = window.recognition  # asked for by name: built in its place, not shown
    assert window.stack.indexOf(recognition) == titles.index("Công nhận")
    assert window.stack.currentWidget() is window.sync
    heard = []
    monkeypatch.setattr(recognition, "refresh", lambda: heard.append("recognition"))
    ctx.registrations.save(collective(ctx, "Mô hình C"))  # built screens hear changes
    qtbot.waitUntil(lambda: "recognition" in heard)
    assert "decisions" not in window._built  # the others wait until shown

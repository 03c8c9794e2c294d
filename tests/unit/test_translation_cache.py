"""_() remembers what it looked up, per language: switching language forgets."""

from __future__ import annotations

from app import i18n


def test_switching_language_is_seen_by_remembered_messages():
    try:
        i18n.set_language("vi")
        assert i18n._("Refused") == "Bị từ chối"
        assert i18n._("Refused") == "Bị từ chối"  # remembered
        i18n.set_language("en")
        assert i18n._("Refused") == "Refused"
        i18n.set_language("vi")
        assert i18n._("Refused") == "Bị từ chối"
    finally:
        i18n.set_language("vi")


def test_text_that_is_not_a_message_does_not_pile_up(monkeypatch):
    monkeypatch.setattr(i18n, "_TRANSLATED_LIMIT", 50)
    for number in range(500):
        assert i18n._(f"no such message {number}") == f"no such message {number}"
    assert len(i18n._translated) <= 51
    assert i18n._("Refused") == "Bị từ chối"

"""Qt's own texts (standard buttons, context menus, file dialogs) through our gettext
catalogs: Qt ships no Vietnamese translation, so a translator looks each Qt string up
as `pgettext(context, text)` in the catalogs (`i18n/*/LC_MESSAGES/qt.po`)."""

from __future__ import annotations

from PySide6.QtCore import QLocale, QTranslator

from app.i18n import language, pgettext


class GettextTranslator(QTranslator):
    def translate(self, context, source_text, disambiguation=None, n=-1):
        if not source_text:
            return None
        translated = pgettext(context or "", source_text)
        return translated if translated != source_text else None

    def isEmpty(self) -> bool:
        return False


def qt_locale() -> QLocale:
    if language() == "vi":
        return QLocale("vi_VN")
    return QLocale("en_GB")


def install(app) -> GettextTranslator:
    QLocale.setDefault(qt_locale())
    translator = GettextTranslator(app)
    app.installTranslator(translator)
    return translator

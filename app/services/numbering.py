"""The issuing body's numbering books: which pattern numbers are printed in, whether
they run per Party term or per calendar year, and the numbers handed out (see
app/repositories/numbering.py for why the books never travel)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from app import clock
from app.domain import limits
from app.domain.accounts import ADMIN
from app.domain.recognition import (
    RecognitionError,
    check_pattern,
    party_term,
)
from app.domain.text import clean
from app.errors import DvkError, ValidationError
from app.i18n import N_, _
from app.repositories import numbering as repo
from app.repositories.storage import storage_errors, transaction

if TYPE_CHECKING:
    from app.datafile.office_file import OfficeFile
    from app.services.accounts import AccountService
    from app.services.printing import PrintService

KINDS = {"decision": N_("Decisions"), "certificate": N_("Certificates (register)"),
         "proposal": N_("Proposals"), "report": N_("Reports")}
BOOK_NAMES = {"decision": "Sổ quyết định", "certificate": "Sổ vào sổ giấy công nhận",
              "proposal": "Sổ tờ trình", "report": "Sổ báo cáo"}
SCOPES = {"term": N_("per Party term"), "year": N_("per calendar year")}


class NumberingService:
    def __init__(self, file: OfficeFile, *, accounts: AccountService,
                 printing: Callable[[], PrintService]):
        self.file = file
        self.accounts = accounts
        self._printing = printing

    def _patterns(self) -> dict[str, tuple[str, str]]:
        from app.printing.presets import book_patterns

        printing = self._printing()
        return book_patterns(printing.preset().symbol, printing.system())

    def ensure_books(self) -> None:
        """The office's first book of each kind, in its preset's symbol and layout
        (Party: per term; State: per year). Runs inside or outside a transaction:
        outside, in one of its own, so the checks before every write (the file is still
        the one opened, not read-only) run too."""
        with storage_errors():
            missing = [kind for kind in KINDS if repo.active_book(self.file.db, kind) is None]
            if not missing:
                return
            patterns = self._patterns()
            term = party_term(clock.today())
            with transaction(self.file.db):
                for kind in missing:
                    pattern, scope = patterns[kind]
                    if repo.active_book(self.file.db, kind) is None:
                        repo.add_book(self.file.db, kind=kind, name=BOOK_NAMES[kind],
                                      pattern=pattern, scope=scope,
                                      term=term if scope == "term" else "")

    def follow_preset(self) -> None:
        """After the office changed its preset: a new book for every kind whose pattern
        or scope is not the preset's (a new issuing body numbers from 01; the old book
        keeps its numbers). Inside the caller's transaction."""
        with storage_errors():
            if repo.active_book(self.file.db, "decision") is None:
                return  # nothing numbered yet: the first books follow the preset anyway
            term = party_term(clock.today())
            for kind, (pattern, scope) in self._patterns().items():
                book = repo.active_book(self.file.db, kind)
                if book is not None and (book["pattern"], book["scope"]) == (pattern, scope):
                    continue
                repo.add_book(self.file.db, kind=kind, name=BOOK_NAMES[kind], pattern=pattern,
                              scope=scope, term=term if scope == "term" else "")

    def book(self, kind: str) -> dict[str, Any]:
        self.ensure_books()
        with storage_errors():
            book = repo.active_book(self.file.db, kind)
        if book is None:
            raise DvkError(_("No numbering book for {kind}.").format(kind=kind))
        return book

    def books(self) -> list[dict[str, Any]]:
        self.ensure_books()
        with storage_errors():
            rows = repo.books(self.file.db)
            for row in rows:
                row["last"] = repo.last_number(self.file.db, row["id"], self._key(row))
                row["kind_label"] = _(KINDS.get(row["kind"], row["kind"]))
                row["scope_label"] = _(SCOPES.get(row["scope"], row["scope"]))
        return rows

    def _key(self, book: dict[str, Any]) -> str:
        from app.domain.recognition import scope_key

        return scope_key(book["scope"], book["term"], clock.today())

    def next_preview(self, kind: str, on: dt.date | None = None) -> str:
        """The number the next document would get (nothing is taken)."""
        from app.domain.recognition import format_number, scope_key

        book = self.book(kind)
        key = scope_key(book["scope"], book["term"], on or clock.today())
        with storage_errors():
            last = repo.last_number(self.file.db, book["id"], key)
        return format_number(book["pattern"], last + 1)

    def configure(self, kind: str, *, pattern: str | None = None, scope: str | None = None,
                  term: str | None = None, name: str | None = None) -> dict[str, Any]:
        """A new book replacing the active one of `kind` (the old one keeps its numbers).
        A new Party term starts numbering from 01 again."""
        self.accounts.require(ADMIN)  # the numbers of the office's documents
        if kind not in KINDS:
            raise ValidationError({"kind": _("Choose one of: {kinds}.").format(
                kinds=", ".join(KINDS))})
        for key, value, most in (("term", term, limits.CODE), ("name", name, limits.NAME)):
            problem = limits.length_problem(clean(value), most)
            if problem:  # before anything, even the first books, is written
                raise ValidationError({key: problem})
        current = self.book(kind)
        try:
            pattern = check_pattern(pattern) if pattern else current["pattern"]
        except RecognitionError as error:
            raise ValidationError({"pattern": str(error)}) from None
        scope = scope or current["scope"]
        if scope not in SCOPES:
            raise ValidationError({"scope": _("Numbers run per 'term' or per 'year'.")})
        term = clean(term) if term is not None else current["term"]
        if scope == "term" and not term:
            term = party_term(clock.today())
        name = clean(name) if name else ""
        with self.file.transaction():
            repo.add_book(self.file.db, kind=kind, name=name or current["name"],
                          pattern=pattern, scope=scope, term=term if scope == "term" else "")
        return self.book(kind)

    def entries(self, kind: str, limit: int = 50) -> list[dict[str, Any]]:
        book = self.book(kind)
        with storage_errors():
            return repo.entries(self.file.db, book["id"], limit)

    def take_now(self, kind: str, *, record_kind: str, record_id: str) -> str:
        """The next number of a book, taken in its own transaction (a report numbered
        when it is printed); returned as printed."""
        from app.repositories.storage import immediate_transaction

        with storage_errors(), immediate_transaction(self.file.db):
            self.ensure_books()
            _seq, text, _key = self.take(kind, on=clock.today(), record_kind=record_kind,
                                         record_id=record_id)
        return text

    def take(self, kind: str, *, on: dt.date, record_kind: str,
             record_id: str) -> tuple[int, str, str]:
        """Inside the caller's BEGIN IMMEDIATE transaction only."""
        if not self.file.db.conn.in_transaction:
            raise RuntimeError("numbers are taken inside the issuing transaction")
        book = repo.active_book(self.file.db, kind)
        if book is None:
            raise DvkError(_("No numbering book for {kind}.").format(kind=kind))
        return repo.take(self.file.db, book, on=on, record_kind=record_kind,
                         record_id=record_id, actor=self.file.actor)

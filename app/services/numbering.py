"""The issuing body's numbering books: which pattern numbers are printed in, whether
they run per Party term or per calendar year, and the numbers handed out (see
app/repositories/numbering.py for why the books never travel)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app import clock
from app.domain import limits
from app.domain.accounts import ADMIN
from app.domain.recognition import (
    RecognitionError,
    check_pattern,
    party_term,
)
from app.domain.rows import RowRecord
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


@dataclass(frozen=True)
class NumberingBook:
    """A numbering book (`numbering_books`): which documents it numbers (`kind`, one of
    KINDS), its name, the pattern a number is printed in, whether numbers run per Party
    term or per year (`scope`), the term ('' per year), whether it is the kind's book
    now, and when it was made."""

    id: int
    kind: str
    name: str
    pattern: str
    scope: str
    term: str
    active: bool
    created_at: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> NumberingBook:
        return cls(id=row["id"], kind=row["kind"], name=row["name"], pattern=row["pattern"],
                   scope=row["scope"], term=row["term"], active=bool(row["active"]),
                   created_at=row["created_at"])


@dataclass(frozen=True)
class ListedBook(NumberingBook):
    """A book in `NumberingService.books`: with the last number it handed out in this
    term or year, and its kind and scope in words."""

    last: int = 0
    kind_label: str = ""
    scope_label: str = ""

    def as_json(self) -> dict[str, Any]:
        """The keys `dvk numbering list --json` has always written for a book (before
        `next`), in the same order; `active` as stored, 1 or 0."""
        return {"id": self.id, "kind": self.kind, "name": self.name,
                "pattern": self.pattern, "scope": self.scope, "term": self.term,
                "active": int(self.active), "created_at": self.created_at,
                "last": self.last, "kind_label": self.kind_label,
                "scope_label": self.scope_label}


@dataclass(frozen=True)
class IssuedNumber(RowRecord):
    """A number a book handed out (`numbering_entries`): its term or year
    (`scope_key`), the number and its text as printed, the record it was given to, the
    day and who."""

    scope_key: str
    number: int
    text: str
    record_kind: str
    record_id: str
    issued_on: str
    actor: str


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

    def book(self, kind: str) -> NumberingBook:
        """The book of `kind` now."""
        self.ensure_books()
        with storage_errors():
            book = repo.active_book(self.file.db, kind)
        if book is None:
            raise DvkError(_("No numbering book for {kind}.").format(kind=kind))
        return NumberingBook.from_row(book)

    def books(self) -> list[ListedBook]:
        """Every book, old ones too, by kind, the active one first."""
        from app.domain.recognition import scope_key

        self.ensure_books()
        listed = []
        with storage_errors():
            for row in repo.books(self.file.db):
                book = NumberingBook.from_row(row)
                listed.append(ListedBook(
                    **vars(book),
                    last=repo.last_number(self.file.db, book.id,
                                          scope_key(book.scope, book.term, clock.today())),
                    kind_label=_(KINDS.get(book.kind, book.kind)),
                    scope_label=_(SCOPES.get(book.scope, book.scope))))
        return listed

    def next_preview(self, kind: str, on: dt.date | None = None) -> str:
        """The number the next document would get (nothing is taken)."""
        from app.domain.recognition import format_number, scope_key

        book = self.book(kind)
        key = scope_key(book.scope, book.term, on or clock.today())
        with storage_errors():
            last = repo.last_number(self.file.db, book.id, key)
        return format_number(book.pattern, last + 1)

    def configure(self, kind: str, *, pattern: str | None = None, scope: str | None = None,
                  term: str | None = None, name: str | None = None) -> NumberingBook:
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
            pattern = check_pattern(pattern) if pattern else current.pattern
        except RecognitionError as error:
            raise ValidationError({"pattern": str(error)}) from None
        scope = scope or current.scope
        if scope not in SCOPES:
            raise ValidationError({"scope": _("Numbers run per 'term' or per 'year'.")})
        term = clean(term) if term is not None else current.term
        if scope == "term" and not term:
            term = party_term(clock.today())
        name = clean(name) if name else ""
        with self.file.transaction():
            repo.add_book(self.file.db, kind=kind, name=name or current.name,
                          pattern=pattern, scope=scope, term=term if scope == "term" else "")
        return self.book(kind)

    def entries(self, kind: str, limit: int = 50) -> list[IssuedNumber]:
        """The numbers the book of `kind` handed out, the latest first."""
        book = self.book(kind)
        with storage_errors():
            return [IssuedNumber(**row) for row in repo.entries(self.file.db, book.id, limit)]

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

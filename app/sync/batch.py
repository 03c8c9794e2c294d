"""Importing a stick, not a file (issue 25): every bundle found in the files and folders
given (a whole USB stick), previewed, then imported in order, with one report.

A layer above the one-bundle import (SyncService.prepare / import_bundle), which it
uses as it is: each bundle is still verified before anything is written and imported
in its own transaction, so a refused bundle changes nothing and the others go in.

- **Found**: every `.dvk` file under the folders given (any depth), and every file
  given by name; the same file named twice counts once.
- **Preview** (`StickService.scan`, `ctx.stick`): each file checked and classified as
  the single import would;
  files refused (unknown key, for another office, truncated, forged...), files that are
  the same bundle as another file of the stick (a copy), and bundles already imported
  are told apart. What each bundle brings is said per commune and model ("5 mô hình
  đề nghị"), not per kind of record.
- **Order** (`ordered`): by sender, then the sender's line of bundles, then number: a
  later bundle of a commune found before an earlier one is imported after it.
- **Import** (`import_all`): each bundle in that order, prepared again against what the
  ones before it wrote; a refusal at that point (the rule of authority, a record the
  office cannot store) is reported and the rest go on.
- **Report**: imported per commune with its name and what came, refused with the
  reason, duplicates and bundles already imported, and the communes below this office
  that have sent nothing this year.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from app import clock
from app.core.progress import NO_PROGRESS, Progress
from app.domain.bundles import InboxEntry, LastBundle, ReceivedBundle
from app.domain.registration import Status
from app.domain.text import sort_key
from app.errors import DvkError
from app.i18n import N_, _
from app.repositories import communes as communes_repo
from app.sync.errors import BundleRefused
from app.sync.importer import Preview
from app.sync.reader import own_bundle_message

if TYPE_CHECKING:
    from collections.abc import Callable

    from app.datafile.office_file import OfficeFile
    from app.sync.service import SyncService

SUFFIX = ".dvk"

# What a bundle's file is, after the preview and after the import.
READY = "ready"  # checked: it will be imported
ALREADY = "already"  # imported before (importing it again changes nothing)
DUPLICATE = "duplicate"  # the same bundle as another file of this stick
REFUSED = "refused"  # verified and refused: nothing of it is written
IMPORTED = "imported"
OWN = "own"  # written by this office for another (the stick carries both ways)
STATUSES = {READY: N_("Ready to import"), ALREADY: N_("Already imported"),
            DUPLICATE: N_("Duplicate"), REFUSED: N_("Refused"),
            IMPORTED: N_("Imported just now"), OWN: N_("For another office")}

# Short names of the reasons a bundle is refused (BundleRefused.reason); the message
# itself says what to do.
REASONS = {
    "unknown_key": N_("unknown key"), "wrong_key": N_("unknown key"),
    "signature": N_("signature does not match"), "revoked_key": N_("revoked key"),
    "retired_key": N_("retired key"), "expired_key": N_("expired key"),
    "recipient": N_("for another office"), "sealed_elsewhere": N_("for another office"),
    "sender": N_("not an office above or below this one"),
    "damaged": N_("damaged or truncated"), "unreadable": N_("cannot be read"),
    "manifest": N_("incomplete"), "unlisted": N_("altered"), "bad_name": N_("altered"),
    "duplicate": N_("altered"), "json": N_("damaged records"), "utf8": N_("damaged records"),
    "fork": N_("conflicting copy of an earlier bundle"), "authority": N_("records it may not write"),
    "newer": N_("made by a newer DVK"), "too_large": N_("too large"),
    "too_many": N_("too many files"), "bomb": N_("too large"), "own": N_("sent by this office"),
    "integrity": N_("records this office cannot store"), "merged": N_("office merged away"),
    "scope": N_("key not valid for that office"), "trust": N_("key not trusted"),
    "not_found": N_("not found"), "passphrase": N_("needs the passphrase"),
}


def reason_label(reason: str) -> str:
    return _(REASONS.get(reason, N_("refused")))


@dataclass
class Item:
    """One file of the stick."""

    path: Path
    status: str = READY
    reason: str = ""  # BundleRefused.reason when refused
    message: str = ""  # why, in words
    sender: str = ""
    sender_name: str = ""
    recipient: str = ""
    line: str = ""
    seq: int = 0
    created_at: str = ""
    sha256: str = ""
    duplicate_of: Path | None = None
    applied_at: str = ""
    missing_before: list[int] = field(default_factory=list)
    # Per office whose records it brings (the sender, and each office whose bundle it
    # forwards): what comes, in words, and the models it names.
    parts: list[Part] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)  # new, updated, ... rejected
    kinds: dict[str, dict[str, int]] = field(default_factory=dict)  # the same per kind
    rejections: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return _(STATUSES[self.status])


@dataclass
class Part:
    """What one office's bundle (inside a file, or the file itself) brings."""

    sender: str
    sender_name: str
    seq: int
    counts: dict[str, int]  # what comes: PHRASES key -> how many
    models: list[tuple[str, str]]  # (model name, what about it), in Vietnamese order
    already: bool = False

    @property
    def what(self) -> list[str]:
        """In words: "5 mô hình đề nghị", "12 đăng ký mới"..."""
        return what_text(self.counts)


@dataclass
class Report:
    items: list[Item]
    missing: list[communes_repo.Commune]  # communes below that sent nothing this year
    year: int
    dry_run: bool = False

    def of(self, status: str) -> list[Item]:
        return [item for item in self.items if item.status == status]

    @property
    def refused(self) -> list[Item]:
        return self.of(REFUSED)

    @property
    def imported(self) -> list[Item]:
        return self.of(IMPORTED)

    def per_office(self) -> list[tuple[str, str, list[str], list[Item]]]:
        """(code, name, what came, files) per office whose records were imported (or,
        on a dry run, would be), in Vietnamese order of the names."""
        wanted = {IMPORTED} if not self.dry_run else {READY}
        offices: dict[str, tuple[str, Counter, list[Item]]] = {}
        for item in self.items:
            if item.status not in wanted:
                continue
            for part in item.parts:
                if part.already:
                    continue
                _name, counts, files = offices.setdefault(part.sender,
                                                          (part.sender_name, Counter(), []))
                counts.update(part.counts)
                if item not in files:
                    files.append(item)
        return sorted(((code, name, what_text(counts),
                        sorted(files, key=lambda i: (i.line, i.seq)))
                       for code, (name, counts, files) in offices.items()),
                      key=lambda row: (sort_key(row[1]), row[0]))

    def exit_code(self) -> int:
        """0: every bundle found was imported, was a duplicate or was in already;
        4: some were verified and refused (the others were imported)."""
        from app.sync.errors import EXIT_REFUSED

        return EXIT_REFUSED if self.refused else 0


# -- finding --------------------------------------------------------------------------
def find(paths: Iterable[str | Path]) -> tuple[list[Path], list[Item]]:
    """(bundle files, items for what was not found) under the paths given: a file
    given by name is taken whatever its name; a folder is searched at any depth for
    `.dvk` files (folders that cannot be read, such as a stick's system folder, are
    passed over)."""
    files: list[Path] = []
    problems: list[Item] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        # Only a regular file is opened (issue 25 red team): a link that loops made
        # resolve() raise and the whole import stop, and a named pipe found in a folder
        # made the first read wait for ever. Such a name is reported, not opened.
        if not path.is_file():
            problems.append(Item(path=path, status=REFUSED, reason="unreadable", message=_(
                "{name} is not an ordinary file (a link that leads nowhere or in a circle, "
                "or a special file); it was not opened.").format(name=path.name)))
            return
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError):  # a link changed since: read it as it is
            resolved = path.absolute()
        if resolved not in seen:
            seen.add(resolved)
            files.append(path)

    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = []
            for folder, subfolders, names in os.walk(path, onerror=lambda _e: None):
                subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
                found.extend(Path(folder) / n for n in names
                             if n.lower().endswith(SUFFIX) and not n.startswith("."))
            for file in sorted(found):
                add(file)
        elif path.is_file():
            add(path)
        else:
            problems.append(Item(path=path, status=REFUSED, reason="not_found", message=_(
                "{path} is neither a bundle file nor a folder (not found). Check the "
                "stick's letter and the name.").format(path=path)))
    return files, problems


# -- the service --------------------------------------------------------------------------
class StickService:
    """Many bundles at once (`ctx.stick`): the preview, the import in order with one
    report, and the Received list; each bundle goes through the one-bundle import
    (`SyncService.prepare` and `apply`)."""

    def __init__(self, file: OfficeFile, *, sync: Callable[[], SyncService]):
        self.file = file
        self._sync = sync

    # -- the preview --------------------------------------------------------------------
    def scan(self, paths: Iterable[str | Path], *, passphrase: str | None = None,
             progress: Progress = NO_PROGRESS) -> list[Item]:
        """Every file found, checked and previewed; nothing written."""
        files, items = find(paths)
        by_identity: dict[str, Item] = {}
        names = _NameBook(self.file.db)
        sync = self._sync()
        for index, path in enumerate(files):
            progress.report(index, len(files), path.name)
            item = Item(path=path)
            items.append(item)
            try:
                if sync.needs_passphrase(path) and not passphrase:
                    raise BundleRefused("passphrase", _(
                        "{name} is encrypted: the passphrase of the office key is needed to "
                        "open it.").format(name=path.name))
                preview = sync.prepare(path, passphrase)
            except BundleRefused as error:
                item.status, item.reason, item.message = REFUSED, error.reason, error.message
                _identity_from_file(item)
                item.sender = item.sender or getattr(error, "unit", None) or ""
                if error.reason == "own":  # this office's own bundle for another office
                    item.status = OWN
                    if item.recipient:  # the office by its name, not its code (issue 18, 4)
                        item.message = own_bundle_message(names.unit(item.recipient))
                continue
            _describe(item, preview, names)
            first = by_identity.get(item.sha256)
            if first is not None:
                item.status, item.duplicate_of = DUPLICATE, first.path
                item.message = _("The same bundle as {name}: imported once.").format(
                    name=first.path.name)
                continue
            by_identity[item.sha256] = item
            if preview.already_applied:
                item.status = ALREADY
                item.message = _("Already imported on {at}; importing it again changes "
                                 "nothing.").format(at=_when(preview.applied_at))
        progress.report(len(files), len(files), "")
        return items

    # -- the import ---------------------------------------------------------------------
    def import_all(self, items: list[Item], *, passphrase: str | None = None,
                   progress: Progress = NO_PROGRESS, dry_run: bool = False) -> Report:
        """Import every file that is ready, in order, each in its own transaction; a
        refusal now is recorded like any other and the next file goes on."""
        from app.sync import refusals

        queue = ordered(items)
        names = _NameBook(self.file.db)
        sync = self._sync()
        for index, item in enumerate(queue):
            progress.report(index, len(queue), item.sender_name or item.path.name)
            if dry_run:
                continue
            try:
                preview = sync.prepare(item.path, passphrase)
                applied = sync.apply(preview)
            except BundleRefused as error:
                refusals.record(bundle=item.path, database=str(self.file.path),
                                reason=error.reason, message=error.message)
                item.status, item.reason, item.message = REFUSED, error.reason, error.message
                continue
            _describe(item, preview, names)
            if applied:
                item.status = IMPORTED
            else:  # another window imported it meanwhile
                item.status = ALREADY
                item.message = _("Already imported on {at}; importing it again changes "
                                 "nothing.").format(at=_when(preview.applied_at))
        progress.report(len(queue), len(queue), "")
        year = clock.today().year
        return Report(items=items, missing=self.missing_this_year(year), year=year,
                      dry_run=dry_run)

    def run(self, paths: Iterable[str | Path], *, passphrase: str | None = None,
            progress: Progress = NO_PROGRESS, dry_run: bool = False) -> Report:
        """Preview every file found, then import all in order: one report."""
        items = self.scan(paths, passphrase=passphrase, progress=progress)
        if not items:
            raise DvkError(_("No bundle (.dvk) was found there. Check the stick or the "
                             "folder chosen; nothing was changed."))
        return self.import_all(items, passphrase=passphrase, progress=progress,
                               dry_run=dry_run)

    def missing_this_year(self, year: int) -> list[communes_repo.Commune]:
        """The communes below this office from which no bundle (sent directly, or
        forwarded by a district) was made this year."""
        below = communes_repo.below(self.file.db, self.file.office_code)
        sent = self.last_bundles()
        return [c for c in below if not (c.code in sent and _year_of(
            sent[c.code].created_at) == year)]

    def last_bundles(self) -> dict[str, LastBundle]:
        """sender -> its latest bundle imported here (made when, applied when, number)."""
        result: dict[str, LastBundle] = {}
        for sender, seq, created, applied, relayed_by in self.file.db.execute(
                "SELECT sender, seq, created_at, applied_at, relayed_by FROM inbox"
                " ORDER BY created_at"):
            result[sender] = LastBundle(seq=seq, created_at=created, applied_at=applied,
                                        relayed_by=relayed_by)
        return result

    # -- the Received list --------------------------------------------------------------
    def received(self, limit: int = -1) -> list[ReceivedBundle]:
        """The bundles imported here, newest first, with the names of who made and who
        forwarded each and what it brought in words (every one: no cap)."""
        import json

        rows = list(self.file.db.query(
            "SELECT i.*, coalesce(u.name, i.sender) AS sender_name,"
            " coalesce(f.name, i.relayed_by) AS relayed_by_name FROM inbox i"
            " LEFT JOIN units u ON u.code = i.sender LEFT JOIN units f ON f.code ="
            " i.relayed_by ORDER BY i.id DESC LIMIT ?", [limit]))
        received = []
        for row in rows:
            try:
                summary = json.loads(row["summary"])
            except (TypeError, ValueError):
                summary = {}
            received.append(ReceivedBundle(
                **vars(InboxEntry.from_row(row)), sender_name=row["sender_name"],
                relayed_by_name=row["relayed_by_name"],
                what=tuple(what_from_summary(summary))))
        return received


def _when(stamp: str | None) -> str:
    from app.i18n import format_timestamp

    return format_timestamp(stamp)


def _identity_from_file(item: Item) -> None:
    """Who sent a refused file, if its manifest can be read at all (to say which
    commune's file it was)."""
    from app.sync.reader import peek_manifest

    try:
        with open(item.path, "rb") as fp:
            data = fp.read(64 * 1024 * 1024 + 1)
    except OSError:
        return
    manifest = peek_manifest(data) if len(data) <= 64 * 1024 * 1024 else None
    if isinstance(manifest, dict):
        item.sender = str(manifest.get("sender") or "")
        item.sender_name = str(manifest.get("sender_name") or "")
        item.recipient = str(manifest.get("recipient") or "")
        seq = manifest.get("seq")
        item.seq = seq if isinstance(seq, int) and not isinstance(seq, bool) else 0
        item.created_at = str(manifest.get("created_at") or "")


class _NameBook:
    """Unit and model names: from the bundle when it brings them, else from here."""

    def __init__(self, db):
        self.db = db

    def unit(self, code: str, fallback: str = "") -> str:
        row = self.db.execute("SELECT name FROM units WHERE code = ?", [code]).fetchone()
        return row[0] if row else fallback or code

    def models(self, ids: set[str], incoming: dict[str, str]) -> dict[str, str]:
        result = {i: incoming[i] for i in ids if i in incoming}
        rest = sorted(ids - set(result))
        if rest:
            import json

            result.update(self.db.execute(
                "SELECT id, name FROM registrations WHERE id IN"
                " (SELECT value FROM json_each(?))", [json.dumps(rest)]).fetchall())
        return result


def _describe(item: Item, preview: Preview, names: _NameBook) -> None:
    m = preview.bundle.manifest
    item.sender, item.sender_name = m["sender"], m["sender_name"]
    item.recipient, item.line, item.seq = m["recipient"], m["line"], m["seq"]
    item.created_at, item.sha256 = m["created_at"], preview.bundle.sha256
    item.applied_at = preview.applied_at or ""
    item.missing_before = list(preview.missing_before)
    item.parts = [_part(p, names) for p in preview.every_preview()
                  if p.total or p.already_applied or p is preview]
    from app.sync.merge import OUTCOMES

    combined = preview.combined()
    item.totals = {o: sum(getattr(s, o) for s in combined.values()) for o in OUTCOMES}
    item.kinds = {name: summary.as_dict() for name, summary in combined.items()}
    item.rejections = [f"{r.kind} {r.key[:13]}: {r.reason}" for r in preview.all_rejections()]


# What a bundle brings, in the words of the report: key -> (singular, plural).
PHRASES = {
    "proposed": (N_("{count} model proposed"), N_("{count} models proposed")),
    "new": (N_("{count} new registration"), N_("{count} new registrations")),
    "updated": (N_("{count} registration changed"), N_("{count} registrations changed")),
    "withdrawn": (N_("{count} registration withdrawn"),
                  N_("{count} registrations withdrawn")),
    "recognised": (N_("{count} model recognised by its council"),
                   N_("{count} models recognised by its council")),
    "sheets": (N_("{count} score sheet"), N_("{count} score sheets")),
    "decisions": (N_("{count} decision"), N_("{count} decisions")),
    "decided": (N_("{count} model in decisions"), N_("{count} models in decisions")),
    "receipts": (N_("{count} receipt of bundles sent down"),
                 N_("{count} receipts of bundles sent down")),
    "other": (N_("{count} other record"), N_("{count} other records")),
}


def what_text(counts: dict[str, int]) -> list[str]:
    # One message per form (the singular when there is one): Vietnamese says both alike.
    phrases = [_(PHRASES[key][0] if counts[key] == 1 else PHRASES[key][1]).format(
        count=counts[key]) for key in PHRASES if counts.get(key)]
    return phrases or [_("nothing new")]


def _part(preview: Preview, names: _NameBook) -> Part:
    m = preview.bundle.manifest
    part = Part(sender=m["sender"], sender_name=names.unit(m["sender"], m["sender_name"]),
                seq=m["seq"], counts={}, models=[], already=preview.already_applied)
    if preview.already_applied:
        return part
    writes = preview.writes
    incoming = {str(r["id"]): r.get("name") or "" for r, _new in writes.get("registrations", [])}
    counts: Counter = Counter()
    for record, new in writes.get("registrations", []):
        counts["new" if new else "withdrawn" if record.get("status") == Status.WITHDRAWN
               else "updated"] += 1
    proposed = [r for r, _new in writes.get("proposal_items", []) if not r.get("removed")]
    counts["proposed"] = len(proposed)
    counts["recognised"] = sum(1 for r, _new in writes.get("recognition_steps", [])
                               if r.get("step") == "recognise")
    counts["sheets"] = len(writes.get("score_sheets", []))
    counts["decisions"] = len(writes.get("decisions", []))
    counts["decided"] = sum(1 for r, _new in writes.get("decision_items", [])
                            if not r.get("removed"))
    counts["receipts"] = len(writes.get("receipts", []))
    told = ("registrations", "proposal_items", "recognition_steps", "score_sheets",
            "decisions", "decision_items", "receipts")
    if not any(counts.values()):
        counts["other"] = sum(len(rows) for kind, rows in writes.items() if kind not in told)
    part.counts = {key: value for key, value in counts.items() if value}
    model_names = names.models({str(r["registration_id"]) for r in proposed}, incoming)
    part.models = sorted(((model_names.get(str(r["registration_id"]), ""), _("proposed"))
                          for r in proposed), key=lambda pair: sort_key(pair[0]))
    return part


# -- the order -------------------------------------------------------------------------
def ordered(items: list[Item]) -> list[Item]:
    """The files to import, in the order they go in: by sender (Vietnamese order of the
    names), each sender's lines of bundles by when they started, and by number."""
    ready = [item for item in items if item.status == READY]
    line_start: dict[tuple[str, str], str] = {}
    for item in ready:
        key = (item.sender, item.line)
        line_start[key] = min(line_start.get(key, item.created_at), item.created_at)
    return sorted(ready, key=lambda i: (sort_key(i.sender_name), i.sender,
                                        line_start[(i.sender, i.line)], i.line, i.seq,
                                        str(i.path)))


def _year_of(stamp: str) -> int | None:
    try:
        moment = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return None
    return clock.in_vietnam(moment).year if moment.tzinfo else moment.year


# -- the report in words (the command line prints it, the window shows it) -------------
def file_line(item: Item) -> str:
    who = f"{item.sender_name} ({item.sender})" if item.sender else ""
    number = _("bundle {seq}").format(seq=item.seq) if item.seq else ""
    return " - ".join(p for p in (str(item.path), who, number) if p)


def report_lines(report: Report, office_name: str) -> list[str]:
    lines = []
    found = len([i for i in report.items if i.reason != "not_found"])
    lines.append(_("{count} bundle file(s) found.").format(count=found))
    offices = report.per_office()
    if report.dry_run:
        lines.append(_("Dry run: nothing was changed. These would be imported, in this "
                       "order:"))
        lines += ["  " + file_line(item) for item in ordered(report.items)]
    if offices:
        lines.append(_("Would come in, per office:") if report.dry_run else
                     _("Imported, per office ({count}):").format(count=len(offices)))
        for code, name, what, files in offices:
            numbers = ", ".join(str(item.seq) for item in files)
            lines.append("  " + _("{name} ({code}), bundle(s) {numbers}: {what}").format(
                name=name, code=code, numbers=numbers, what=", ".join(what)))
    for item in report.items:
        if item.status in (IMPORTED, READY) and item.missing_before:
            lines.append("  " + _(
                "{name}: earlier bundles {numbers} have not arrived yet; import them when "
                "they come.").format(name=item.sender_name, numbers=", ".join(
                    str(n) for n in item.missing_before)))
    for status, title in (
            (REFUSED, N_("Refused ({count}), nothing of them was written:")),
            (DUPLICATE, N_("Copies of another file ({count}), imported once:")),
            (ALREADY, N_("Imported before ({count}), nothing changed:")),
            (OWN, N_("Written by this office for other offices ({count}), left as they "
                     "are:"))):
        items = report.of(status)
        if not items:
            continue
        lines.append(_(title).format(count=len(items)))
        for item in items:
            reason = f"{reason_label(item.reason)}: " if status == REFUSED else ""
            lines.append(f"  {file_line(item)}: {reason}{item.message}")
    if report.missing:
        lines.append(_("Communes under {office} that have sent nothing in {year} ({count}): "
                       "{names}").format(office=office_name, year=report.year,
                                         count=len(report.missing),
                                         names=", ".join(c.name for c in report.missing)))
    elif not report.dry_run:
        lines.append(_("Every commune under {office} has sent a bundle in {year}.").format(
            office=office_name, year=report.year))
    return lines


# -- the Received list ------------------------------------------------------------------
def what_from_summary(summary: dict[str, dict[str, int]]) -> list[str]:
    """What an imported bundle brought, in words, from the counts its import kept."""
    def count(kind: str, *outcomes: str) -> int:
        return sum(summary.get(kind, {}).get(o, 0) for o in outcomes)

    counts = {"proposed": count("proposal_items", "new"),
              "new": count("registrations", "new"),
              "updated": count("registrations", "updated"),
              "sheets": count("score_sheets", "new", "updated"),
              "decisions": count("decisions", "new"),
              "decided": count("decision_items", "new"),
              "receipts": count("receipts", "new", "updated")}
    if not any(counts.values()):
        told = {"proposal_items", "registrations", "score_sheets", "decisions",
                "decision_items", "receipts"}
        counts["other"] = sum(count(kind, "new", "updated") for kind in summary
                              if kind not in told)
    return what_text(counts)

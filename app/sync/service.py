"""The facade the window and the command line use: `ctx.keys` and `ctx.sync`."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import nacl.signing
import nacl.utils

from app import clock, filenames, fileops
from app.core.events import REGISTRATIONS_CHANGED, SYNC_CHANGED, UNITS_CHANGED
from app.core.progress import NO_PROGRESS, Progress
from app.datafile import leftovers
from app.domain.accounts import APPROVER, CLERK
from app.domain.bundles import InboxEntry, OutboxEntry
from app.domain.conflicts import Conflict, KeptVersion
from app.domain.keys import OwnKey, TrustedKey
from app.domain.passphrase import MIN_LENGTH
from app.domain.units import Unit
from app.errors import DvkError, ValidationError
from app.i18n import _
from app.repositories import audit, sync_tables, unit_tree
from app.repositories.storage import storage_errors
from app.signing import crypto
from app.sync import exporter, importer, receipts, refusals, sealed, tree, trust_store
from app.sync.errors import BundleRefused
from app.sync.importer import Preview
from app.sync.kinds import get as get_kind
from app.sync.reader import LIMITS, Bundle, Limits, open_relayed, read_bundle, read_bytes
from app.sync.trust_service import DEFAULT_YEARS, check_years, years_from
from app.sync.trust_statements import instant
from app.sync.writer import (
    NotEnoughSpace,
    ReadBackMismatch,
    finish,
    part_name,
    write_part,
    write_safely,
)
from db.connection import INTEGRITY_ERRORS

if TYPE_CHECKING:
    from app.datafile.office_file import OfficeFile
    from app.ports import Accounts, Units
    from app.sync.checkpoint_service import CheckpointService
    from app.sync.down_batch import DownBatch
    from app.sync.trust_service import TrustService

MIN_PASSPHRASE = MIN_LENGTH  # app/domain/passphrase.py says the same while typing


def _write_error(path: Path, error: OSError) -> DvkError:
    said = None if isinstance(error, NotEnoughSpace | ReadBackMismatch) else \
        fileops.explain(error, path)  # in use, write-protected, FAT32, pulled out...
    if said:
        return DvkError(said)
    if isinstance(error, NotEnoughSpace):
        return DvkError(_(
            "Not enough free space on {folder}: the bundle needs {needed} KB, {free} KB are "
            "free. Free some space or use another stick; nothing was written.").format(
            folder=path.parent, needed=error.needed // 1024, free=error.free // 1024))
    if isinstance(error, ReadBackMismatch):
        return DvkError(_(
            "The file written to {path} reads back differently (a failing stick?). It was "
            "removed; use another stick and export again.").format(path=path))
    return DvkError(_(
        "The bundle could not be written to {path} ({detail}). If the stick was pulled out, "
        "put it back and export again: no half-written bundle was left.").format(
        path=path, detail=error.strerror or error))


def _finish_error(path: Path, error: OSError) -> DvkError:
    if isinstance(error, ReadBackMismatch):
        return _write_error(path, error)
    return DvkError(_(
        "The bundle was written to the stick but could not take its name {path} ({detail}). "
        "Put the stick back if it was pulled out and export again: the same bundle is "
        "finished then, not a new one.").format(path=path, detail=error.strerror or error))


def _sealed_damaged(error: Exception) -> BundleRefused:
    return BundleRefused("damaged", _(
        "The encrypted file is damaged or incomplete ({detail}). Ask the sender to write the "
        "bundle again and copy it once more; nothing was changed.").format(detail=error))


class KeyService:
    """This office's signing key and the keys it trusts."""

    def __init__(self, file: OfficeFile, *, accounts: Accounts, units: Units,
                 audit_checkpoints: Callable[[], CheckpointService]):
        self.file = file
        self.accounts = accounts
        self.units = units
        self._audit_checkpoints = audit_checkpoints
        self._signing: nacl.signing.SigningKey | None = None
        self._session_salt = b""
        self._verified: bytes | None = None

    def has_key(self) -> bool:
        with storage_errors():
            return sync_tables.current_key(self.file.db) is not None

    def own(self) -> OwnKey | None:
        with storage_errors():
            key = sync_tables.current_key(self.file.db)
        if key is None:
            return None
        public = bytes.fromhex(key.public_key)
        return OwnKey(key_id=key.key_id, fingerprint=crypto.fingerprint(public),
                      public_key=key.public_key)

    def create_made(self) -> OwnKey:
        """The key just made (by `create` or a rotation): there is one."""
        made = self.own()
        if made is None:  # cannot happen: the key was just written
            raise DvkError(_("This office has no signing key yet: create it first."))
        return made

    def create(self, passphrase: str, *, demo: bool = False, replace: bool = False,
               seed: bytes | None = None) -> OwnKey:
        """Make the office's key. `demo` allows a short passphrase and fast key
        derivation (demo networks and tests only); `seed` makes a known key (with
        `demo` only: the published test vectors)."""
        self.accounts.require(APPROVER)
        if not passphrase or (not demo and len(passphrase) < MIN_PASSPHRASE):
            raise ValidationError({"passphrase": _(
                "Choose a passphrase of at least {count} characters and write it down in a "
                "safe place: it protects the office's signing key.").format(
                count=MIN_PASSPHRASE)})
        if self.has_key() and not replace:
            raise DvkError(_("This office already has a signing key."))
        office = self.units.office()
        params = {"opslimit": crypto.DEMO_OPSLIMIT, "memlimit": crypto.DEMO_MEMLIMIT} \
            if demo else {}
        if seed is not None and not demo:
            raise ValueError("a known key is for demo networks only")
        locked, signing = crypto.generate(passphrase, seed=seed, **params)
        with self.file.transaction():
            sync_tables.add_office_key(self.file.db, locked)
            if sync_tables.current_line(self.file.db) is None:
                sync_tables.start_line(self.file.db, "first key")
            audit.append(self.file.db, actor=self.file.actor, action="create", kind="office_key",
                         record_id=locked.key_id, detail=office.code)
            self._audit_checkpoints().take(signing, "key")
        self.remember(signing, passphrase)
        self.file.events.emit(SYNC_CHANGED)
        return self.create_made()

    def unlock(self, passphrase: str | None) -> nacl.signing.SigningKey:
        """The signing key. The key this session unlocked is used without asking only
        when no passphrase is given; a passphrase that is given is always checked
        against the stored key (a wrong one is refused even while the key is open), so
        a passphrase that goes on to lock a new key (rotation) is known to be right."""
        with storage_errors():
            locked = sync_tables.current_key(self.file.db)
        if locked is None:
            raise DvkError(_(
                "This office has no signing key yet. Create it first (Data exchange > "
                "Keys, or: dvk keys init)."))
        cached = self._signing if self._signing is not None and \
            self._signing.verify_key.encode().hex() == locked.public_key else None
        if not passphrase:
            if cached is not None:
                return cached
            raise DvkError(_(
                "The passphrase of the office key is needed. In the window it is asked for; "
                "on the command line set the variable DVK_PASSPHRASE."))
        if cached is not None and self._same_passphrase(passphrase):
            return cached
        try:
            signing = crypto.unlock(locked, passphrase)
        except crypto.WrongPassphrase:
            raise DvkError(_("Wrong passphrase for the office key; try again.")) from None
        self.remember(signing, passphrase)
        return signing

    def remember(self, signing: nacl.signing.SigningKey, passphrase: str) -> None:
        """Keep an unlocked key for this session (after unlocking it, or a rotation),
        with a salted digest of the passphrase that opened it: the same passphrase
        given again is known right without deriving the key again."""
        self._signing = signing
        self._session_salt = nacl.utils.random(16)
        self._verified = self._digest(passphrase)

    def _digest(self, passphrase: str) -> bytes:
        return hashlib.blake2b(passphrase.encode("utf-8"), key=self._session_salt,
                               digest_size=32).digest()

    def _same_passphrase(self, passphrase: str) -> bool:
        return self._verified is not None and \
            hmac.compare_digest(self._digest(passphrase), self._verified)

    def is_unlocked(self) -> bool:
        """Is the office key open in this session (so signing asks nothing)?"""
        return self._signing is not None

    def lock(self) -> None:
        """End the session of the key: the next signing asks the passphrase again
        (Khóa lại khóa ký in the window; signing out does it too). The command line
        needs none: each command is its own session and forgets the key on exit."""
        was_open = self._signing is not None
        self._signing = None
        self._verified = None
        if was_open:
            self.file.events.emit(SYNC_CHANGED)

    def unlock_key(self, key_id: str, passphrase: str | None) -> nacl.signing.SigningKey:
        """One of this office's keys, current or retired (to open an encrypted bundle).
        Like unlock(): a given passphrase is always checked."""
        cached = self._signing if self._signing is not None and \
            crypto.key_id(self._signing.verify_key.encode()) == key_id else None
        if cached is not None and (not passphrase or self._same_passphrase(passphrase)):
            return cached
        with storage_errors():
            locked = sync_tables.office_key(self.file.db, key_id)
        if locked is None:
            raise DvkError(_("This office has no key {key_id}.").format(key_id=key_id))
        if not passphrase:
            raise DvkError(_(
                "The bundle is encrypted: the passphrase of the office key is needed to open "
                "it. In the window it is asked for; on the command line set the variable "
                "DVK_PASSPHRASE."))
        try:
            return crypto.unlock(locked, passphrase)
        except crypto.WrongPassphrase:
            raise DvkError(_("Wrong passphrase for the office key; try again.")) from None

    def write_card(self, out: str | Path, passphrase: str | None) -> crypto.Card:
        self.accounts.require(APPROVER)  # a key card is signed with the office key
        signing = self.unlock(passphrase)
        self._audit_checkpoints().take(signing, "key_card")
        office = self.units.office()
        data = crypto.make_card(signing, unit_code=office.code, unit_name=office.name,
                                created_at=clock.stamp())
        path = Path(out)
        try:
            write_safely(path, data)
        except OSError as error:
            raise _write_error(path, error) from error
        return crypto.read_card(data)

    def read_card(self, path: str | Path) -> crypto.Card:
        path = Path(path)
        try:
            with open(path, "rb") as fp:
                data = fp.read(64 * 1024 + 1)
        except OSError as error:
            raise DvkError(_("The key card {name} cannot be read ({detail}).").format(
                name=path.name, detail=error.strerror or error)) from error
        try:
            return crypto.read_card(data)
        except crypto.BadCard as error:
            raise DvkError(_(
                "{name} is not a valid key card ({detail}); ask for a new one.").format(
                name=path.name, detail=error)) from error

    def trust(self, path: str | Path, fingerprint: str, *,
              years: int = DEFAULT_YEARS) -> crypto.Card:
        """Enrol another office's key after its fingerprint was read over the phone. A
        child office's key is certified for its part of the tree for `years`; the
        certificate itself is signed with the next bundle (when the key is unlocked)."""
        self.accounts.require(APPROVER)
        check_years(years)
        card = self.read_card(path)
        typed = crypto.normalise_fingerprint(fingerprint)
        if typed != crypto.normalise_fingerprint(card.fingerprint):
            raise DvkError(_(
                "The check code you typed does not match this key card. Call {unit} again "
                "and compare all {count} digits, group by group; the key was NOT "
                "enrolled.").format(unit=card.unit_name or card.unit_code,
                                    count=crypto.FINGERPRINT_DIGITS))
        office = self.units.office()
        relation = unit_tree.relation(self.file.db, self.units.profile, office, card.unit_code)
        if relation is None:
            raise DvkError(_(
                "The key card belongs to {unit} ({code}), which is neither a unit under this "
                "office nor the office above it. Only those keys can be enrolled.").format(
                unit=card.unit_name, code=card.unit_code))
        self._enrol(card.unit_code, card.unit_name, card.public_key, relation, years,
                    created_at=card.created_at)
        return card

    def _enrol(self, unit_code: str, unit_name: str, public_key: bytes, relation: str,
               years: int, created_at: str | None = None) -> None:
        self.accounts.require(APPROVER)
        expires = years_from(clock.now(), years) if relation == unit_tree.CHILD else None
        try:
            created = created_at if created_at and instant(created_at) else None
        except ValueError:
            created = None
        key_id = crypto.key_id(public_key)
        with self.file.transaction():
            sync_tables.add_trusted_key(self.file.db, key_id=key_id, unit_code=unit_code,
                                  unit_name=unit_name, public_key=public_key.hex(),
                                  fingerprint=crypto.fingerprint(public_key),
                                  actor=self.file.actor, scope=unit_code, expires_at=expires,
                                  key_created_at=created)
            audit.append(self.file.db, actor=self.file.actor, action="trust", kind="trusted_key",
                         record_id=key_id, detail=unit_code)
        self.file.events.emit(SYNC_CHANGED)

    def trust_public_key(self, unit_code: str, unit_name: str, public_key: bytes) -> None:
        """Enrol a key handed over in person (the demo generator's shortcut)."""
        office = self.units.office()
        relation = unit_tree.relation(self.file.db, self.units.profile, office, unit_code)
        self._enrol(unit_code, unit_name, public_key, relation or unit_tree.CHILD, DEFAULT_YEARS)

    def trusted(self) -> list[TrustedKey]:
        with storage_errors():
            return [TrustedKey.from_row(row) for row in sync_tables.trusted_keys(self.file.db)]


@dataclass
class ExportResult:
    path: Path
    recipient: str
    seq: int
    line: str
    sha256: str
    counts: dict[str, int]
    files: int
    size: int
    relayed: int = 0
    statements: int = 0
    encrypted: bool = False

    @property
    def records(self) -> int:
        return sum(self.counts.values())


@dataclass
class ImportResult:
    preview: Preview
    applied: bool


class SyncService:
    """Bundles: export for the parent or a child, verify, import with a preview."""

    def __init__(self, file: OfficeFile, *, accounts: Accounts, units: Units,
                 keys: Callable[[], KeyService], trust: Callable[[], TrustService],
                 audit_checkpoints: Callable[[], CheckpointService],
                 limits: Limits = LIMITS):
        self.file = file
        self.accounts = accounts
        self.units = units
        self._keys = keys
        self._trust = trust
        self._audit_checkpoints = audit_checkpoints
        self.limits = limits

    # -- partners ------------------------------------------------------------------------
    def partners(self) -> list[tuple[Unit, str]]:
        """The parent office and the child offices, with their relation."""
        office = self.units.office()
        result: list[tuple[Unit, str]] = []
        parent = self.units.parent_office()
        if parent is not None:
            result.append((parent, unit_tree.PARENT))
        with storage_errors():
            candidates = self.file.db.execute(
                "WITH RECURSIVE t(code) AS (SELECT ? UNION ALL SELECT u.code FROM units u"
                " JOIN t ON u.parent_code = t.code WHERE u.level <> 'coso')"
                " SELECT t.code FROM t JOIN units u ON u.code = t.code"
                " WHERE u.merged_into IS NULL", [office.code]).fetchall()
            for (code,) in candidates:
                if unit_tree.relation(self.file.db, self.units.profile, office,
                                 code) == unit_tree.CHILD:
                    result.append((self.units.require(code), unit_tree.CHILD))
        return result

    # -- export --------------------------------------------------------------------------
    def start_new_sequence_line(self, reason: str = "restore") -> str:
        """Number the next bundles on a new line. A restored backup calls this, so it
        cannot hand out a sequence number the recipients already saw (a fork)."""
        with self.file.transaction():
            line = sync_tables.start_line(self.file.db, reason)
            audit.append(self.file.db, actor=self.file.actor, action="new_line", kind="sync_line",
                         record_id=line, detail=reason)
        self.file.events.emit(SYNC_CHANGED)
        return line

    def can_encrypt_to(self, to: str) -> bool:
        """Does this office know a valid key of `to` (so a bundle for it is encrypted
        unless the clerk asks for a plain one)?"""
        with storage_errors():
            return self._trust().load().current_key(to, clock.stamp()) is not None

    def export(self, to: str, out: str | Path, *, passphrase: str | None = None,
               full: bool = False, new_line: bool = False, encrypt: bool | None = False,
               progress: Progress = NO_PROGRESS, batch: DownBatch | None = None
               ) -> ExportResult:
        """Write a signed bundle for `to`. `encrypt`: True, to the recipient's key (an
        error when none is known); None, whenever its key is known (what the window and
        the command line do unless a plain bundle is asked: a lost stick then shows no
        personal data, docs/privacy.md); False, plain. `batch`: the records of a
        send-down to many offices below, read once for all (app/sync/down_batch.py)."""
        self.accounts.require(APPROVER)  # signing a bundle: the approver's job
        office = self.units.office()
        recipient = self.units.get(to)
        relation = unit_tree.relation(self.file.db, self.units.profile, office, to) \
            if recipient else None
        if relation is None:
            raise DvkError(_(
                "{code} is neither the office above this one nor an office under it; bundles "
                "go only to those.").format(code=to))
        if recipient.merged_into:
            raise DvkError(_(
                "{name} ({code}) was merged into {into}; send bundles to the office of {into} "
                "instead.").format(name=recipient.name, code=to, into=recipient.merged_into))
        signing = self._keys().unlock(passphrase)
        problem = self._trust().own_problem()
        if problem:
            raise DvkError(problem)
        target = None
        if encrypt or encrypt is None:
            target = self._trust().load().current_key(to, clock.stamp())
            if target is None and encrypt:
                raise DvkError(_(
                    "This office knows no valid key of {code} to encrypt the bundle to. Enrol "
                    "its key card first (Data exchange > Keys), or export without "
                    "encryption.").format(code=to))
        path = Path(out)
        folder_given = path.is_dir()
        if not folder_given and not path.parent.is_dir():
            raise DvkError(_("The folder {folder} does not exist.").format(folder=path.parent))
        if new_line:
            self.start_new_sequence_line("new line asked for")
            full = True
        if batch is None:  # a send-down finishes them once, before its first export
            self.finish_pending()
        with storage_errors():
            full = full or sync_tables.last_lost(self.file.db, to)
        progress.report(0, 3, _("Collecting records"))
        written: dict[str, Any] = {}
        try:
            with self.file.transaction():
                self._trust().issue_pending(signing)
                self._audit_checkpoints().take(  # travels in this bundle when it goes up
                    signing, "export", even_unchanged=relation == unit_tree.PARENT)
                line = sync_tables.current_line(self.file.db) or sync_tables.start_line(self.file.db, "first")
                plan = exporter.plan(self.file.db, office=office.code, recipient=to,
                                     way=tree.travel(relation), line=line, full=full,
                                     batch=batch)
                if folder_given:
                    path = Path(out) / exporter.default_file_name(office.code, to, plan.seq,
                                                                  encrypted=target is not None)
                progress.report(1, 3, _("Signing"))
                data, sha = exporter.seal(plan, sender=office.code, sender_name=office.name,
                                          signing=signing)
                if target is not None:
                    data = sealed.seal(data, recipient=to, public_key=target[1])
                written["sha"] = sha
                sync_tables.add_outbox(self.file.db, recipient=to, line=line, seq=plan.seq,
                                 sha256=sha, max_rev=plan.max_rev, full=int(full),
                                 records=plan.records, file_name=path.name,
                                 created_at=clock.stamp(), written_to=str(path))
                trust_store.mark_relayed(self.file.db, plan.relayed, recipient=to, line=line,
                                         seq=plan.seq)
                progress.report(2, 3, _("Writing the file"))
                self._keep_sent_bundle(path, office.code)
                leftovers.clean(path.parent)
                # Complete on the stick, under its waiting name, before the row commits.
                written["part"] = write_part(path, data, sha)
        except OSError as error:
            self._drop_part(written)
            raise _write_error(path, error) from error
        except BaseException:
            if not self._committed(written):
                self._drop_part(written)
                raise
            # The commit went through though it reported a failure: go on.
        try:
            finish(written["part"], path, data)
        except OSError as error:
            if isinstance(error, ReadBackMismatch):
                self._lost(written["sha"])
            raise _finish_error(path, error) from error
        progress.report(3, 3, "")
        self.file.events.emit(SYNC_CHANGED)
        return ExportResult(path=path, recipient=to, seq=plan.seq, line=line, sha256=sha,
                            counts=plan.counts, size=len(data),
                            files=sum(1 for n, _d in plan.files if n.startswith("blobs/")),
                            relayed=len(plan.relayed), statements=plan.statements,
                            encrypted=target is not None)

    def _committed(self, written: dict[str, Any]) -> bool:
        """After a failure: was the outbox row committed all the same?"""
        if "part" not in written:
            return False
        try:
            with storage_errors():
                return sync_tables.has_outbox(self.file.db, written["sha"])
        except DvkError:
            return False

    def _lost(self, sha256: str) -> None:
        """A numbered bundle did not reach the stick intact: the next bundle to that
        office carries everything again (full), so nothing it held is missing there."""
        try:
            with self.file.transaction():
                sync_tables.mark_lost(self.file.db, sha256)
        except DvkError:
            pass

    @staticmethod
    def _drop_part(written: dict[str, Any]) -> None:
        part = written.get("part")
        if part is not None:
            Path(part).unlink(missing_ok=True)

    def finish_pending(self) -> list[Path]:
        """Finish exports cut off between their commit and the rename of the file (a
        power cut, a killed program, a stick pulled then put back): the bundle waiting
        complete on the stick under its temporary name takes its name now, so it is
        sent as numbered instead of a new bundle taking its number. Returns the files
        finished; one whose stick is not there waits for the next export."""
        finished = []
        try:
            with storage_errors():
                rows = sync_tables.last_written(self.file.db)
        except DvkError:
            return finished
        for row in rows:
            path = Path(row["written_to"])
            part = part_name(path, row["sha256"])
            try:
                if not part.is_file() or not self._is_bundle(part, row["sha256"]):
                    continue
                if path.exists() and self._manifest_sha(path) == row["sha256"]:
                    part.unlink()
                    continue
                self._keep_sent_bundle(path, self.file.office_code)
                finish(part, path)
            except OSError:
                continue
            finished.append(path)
        return finished

    def _is_bundle(self, path: Path, sha256: str) -> bool:
        """Is this waiting file the bundle `sha256`? An encrypted one cannot be opened
        here: its name, made from that hash, and its complete write (flushed before the
        row committed) vouch for it."""
        return self.is_sealed(path) or self._manifest_sha(path) == sha256

    @staticmethod
    def _manifest_sha(path: Path) -> str | None:
        import zipfile

        from app.signing import canonical
        from app.sync import manifest as mf

        try:
            if sealed.is_sealed(path.read_bytes()[:len(sealed.MAGIC)]):
                return None
            with zipfile.ZipFile(path) as archive:
                return canonical.sha256(archive.read(mf.MANIFEST))
        except (OSError, KeyError, zipfile.BadZipFile, ValueError, EOFError):
            return None

    def _keep_sent_bundle(self, path: Path, office: str) -> None:
        """A bundle this office sent is never overwritten by the next one (the clerk
        may not have carried it yet, or an export may be repeated after a crash): it is
        renamed to its numbered name beside the new one; an encrypted bundle, which
        cannot be recognised, is kept under a free name. Any other file is replaced."""
        import zipfile

        from app.signing import canonical
        from app.sync import manifest as mf

        if self.is_sealed(path):
            # Encrypted: its manifest cannot be read here, so it cannot be recognised;
            # it might be a bundle not yet carried. Keep it under a free name.
            for number in range(2, 1000):
                aside = path.with_name(f"{path.stem}-{number}{path.suffix}")
                if not aside.exists():
                    try:
                        fileops.retrying(lambda target=aside: path.rename(target), path)
                    except fileops.FileInUse:
                        raise  # never write over a bundle that could not be kept
                    except OSError:
                        pass
                    return
            return
        try:
            with zipfile.ZipFile(path) as archive:
                sha = canonical.sha256(archive.read(mf.MANIFEST))
        except (OSError, KeyError, zipfile.BadZipFile, ValueError, EOFError):
            return
        row = self.file.db.execute("SELECT recipient, seq FROM outbox WHERE sha256 = ?",
                                  [sha]).fetchone()
        if row is None:
            return
        keep = path.with_name(exporter.default_file_name(office, row[0], row[1]))
        if filenames.same_name(keep.name, path.name):  # one file on Windows: keep it aside
            keep = filenames.free_name(keep)
        if not keep.exists():
            try:
                fileops.retrying(lambda: path.rename(keep), path)
            except fileops.FileInUse:
                raise  # never write over a bundle that could not be kept
            except OSError:
                return

    # -- verify and import ---------------------------------------------------------------
    def is_sealed(self, path: str | Path) -> bool:
        """The file is an encrypted bundle (its import needs the passphrase)."""
        try:
            with open(path, "rb") as fp:
                return sealed.is_sealed(fp.read(len(sealed.MAGIC)))
        except OSError:
            return False

    def needs_passphrase(self, path: str | Path) -> bool:
        """The file is an encrypted bundle for this office (refused at once when it is
        for another office: no passphrase is asked for nothing)."""
        if not self.is_sealed(path):
            return False
        with storage_errors():
            own = frozenset(row[0] for row in self.file.db.execute(
                "SELECT key_id FROM office_keys"))
        self._sealed_header(Path(path), own)
        return True

    def read(self, path: str | Path, passphrase: str | None = None) -> Bundle:
        path = Path(path)
        with storage_errors():
            own = frozenset(row[0] for row in self.file.db.execute(
                "SELECT key_id FROM office_keys"))
            trust = self._trust().load()
            if not self.is_sealed(path):
                return read_bundle(path, trust, self.limits, own)
            data = self._open_sealed(path, own, passphrase)
            return read_bytes(data, path=path, trust=trust, limits=self.limits,
                              own_key_ids=own)

    def _sealed_header(self, path: Path, own: frozenset[str]) -> tuple[sealed.Header, bytes]:
        try:
            if path.stat().st_size > self.limits.max_bundle:
                raise BundleRefused("too_large", _(
                    "The file is too large to be a bundle; it was refused and nothing was "
                    "changed."))
            data = path.read_bytes()
        except OSError as error:
            raise BundleRefused("unreadable", _(
                "The file {name} cannot be read ({detail}). Check the USB stick and try "
                "again.").format(name=path.name, detail=error.strerror or error)) from error
        try:
            header = sealed.read_header(data)
        except sealed.SealError as error:
            raise _sealed_damaged(error) from error
        if header.recipient != self.file.office_code or header.key_id not in own:
            raise BundleRefused("sealed_elsewhere", _(
                "This bundle is encrypted for {recipient} (key {key_id}); only that office "
                "can open it, with its own key. Give it to that office; nothing was changed."
            ).format(recipient=header.recipient, key_id=header.key_id))
        return header, data

    def _open_sealed(self, path: Path, own: frozenset[str], passphrase: str | None) -> bytes:
        header, data = self._sealed_header(path, own)
        signing = self._keys().unlock_key(header.key_id, passphrase)
        try:
            return sealed.open_sealed(data, signing)
        except sealed.SealError as error:
            raise _sealed_damaged(error) from error

    def prepare(self, path: str | Path, passphrase: str | None = None) -> Preview:
        """Verify and classify every record; no write at all."""
        bundle = self.read(path, passphrase)
        return self._prepare(bundle)

    def _prepare(self, bundle: Bundle) -> Preview:
        office = self.units.office()
        with storage_errors():
            state = self._state()
            own = frozenset(row[0] for row in self.file.db.execute(
                "SELECT key_id FROM office_keys"))
            trust = self._trust().load()
            preview = importer.prepare(
                self.file.db, bundle, office=office, profile=self.units.profile,
                limits=self.limits,
                open_relayed=lambda outer: open_relayed(outer, trust, self.limits, own))
        preview.base_state = state  # what the preview was computed against
        return preview

    def _state(self) -> tuple[int, int]:
        """Changes since a preview show here: the local change counter moves with every
        record written, the inbox with every bundle applied."""
        return tuple(self.file.db.execute(
            "SELECT (SELECT rev FROM sync_clock WHERE id = 1),"
            " (SELECT coalesce(max(id), 0) FROM inbox)").fetchone())

    def verify(self, path: str | Path, passphrase: str | None = None) -> Preview:
        """Check a bundle as an import would, writing nothing to the data file; a refusal
        is logged like an import's."""
        try:
            return self.prepare(path, passphrase)
        except BundleRefused as error:
            refusals.record(bundle=Path(path), database=str(self.file.path),
                            reason=error.reason, message=error.message, action="verify")
            raise

    def apply(self, preview: Preview, progress: Progress = NO_PROGRESS) -> bool:
        """Write a prepared bundle in one transaction; False when already applied."""
        if preview.already_applied:
            return False
        self.accounts.require(CLERK)
        # An office in the middle keeps its children's bundles to forward them whole up,
        # and its parent's to forward them whole down.
        keep = frozenset(way for way, has in (
            (importer.UP, self.units.parent_office() is not None),
            (importer.DOWN, any(rel == unit_tree.CHILD for _unit, rel in self.partners())))
            if has)
        try:
            with self.file.transaction():
                # Under the write lock now: another window or program may have imported
                # this very bundle, or changed records, since the preview was made.
                if getattr(preview, "base_state", None) != self._state():
                    fresh = self._prepare(preview.bundle)
                    preview.__dict__.update(fresh.__dict__)
                    if preview.already_applied:
                        return False
                importer.apply(self.file.db, preview, actor=self.file.actor, progress=progress,
                               keep_for_relay=keep)
                # What came from above is acknowledged in the next bundle up.
                receipts.record(self.file.writer(), [
                    part for part in preview.every_preview() if not part.already_applied])
        except INTEGRITY_ERRORS as error:  # rolled back: nothing was written
            raise BundleRefused("integrity", _(
                "The bundle holds records this office cannot store ({detail}). It was "
                "refused and nothing was changed.").format(detail=error)) from error
        self.file.events.emit(REGISTRATIONS_CHANGED)
        self.file.events.emit(UNITS_CHANGED)
        self.file.events.emit(SYNC_CHANGED)
        return True

    def import_bundle(self, path: str | Path, *, dry_run: bool = False,
                      progress: Progress = NO_PROGRESS,
                      passphrase: str | None = None) -> ImportResult:
        """Verify, preview, apply. A refusal is logged outside the database. Importing
        (its preview too) is the data-entry clerk's job; `verify` needs no role."""
        self.accounts.require(CLERK)
        try:
            preview = self.prepare(path, passphrase)
            applied = False if dry_run else self.apply(preview, progress)
        except BundleRefused as error:
            if not dry_run:
                refusals.record(bundle=Path(path), database=str(self.file.path),
                                reason=error.reason, message=error.message)
            raise
        return ImportResult(preview=preview, applied=applied)

    # -- review -----------------------------------------------------------------------------
    def conflicts(self, *, include_reviewed: bool = False) -> list[Conflict]:
        with storage_errors():
            return sync_tables.conflicts(self.file.db, include_reviewed=include_reviewed)

    def current_version(self, kind_name: str, key: str) -> KeptVersion | None:
        """The version this office keeps now, to show beside the one kept aside (None:
        an unknown kind, or no such record here)."""
        kind = get_kind(kind_name)
        if kind is None:
            return None
        columns = exporter.travelling_columns(self.file.db, kind)
        with storage_errors():
            row = self.file.db.execute(
                f"SELECT {', '.join(f'[{c}]' for c in columns)} FROM [{kind.table}]"
                f" WHERE [{kind.key}] = ?", [key]).fetchone()
        return KeptVersion.from_row(kind_name, key, dict(zip(columns, row, strict=True))) \
            if row else None

    def mark_reviewed(self, conflict_id: int) -> None:
        self.accounts.require(CLERK)
        with self.file.transaction():
            if not sync_tables.mark_reviewed(self.file.db, conflict_id, self.file.actor):
                raise DvkError(_("No open conflict has the number {id}.").format(
                    id=conflict_id))
        self.file.events.emit(SYNC_CHANGED)

    def inbox(self) -> list[InboxEntry]:
        """The last 50 bundles imported here, newest first."""
        with storage_errors():
            return [InboxEntry.from_row(row) for row in sync_tables.inbox(self.file.db)]

    def outbox(self) -> list[OutboxEntry]:
        """The last 50 bundles this office wrote, newest first."""
        with storage_errors():
            return [OutboxEntry.from_row(row) for row in sync_tables.outbox(self.file.db)]

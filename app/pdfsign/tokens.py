"""USB tokens through their maker's PKCS#11 driver (python-pkcs11).

A token driver is a library the office installs with the token's software (a DLL on
Windows: README, "Chữ ký số"). DVK loads it when a clerk signs or lists tokens, never
at start. Slots are numbered as the driver lists them, from 0 (`--slot N`); a
certificate is chosen by its label or the first characters of its SHA-256 fingerprint.
Certificates are public objects of the token: they are read without the PIN; the
private key is found after the PIN opened the token, by the certificate's CKA_ID.

Every failure of the driver or the token becomes a message that says what happened
and what to do (`explain`): a wrong PIN, a locked token, a token pulled out, a slot
that does not exist, a driver that is missing or is no PKCS#11 driver.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import DvkError
from app.i18n import _
from app.pdfsign.certinfo import CertificateInfo


@dataclass(frozen=True)
class TokenCertificate:
    slot: int
    token_label: str
    key_id: bytes
    label: str
    info: CertificateInfo

    def matches(self, wanted: str) -> bool:
        """`wanted`: the certificate's label, or the start of its SHA-256 (8 or more)."""
        wanted = wanted.strip()
        if not wanted:
            return True
        compact = wanted.replace(":", "").replace(" ", "").lower()
        return wanted == self.label or (len(compact) >= 8 and
                                        self.info.sha256.startswith(compact))


@dataclass(frozen=True)
class TokenSlot:
    index: int
    description: str
    token_label: str | None  # None: no token in this slot (a reader with nothing in it)
    manufacturer: str = ""
    serial: str = ""
    certificates: list[TokenCertificate] = field(default_factory=list)


def _pkcs11():
    try:
        import pkcs11
    except ImportError as error:  # pragma: no cover - a broken installation
        raise DvkError(_(
            "The part of DVK that talks to tokens (python-pkcs11) is missing: install "
            "DVK again.")) from error
    return pkcs11


def load(module: str | Path):
    """The driver at `module`, loaded (python-pkcs11 keeps one per path)."""
    if not str(module).strip():
        raise DvkError(_(
            "No token driver is set. Give the token driver's file (for example "
            "C:\\Windows\\System32\\<driver>.dll; README, section Chữ ký số) with "
            "--pkcs11, or set it once: dvk pdf-settings set module FILE."))
    path = Path(module)
    if not path.is_file():
        raise DvkError(_(
            "The token driver {path} was not found. Install the token's software from "
            "its provider (or plug the token in, if its software installs itself from "
            "it), then check the driver's file name (README, section Chữ ký số)."
        ).format(path=path))
    pkcs11 = _pkcs11()
    try:
        return pkcs11.lib(str(path))
    except (pkcs11.PKCS11Error, OSError) as error:
        raise DvkError(_(
            "{path} cannot be used as a token driver ({detail}). Choose the PKCS#11 "
            "driver the token's software installed (a DLL on Windows: README, section "
            "Chữ ký số).").format(path=path, detail=error)) from None


def explain(error: BaseException) -> DvkError:
    """A failure of the token, worded for a clerk (the original is kept as cause)."""
    pkcs11 = _pkcs11()
    exc = pkcs11.exceptions
    seen = error
    while seen is not None and not isinstance(seen, pkcs11.PKCS11Error):
        seen = seen.__cause__ or seen.__context__
    error = seen or error
    if isinstance(error, exc.PinIncorrect):
        return DvkError(_(
            "The PIN is wrong; nothing was signed. Type it again carefully: after a few "
            "wrong PINs in a row the token locks itself."))
    if isinstance(error, exc.PinLocked):
        return DvkError(_(
            "The token is locked after too many wrong PINs; nothing was signed. Ask the "
            "token's provider (or the unit that manages the office's tokens) to unlock it."))
    if isinstance(error, exc.PinExpired):
        return DvkError(_(
            "The token's PIN has expired; change it with the token's own software, then "
            "sign again."))
    if isinstance(error, exc.PinLenRange | exc.PinInvalid):
        return DvkError(_(
            "The token does not accept a PIN of this length or with these characters; "
            "type the PIN the token's provider gave (or the one you set)."))
    if isinstance(error, exc.UserPinNotInitialized):
        return DvkError(_(
            "This token has no user PIN yet; set it up with the token's own software first."))
    if isinstance(error, exc.TokenNotPresent | exc.DeviceRemoved | exc.SessionClosed |
                  exc.SessionHandleInvalid | exc.TokenNotRecognised | exc.SlotIDInvalid |
                  exc.NoSuchToken):
        return DvkError(_(
            "The token is not plugged in or was pulled out; nothing was signed. Plug it "
            "in (wait until its light is steady) and sign again."))
    if isinstance(error, exc.NoSuchKey | exc.MultipleObjectsReturned):
        return DvkError(_(
            "The token holds no private key for this certificate; choose another "
            "certificate, or ask the token's provider."))
    if isinstance(error, exc.DeviceMemory | exc.DeviceError | exc.GeneralError |
                  exc.FunctionFailed):
        return DvkError(_(
            "The token did not answer properly ({name}): it may have been pulled out, or "
            "be faulty; nothing was signed. Plug it in again (wait until its light is "
            "steady) and sign again; if it happens again, ask its provider."
        ).format(name=type(error).__name__))
    if type(error) is pkcs11.PKCS11Error and "private key" in str(error):
        return DvkError(_(  # pyHanko found the certificate but no key with its id
            "The token holds no private key for this certificate; choose another "
            "certificate, or ask the token's provider."))
    if isinstance(error, pkcs11.PKCS11Error):
        return DvkError(_(
            "The token refused ({name}{detail}); nothing was signed.").format(
            name=type(error).__name__, detail=f": {error}" if str(error) else ""))
    return DvkError(str(error))


def _guarded(action):
    pkcs11 = _pkcs11()
    try:
        return action()
    except pkcs11.PKCS11Error as error:
        raise explain(error) from error


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else \
        bytes(value).decode("utf-8", "replace").strip() if value else ""


def _certificates(pkcs11, token, index: int) -> list[TokenCertificate]:
    from pkcs11 import Attribute, ObjectClass

    found = []
    with token.open() as session:
        for obj in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}):
            try:
                der = bytes(obj[Attribute.VALUE])
                key_id = bytes(obj[Attribute.ID])
                label = _text(obj[Attribute.LABEL])
            except pkcs11.PKCS11Error:
                continue
            try:
                info = CertificateInfo.from_der(der)
            except DvkError:
                continue  # not an X.509 certificate DVK can read: not offered
            found.append(TokenCertificate(slot=index, token_label=_text(token.label),
                                          key_id=key_id, label=label, info=info))
    return found


def slots(module: str | Path) -> list[TokenSlot]:
    """Every slot of the driver, with the token in it and its certificates."""
    pkcs11 = _pkcs11()
    lib = load(module)

    def read() -> list[TokenSlot]:
        result = []
        for index, slot in enumerate(lib.get_slots()):
            description = _text(slot.slot_description)
            if not slot.flags & pkcs11.SlotFlag.TOKEN_PRESENT:
                result.append(TokenSlot(index, description, None))
                continue
            try:
                token = slot.get_token()
            except pkcs11.PKCS11Error:
                result.append(TokenSlot(index, description, None))
                continue
            certificates = _certificates(pkcs11, token, index) \
                if token.flags & pkcs11.TokenFlag.TOKEN_INITIALIZED else []
            result.append(TokenSlot(index, description, _text(token.label),
                                    _text(token.manufacturer_id), _text(token.serial),
                                    certificates))
        return result

    return _guarded(read)


def choose(module: str | Path, slot: int | None = None,
           certificate: str = "") -> TokenCertificate:
    """The certificate to sign with: in `slot` (or the only token with certificates),
    the one named `certificate` (or the only one there)."""
    found = slots(module)
    if slot is not None:
        if slot < 0 or slot >= len(found):
            raise DvkError(_(
                "The token driver has no slot {slot} (it has {count}: 0 to {last}). Is "
                "the token plugged in? dvk pdf-tokens lists the slots and their tokens."
            ).format(slot=slot, count=len(found), last=max(len(found) - 1, 0)))
        if found[slot].token_label is None:
            raise DvkError(_(
                "Slot {slot} of the token driver holds no token: the token is not plugged "
                "in or was pulled out. Plug it in and sign again.").format(slot=slot))
        found = [found[slot]]
    candidates = [c for s in found for c in s.certificates
                  if c.matches(certificate) and can_sign(c)]
    if not candidates:
        if certificate:
            raise DvkError(_(
                "No certificate named {name} is on the token (dvk pdf-tokens lists them)."
            ).format(name=certificate))
        if not any(s.token_label is not None for s in found):
            raise DvkError(_(
                "No token is plugged in (the driver sees none). Plug the token in, wait "
                "until its light is steady, and sign again."))
        raise DvkError(_("The token holds no certificate to sign with; ask its provider."))
    if len(candidates) > 1:
        names = "; ".join(_("{label} ({fingerprint}, slot {slot})").format(
            label=c.label or c.info.subject, fingerprint=c.info.sha256[:12], slot=c.slot)
            for c in candidates)
        raise DvkError(_(
            "There are several certificates ({names}); choose one with --cert LABEL or "
            "--cert FINGERPRINT (and --slot N).").format(names=names))
    return candidates[0]


def can_sign(certificate: TokenCertificate) -> bool:
    """Not a CA's certificate kept on the token beside the signer's (it signs nothing)."""
    from app.pdfsign.anchors import is_authority

    return not is_authority(certificate.info)


def open_session(module: str | Path, slot: int, pin: str):
    """A session on the token in `slot`, signed in with the user PIN."""
    pkcs11 = _pkcs11()
    lib = load(module)

    def opened():
        all_slots = lib.get_slots()
        if slot >= len(all_slots):
            raise pkcs11.exceptions.SlotIDInvalid()
        return all_slots[slot].get_token().open(user_pin=pin)

    return _guarded(opened)

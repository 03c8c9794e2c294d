"""What a service needs of a service on another floor, as an interface (issue 21,
points 1 and 2).

Services get their collaborators in their constructors (app/context.py wires them).
A collaborator on the same floor or below is named by its class; one across the floors
of docs/ARCHITECTURE.md (the exchange's services and the office's services are
siblings that do not import each other; certificates sit below both) is named by one
of these Protocols, which hold only what the callers use. `UnitService`,
`AccountService`, `KeyService`, `TrustService` and `CheckpointService` fit them as they
are (nothing inherits from them); the floors contract in pyproject.toml checks that
nobody imports across instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import datetime as dt

    import nacl.signing

    from app.domain.keys import KnownKey, OwnKey
    from app.domain.registration import RegistrationInput
    from app.domain.registration_record import Registration
    from app.domain.units import Unit
    from app.repositories.records import RecordWriter


class Accounts(Protocol):
    """app/services/accounts.py::AccountService"""

    def require(self, role: str) -> None: ...


class Units(Protocol):
    """app/services/units.py::UnitService"""

    @property
    def profile(self) -> str: ...

    def get(self, code: str | None) -> Unit | None: ...

    def require(self, code: str) -> Unit: ...

    def office(self) -> Unit: ...

    def parent_office(self) -> Unit | None: ...

    def add_subunit(self, name: str, unit_type: str, parent_code: str | None = None
                    ) -> Unit: ...


class Registrations(Protocol):
    """app/services/registrations.py::RegistrationService (the Excel import writes rows
    through its checks, as the form does)"""

    def get(self, registration_id: str) -> Registration: ...

    def to_input(self, registration_id: str) -> RegistrationInput: ...

    def registration_deadline(self, year: int) -> dt.date | None: ...

    def proposed_receiving_body(self, subject: str, subunit_code: str | None) -> str: ...

    def check(self, reg: RegistrationInput, *, subunit: Any = ...
              ) -> tuple[RegistrationInput, dict[str, str]]: ...

    def write_checked(self, writer: RecordWriter, cleaned: RegistrationInput,
                      registration_id: str | None = None, *,
                      expected_version: int | None = None, new_id: str | None = None,
                      unit_code: str | None = None) -> str: ...

    def insert_checked(self, writer: RecordWriter,
                       items: list[tuple[RegistrationInput, str | None]],
                       unit_code: str | None = None) -> list[str]: ...


class Keys(Protocol):
    """app/sync/service.py::KeyService"""

    def has_key(self) -> bool: ...

    def own(self) -> OwnKey | None: ...

    def create_made(self) -> OwnKey: ...

    def unlock(self, passphrase: str | None) -> nacl.signing.SigningKey: ...

    def lock(self) -> None: ...


class Trust(Protocol):
    """app/sync/trust_service.py::TrustService"""

    def load(self) -> Any: ...  # app/sync/trust.py::Trust, the rule loaded once

    def keys(self) -> list[KnownKey]: ...


class Checkpoints(Protocol):
    """app/sync/checkpoint_service.py::CheckpointService"""

    def take(self, signing: nacl.signing.SigningKey, occasion: str, *,
             even_unchanged: bool = False) -> Any: ...

    def state(self) -> Any: ...  # its LogState

    def limits(self) -> str: ...

    def children(self) -> list[Any]: ...  # its OfficeBelow rows

"""JSON Schemas of what travels: every record kind (from the kinds registry and the
tables the migrations make), the manifest, trust statements, key cards and the header
of an encrypted bundle. `python tools/openformat.py` writes them into docs/schema/ with the
reference page docs/records.md; a test regenerates them and fails when the committed
files are stale, and validates real bundles against them.

Nothing here is typed by hand that the code already knows: the fields of a kind are the
columns of its table minus the local and derived ones (kinds.py), their types and
whether they may be empty come from the table, allowed values and ranges from the
table's CHECK constraints, references from kinds.py. What is typed here is what a
reader needs to know and the code cannot say: the meaning of each field and code, and
the few limits a bundle adds to the table (a decision travels only once issued...).
A column a later migration adds appears in the schema by itself; its meaning reads
"(not described yet)" until a line is added to FIELDS below, and the generator lists
it.
"""

from __future__ import annotations

import re
from typing import Any

from sqlite_utils import Database

from app.domain import privacy, scoring
from app.domain import recognition as rec
from app.domain import registration as reg
from app.domain.limits import limit
from app.domain.units import LEVEL_NAMES, UNIT_TYPES
from app.i18n import N_
from app.repositories import table_columns
from app.signing import canonical
from app.sync import kinds, manifest, sealed, trust_statements
from app.sync.authority import RULES
from app.sync.checkpoint_service import OCCASIONS
from app.sync.kinds import SyncKind, all_kinds

DRAFT = "https://json-schema.org/draft/2020-12/schema"
BASE = "https://dvk.invalid/schema/"  # a name, not a place: the files are in docs/schema/
STAMP = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$"
DAY = r"^\d{4}-\d\d-\d\d$"
HEX64 = r"^[0-9a-f]{64}$"
KEY_ID = r"^[0-9a-f]{16}$"
UNIT_CODE = r"^[0-9A-Za-z][0-9A-Za-z_.-]{0,63}$"
UNDESCRIBED = "(not described yet)"

# -- meanings ----------------------------------------------------------------------------
COMMON = {
    "id": N_("The record's identity across offices: a UUID in lower-case hex with dashes "
          "(for `unit_mergers`, derived from `unit_code`)."),
    "origin": N_("Unit code of the office that created the record (`VN` for data shipped with "
              "DVK). A record never changes origin."),
    "version": N_("1 when created, increased by one on every change; the greatest version "
               "wins (docs/bundle-format.md, Merging)."),
    "created_at": N_("When the record was created (UTC)."),
    "updated_at": N_("When the record was last changed (UTC)."),
    "updated_by": N_("Who changed it last: the account name, or the office's label; may be empty."),
    "removed": N_("1 when the row was removed (rows are never deleted), else 0."),
    "position": N_("Order among the rows of the same parent, from 1."),
}

FIELDS: dict[str, dict[str, str]] = {
    "units": {
        "id": N_("A UUID of the unit row (units are identified across offices by `code`)."),
        "code": N_("The unit's code: the official administrative code for provinces and "
                "communes (resources/units-2025.json), `<province>-<8 hex digits>` for a "
                "district of the three-tier profile, `<parent code>-<number>` for a sub-unit."),
        "name": N_("Full name as written on papers (NFC), e.g. \"Thôn Đông\"."),
        "type": N_("Type of unit (see the codes)."),
        "level": N_("Level: province, district, commune or grassroots (see the codes)."),
        "parent_code": N_("Code of the unit it belongs to; null for a province."),
        "official": N_("1 for a unit of the national list (these never travel), else 0."),
        "valid_from": N_("First day the unit exists, when known."),
        "valid_to": N_("Last day, for a unit merged away (the merger's day)."),
        "merged_into": N_("Code of the unit it was merged into (sáp nhập), or null."),
        "merged_on": N_("The day of that merger, or null."),
    },
    "persons": {
        "full_name": N_("The individual exemplar's full name."),
        "birth_year": N_("Year of birth, or null (personal data: not in the open-data export "
                      "unless asked)."),
        "gender": N_("Gender, or null."),
        "position": N_("Position or occupation as written on the form."),
        "address": N_("Address (personal data)."),
        "phone": N_("Phone number (personal data)."),
        "consent_on": N_("The day the individual consented to their personal data being "
                         "kept (a Vietnam date), or null when none is recorded."),
        "consent_how": N_("How the consent was given (see the codes), or empty."),
        "erased_on": N_("The day this person's personal data was erased (a Vietnam date), "
                        "or null; the name then reads \"[đã xóa]\" and the other personal "
                        "fields are empty."),
    },
    "registrations": {
        "year": N_("Campaign year of the registration."),
        "kind": N_("Model (mô hình) or exemplar (điển hình)."),
        "subject": N_("Collective (tập thể) or individual (cá nhân)."),
        "unit_code": N_("The office (commune, district or province) where it is registered."),
        "subunit_code": N_("The sub-unit (village, Party cell, association...) that carries it "
                        "out, or null."),
        "person_id": N_("The individual (`persons`), required when `subject` is `ca_nhan`."),
        "registrant": N_("The collective or person registering, as printed."),
        "name": N_("Name of the model or exemplar."),
        "field": N_("Field of the movement, 1 to 4 (see the codes)."),
        "mode": N_("Newly built or a replication of an earlier model."),
        "replicates_id": N_("The registration it replicates (`mode` `nhan_rong`), or null."),
        "situation": N_("Form section: the situation before (multi-line text)."),
        "goals": N_("Form section: goals."),
        "content_methods": N_("Form section: content and methods."),
        "area": N_("Where it is carried out."),
        "target_group": N_("Who it addresses."),
        "force_lead": N_("The force that leads it."),
        "force_coordinating": N_("Forces that coordinate."),
        "force_participating": N_("Forces that take part."),
        "resources": N_("Resources and funding."),
        "start_date": N_("Planned start, or null."),
        "end_date": N_("Planned end, or null."),
        "outputs": N_("Form section: expected results."),
        "sustainability": N_("Form section: how it lasts and spreads."),
        "registered_on": N_("Day of registration."),
        "receiving_body": N_("The body that receives the registration (DOMAIN.md)."),
        "contact_phone": N_("Contact phone of the registrant (personal data for an individual)."),
        "status": N_("Registered or withdrawn."),
        "withdraw_reason": N_("Why it was withdrawn (required when `status` is `rut`)."),
        "withdrawn_on": N_("Day it was withdrawn, or null."),
    },
    "targets": {
        "registration_id": N_("The registration."),
        "indicator": N_("What is measured."),
        "target": N_("The target value (a number, may have a fraction), or null."),
        "unit_of_measure": N_("Unit of the value (km, hộ, %...)."),
    },
    "milestones": {
        "registration_id": N_("The registration."),
        "due_on": N_("Day of the milestone, or null."),
        "description": N_("What happens then."),
    },
    "evidence": {
        "registration_id": N_("The registration."),
        "file_name": N_("Name of the file as the clerk added it."),
        "media_type": N_("Its media type (image/png, application/pdf...)."),
        "size": N_("Its size in bytes."),
        "sha256": N_("SHA-256 of its content, lower-case hex; the content travels as "
                  "`blobs/<sha256>` when the recipient may not have it."),
        "caption": N_("A caption."),
    },
    "rubrics": {
        "family": N_("The rubric's family: its editions share it."),
        "edition": N_("Edition number, from 1; a locked rubric is edited as a new edition."),
        "name": N_("Name of the rubric."),
        "subject": N_("For collectives or individuals."),
        "note": N_("A note."),
        "suggested": N_("1 for a suggested default shipped with DVK."),
        "threshold_top": N_("Total (in tenths of a point) from which a model is outstanding."),
        "threshold_pass": N_("Total (in tenths of a point) from which a model passes."),
        "locked": N_("1 once a score sheet uses it (it no longer changes)."),
        "supersedes_id": N_("The edition it replaces, or null."),
        "council_total": N_("How the council's total of a sheet is made (see the codes); part "
                            "of the edition, printed on the sheet."),
    },
    "rubric_items": {
        "rubric_id": N_("The rubric."),
        "kind": N_("A prerequisite (pass or fail) or a scored criterion."),
        "code": N_("The item's number as printed (\"1\", \"2.a\"...)."),
        "text": N_("The criterion as printed."),
        "max_tenths": N_("Highest score, in tenths of a point (0 for a prerequisite)."),
        "guidance": N_("How to score it."),
        "evidence": N_("The evidence expected."),
    },
    "rubric_assignments": {
        "year": N_("Campaign year."),
        "level": N_("The level that scores with the rubric."),
        "subject": N_("Collectives or individuals."),
        "rubric_id": N_("The rubric that applies."),
    },
    "score_sheets": {
        "registration_id": N_("The model scored."),
        "year": N_("Campaign year."),
        "level": N_("The level that scores (the office's recognition level)."),
        "rubric_id": N_("The rubric used."),
        "state": N_("Where the sheet stands (see the codes); a locked sheet never changes."),
        "return_reason": N_("Why it was returned (required when `state` is `tra_lai`)."),
        "edition": N_("1, or the number of a correction of a locked sheet."),
        "supersedes_id": N_("The locked sheet this correction replaces, or null."),
        "correction_reason": N_("Why it was corrected."),
        "check_of": N_("For a second keying of the same paper (double entry): the sheet it "
                    "checks, or null."),
        "keyed_by": N_("Who typed the scores in."),
        "remarks": N_("Remarks."),
        "submitted_on": N_("Day submitted, or null."),
        "approved_on": N_("Day approved, or null."),
        "locked_on": N_("Day locked, or null."),
        "self_from": N_("The sheet of the level below whose approved self scores this "
                        "sheet started with (the commune's self-assessment carried up), or "
                        "\"\" when they were typed."),
    },
    "sheet_lines": {
        "sheet_id": N_("The score sheet."),
        "item_id": N_("The rubric item."),
        "self_tenths": N_("The self-assessed score in tenths of a point (85 = 8.5 points), or null."),
        "passed": N_("For a prerequisite: 1 met, 0 not met, null not judged."),
        "remarks": N_("Remarks."),
        "evidence": N_("Evidence cited."),
    },
    "council_members": {
        "sheet_id": N_("The score sheet."),
        "name": N_("The council member's name."),
        "role": N_("Role in the council."),
    },
    "council_scores": {
        "sheet_id": N_("The score sheet."),
        "member_id": N_("The council member."),
        "item_id": N_("The rubric item."),
        "tenths": N_("The member's score in tenths of a point, or null."),
        "remark": N_("A remark."),
    },
    "proposals": {
        "year": N_("Campaign year."),
        "from_level": N_("The level of the office that proposes."),
        "to_level": N_("The level it proposes to (the next one up)."),
        "office_code": N_("The proposing office."),
        "addressee_code": N_("The office it is addressed to, or null."),
        "addressee": N_("The addressee as printed."),
        "number": N_("Number of the proposal (tờ trình) as printed."),
        "state": N_("Only sent proposals travel."),
        "sent_on": N_("Day it was sent."),
        "note": N_("A note."),
    },
    "proposal_items": {
        "proposal_id": N_("The proposal."),
        "registration_id": N_("The model proposed."),
        "reason": N_("Why it is proposed."),
        "rating": N_("Its rating at the proposing level, or empty."),
        "total_tenths": N_("Its total score in tenths of a point, or null."),
    },
    "recognition_steps": {
        "registration_id": N_("The model."),
        "year": N_("Campaign year."),
        "level": N_("The level that took the step."),
        "step": N_("Recognised, refused, proposed to the level above, or returned."),
        "to_level": N_("For a proposal: the level proposed to."),
        "proposal_id": N_("The proposal it went in, or null."),
        "actor": N_("Who took the step."),
        "at": N_("When (UTC)."),
        "reason": N_("Why (required to refuse or return)."),
        "step_no": N_("Order of steps written at the same time, from 1."),
    },
    "decisions": {
        "year": N_("Campaign year."),
        "level": N_("The level that recognises (the issuer's)."),
        "issuer_code": N_("The office that issued the decision."),
        "issuer": N_("The issuing body as printed."),
        "system": N_("Party or State layout of the paper."),
        "number": N_("Number as printed, e.g. \"05-QĐ/BCĐ\"."),
        "number_seq": N_("The number's place in the office's numbering book, or null."),
        "number_scope": N_("The numbering book."),
        "decided_on": N_("Day of the decision."),
        "state": N_("Only issued decisions travel."),
        "amends_id": N_("The decision it amends, or null."),
        "amend_reason": N_("Why (required when amending)."),
        "period": N_("The movement period printed (\"2026 - 2030\")."),
        "signer_on_behalf": N_("\"T/M\" line of the signature block."),
        "signer_title": N_("Title of the signer."),
        "signer_name": N_("Name of the signer."),
        "paper": N_("The paper as issued, frozen: canonical JSON of every text printed on the "
                    "decision and what its certificates share (docs/papers.md); empty for "
                    "decisions issued before papers were frozen."),
        "paper_sha256": N_("SHA-256 of the decision's PDF rendered from `paper`, or empty."),
        "emblem_sha256": N_("SHA-256 of the certificates' emblem (a file travelling as "
                            "blobs/<sha256>), or empty."),
    },
    "decision_signatures": {
        "decision_id": N_("The issued decision this PDF signs."),
        "paper_sha256": N_("SHA-256 of the decision's PDF signed: as issued (its "
                           "paper_sha256), or as it read after a person's data on it was "
                           "erased. The signed PDF begins with those bytes."),
        "texts_sha256": N_("SHA-256 of the frozen texts that PDF was rendered from (the "
                           "decision's and its lines' paper): a copy of texts the decision "
                           "no longer has, after an erasure, is withdrawn."),
        "pdf_sha256": N_("SHA-256 of the signed PDF, which travels as blobs/<sha256>; a copy "
                         "withdrawn because personal data on it was erased travels without "
                         "it (its bytes deleted, docs/privacy.md)."),
        "previous_sha256": N_("The signed PDF this one adds a signature to (empty: the "
                              "first signature, over the paper itself)."),
        "signer": N_("The signing certificate's holder (its common name)."),
        "organisation": N_("The organisation the signing certificate names."),
        "certificate_issuer": N_("The authority that issued the signing certificate."),
        "certificate_sha256": N_("SHA-256 of the signing certificate (DER)."),
        "signed_at": N_("When it was signed (UTC), as the signature states."),
        "level": N_("PAdES baseline level: B-B, or B-T with a timestamp."),
    },
    "decision_items": {
        "decision_id": N_("The decision."),
        "registration_id": N_("The model recognised (its registration may be held only by "
                           "the office that registered it: the item carries a snapshot)."),
        "model_name": N_("Name of the model at the time of the decision."),
        "registrant": N_("The collective or person recognised."),
        "unit_code": N_("The unit of the model."),
        "unit_name": N_("That unit's name."),
        "field": N_("Field, 1 to 4."),
        "subject": N_("Collective or individual."),
        "detail": N_("A further line printed under the name (a person's position)."),
        "rating": N_("Rating, or empty."),
        "total_tenths": N_("Total score in tenths of a point, or null."),
        "certificate_number": N_("Number in the certificate register, e.g. \"02/GCN\"."),
        "certificate_seq": N_("Its place in the register, or null."),
        "paper": N_("The item's line of the annex and its certificate as issued, frozen "
                    "(canonical JSON, with the certificate's signed code), or empty."),
    },
    "periods": {
        "code": N_("The period's code (\"2026-2030\")."),
        "name": N_("Its name."),
        "start_year": N_("First year."),
        "end_year": N_("Last year."),
        "guideline": N_("The guideline its decisions cite, by number, date and issuer; may "
                        "be empty."),
    },
    "campaign_years": {
        "year": N_("The campaign year."),
        "period_id": N_("Its period."),
        "registration_deadline": N_("Last day to register."),
        "proposal_deadline": N_("Last day to propose to the level above."),
        "recognition_deadline": N_("Last day to recognise."),
    },
    "unit_mergers": {
        "unit_code": N_("The unit merged away."),
        "into_code": N_("The unit it was merged into."),
        "merged_on": N_("First day of the merged unit (a Vietnam date, UTC+7): bundles the "
                     "old unit's office made from that day on are refused."),
        "note": N_("The resolution or a note."),
    },
    "erasures": {
        "subject": N_("What was erased: a person's record or a council member's name (see "
                      "the codes)."),
        "record_id": N_("The id of the person (persons) or council member "
                        "(council_members) erased."),
        "registrations": N_("JSON list of the ids of the registrations whose personal text "
                            "was erased with it."),
        "erased_on": N_("The day of the erasure (a Vietnam date)."),
        "reason": N_("Why (see the codes): the person asked, or the retention period "
                     "ended."),
        "request_id": N_("The privacy request it answers, or null."),
    },
    "privacy_requests": {
        "person_id": N_("The person who asked (persons)."),
        "action": N_("What they asked for (see the codes)."),
        "received_on": N_("The day the office received the request (a Vietnam date)."),
        "note": N_("The office's note of the request (no more personal data than needed)."),
    },
    "receipts": {
        "sender": N_("The office above whose bundles the origin imported."),
        "recipient": N_("The office those bundles were addressed to: the origin, or an "
                        "office above it whose bundle was forwarded down."),
        "line": N_("The sender's sequence line of those bundles."),
        "last_seq": N_("The highest number of that line the origin has imported."),
        "missing": N_("The numbers below last_seq not imported yet, comma-separated (\"\": "
                      "none)."),
        "last_sha256": N_("SHA-256 of the manifest of the bundle numbered last_seq."),
        "imported_at": N_("When the origin imported the last of them (UTC)."),
    },
    "audit_checkpoints": {
        "id": N_("SHA-256 (hex) of the signed checkpoint, its body and its signature as "
              "canonical JSON: one checkpoint is one row everywhere (docs/audit-log.md)."),
        "entries": N_("Number of entries of the office's audit log the checkpoint covers."),
        "head": N_("The log's hash chain after those entries (64 hex digits, \"0\" × 64 "
                "for none)."),
        "follows": N_("The checkpoint the same office made before it, or null for its "
                   "first."),
        "prev_entries": N_("That earlier checkpoint's number of entries (0 for the first)."),
        "prev_head": N_("The hash the log had stored with its prev_entries-th entry when "
                     "this checkpoint was made (\"\": the log was shorter by then)."),
        "made_at": N_("When the checkpoint was signed (UTC)."),
        "occasion": N_("The job that made it (see the codes)."),
        "key_id": N_("The office key that signed it (first 16 hex digits of the SHA-256 of "
                  "its public key)."),
        "signature": N_("Hex of the Ed25519 signature of the canonical checkpoint body "
                     "(docs/audit-log.md)."),
    },
}

KIND_TEXT = {
    "units": N_("Units offices created: districts (three-tier), sub-units (villages, cells, "
             "associations...); the national list never travels."),
    "persons": N_("Individuals registered as exemplars."),
    "registrations": N_("Registrations of models and exemplars."),
    "targets": N_("Measurable targets of a registration."),
    "milestones": N_("The timeline of a registration."),
    "evidence": N_("Evidence files of a registration (content in `blobs/`)."),
    "rubrics": N_("Scoring rubrics an office set."),
    "rubric_items": N_("The criteria of a rubric."),
    "rubric_assignments": N_("Which rubric a level uses in a year (a parent's setting)."),
    "score_sheets": N_("Score sheets of a model at a level."),
    "sheet_lines": N_("Self-assessed scores of a sheet, one per rubric item."),
    "council_members": N_("Members of the council that scores a sheet."),
    "council_scores": N_("A council member's score of one item."),
    "proposals": N_("Proposals (tờ trình) to the level above, once sent."),
    "proposal_items": N_("The models a proposal puts forward."),
    "recognition_steps": N_("The history of a model's recognition at a level."),
    "decisions": N_("Recognition decisions, once issued."),
    "decision_items": N_("The models a decision recognises, with a snapshot of each."),
    "decision_signatures": N_("Digitally signed copies (PAdES) of an issued decision, made by "
                              "its issuer; the PDF travels as a blob (issue 22)."),
    "periods": N_("Campaign periods (a parent's setting)."),
    "campaign_years": N_("The deadlines of a campaign year (a parent's setting)."),
    "unit_mergers": N_("Mergers (sáp nhập) recorded by an office above both units."),
    "erasures": N_("That an office erased a person's personal data (never what was "
                   "erased; docs/privacy.md)."),
    "privacy_requests": N_("A person's request to erase or correct their data, recorded by "
                           "an office that does not own the record, for the owner."),
    "audit_checkpoints": N_("Checkpoints of an office's audit log signed with its key (up "
                            "only; docs/audit-log.md)."),
    "receipts": N_("Which bundles of the office above an office has imported (up only): "
                   "the office above sees which communes imported what it sent down."),
}


def code_meanings() -> dict[str, dict[Any, str]]:
    """The codes a field may hold, with their meaning (English msgids; the generator
    adds the Vietnamese)."""
    return {
        "level": dict(LEVEL_NAMES),
        "type": {code: label for code, (_level, label) in UNIT_TYPES.items()},
        "kind:registrations": dict(reg.KINDS),
        "subject": dict(reg.SUBJECTS),
        "mode": dict(reg.MODES),
        "status": dict(reg.STATUSES),
        "gender": dict(reg.GENDERS),
        "field": {1: "Economy", 2: "Culture and society", 3: "Defence and security",
                  4: "Building the political system"},
        "rating": {"": "No rating", **scoring.RATINGS},
        "state:score_sheets": dict(scoring.STATES),
        "state:proposals": dict(rec.PROPOSAL_STATES),
        "state:decisions": dict(rec.DECISION_STATES),
        "step": {"recognise": "Recognised", "refuse": "Refused",
                 "propose": "Proposed to the level above", "return": "Returned"},
        "system": {"party": "Party layout (Đảng)", "state": "State layout (Nhà nước)"},
        "kind:rubric_items": {scoring.PREREQUISITE: "Prerequisite (pass or fail)",
                              scoring.CRITERION: "Scored criterion"},
        "council_total": dict(scoring.COUNCIL_TOTALS),
        "occasion": dict(OCCASIONS),
        "subject:erasures": {"person": N_("A person's record"),
                             "council_member": N_("A council member's name")},
        "reason": dict(privacy.ERASURE_REASONS),
        "action": dict(privacy.REQUEST_ACTIONS),
        "consent_how": dict(privacy.CONSENT_METHODS),
    }


def meanings_for(kind: str, column: str) -> dict[Any, str] | None:
    table = code_meanings()
    own = table.get(f"{column}:{kind}")
    return own if own or column in ("kind", "state") else table.get(column)


# What a bundle allows beyond the table (kinds.py's export_where and validate).
BUNDLE_VALUES = {("proposals", "state"): [rec.ProposalState.SENT.value],
                 ("decisions", "state"): [rec.DecisionState.ISSUED.value]}
_DAY_COLUMNS = re.compile(r"(_on|_date|_deadline|^valid_from|^valid_to)$")
_STAMP_COLUMNS = re.compile(r"(^created_at|^updated_at|^at|^made_at)$")


# -- the table's CHECK constraints -------------------------------------------------------
_IN = re.compile(r"^(?:(\w+) IS NULL OR )?(\w+) IN \(([^)]*)\)$")
_BETWEEN = re.compile(r"^(?:(\w+) IS NULL OR )?(\w+) BETWEEN (-?\d+) AND (-?\d+)$")
_AT_LEAST = re.compile(r"^(?:(\w+) IS NULL OR )?(\w+) >= (-?\d+)$")
_LENGTH = re.compile(r"^length\((\w+)\) = (\d+)$")


def checks(db: Database, table: str) -> list[str]:
    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
    return [m.group(1).strip() for m in re.finditer(r"CHECK\s*\((.*?)\)\s*(?:,|\n|$)", sql)]


def _literal(text: str) -> Any:
    text = text.strip()
    return text[1:-1] if text.startswith("'") else int(text)


def column_rules(db: Database, table: str) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """(per column: JSON Schema keywords from its CHECKs, the CHECKs over several
    columns as SQL text)."""
    per: dict[str, dict[str, Any]] = {}
    other: list[str] = []
    for text in checks(db, table):
        if m := _IN.match(text):
            per.setdefault(m.group(2), {})["enum"] = [
                _literal(v) for v in m.group(3).split(",")]
        elif m := _BETWEEN.match(text):
            per.setdefault(m.group(2), {}).update(minimum=int(m.group(3)),
                                                  maximum=int(m.group(4)))
        elif m := _AT_LEAST.match(text):
            per.setdefault(m.group(2), {})["minimum"] = int(m.group(3))
        elif m := _LENGTH.match(text):
            per.setdefault(m.group(1), {}).update(minLength=int(m.group(2)),
                                                  maxLength=int(m.group(2)))
        else:
            other.append(text)
    return per, other


# -- kinds ------------------------------------------------------------------------------
_JSON_TYPES = {"TEXT": "string", "INTEGER": "integer", "REAL": "number"}


def travelling(db: Database, kind: SyncKind) -> list[tuple[str, str, bool]]:

    skipped = kind.skipped()
    return [c for c in table_columns.columns(db, kind.table) if c[0] not in skipped]


def describe(kind: str, column: str) -> str:
    return FIELDS.get(kind, {}).get(column) or COMMON.get(column) or UNDESCRIBED


def _property(db_rules: dict[str, Any], kind: SyncKind, column: str, declared: str,
              required: bool) -> dict[str, Any]:
    base = _JSON_TYPES.get(declared, "string")
    prop: dict[str, Any] = {"description": describe(kind.name, column)}
    rules = dict(db_rules)
    enum = BUNDLE_VALUES.get((kind.name, column), rules.pop("enum", None))
    rules.pop("enum", None)
    if base == "string":
        if _STAMP_COLUMNS.search(column):
            prop["pattern"] = STAMP
        elif _DAY_COLUMNS.search(column):
            prop["pattern"] = DAY
        elif column == "sha256":
            prop["pattern"] = HEX64
        # The importer refuses text longer than its field's limit (app/domain/limits.py)
        # as it refuses what the table's CHECK refuses: the smaller one holds.
        prop["maxLength"] = min(rules.pop("maxLength", limit(kind.table, column)),
                                limit(kind.table, column))
        if "minLength" in rules:  # length(x) = N
            prop["minLength"] = rules.pop("minLength")
    if base == "integer":
        prop["minimum"] = rules.pop("minimum", canonical.INT_MIN)
        prop["maximum"] = rules.pop("maximum", canonical.INT_MAX)
    elif base == "number":
        if "minimum" in rules:
            prop["minimum"] = rules.pop("minimum")
    if column in kind.refs:
        target = kinds.get(kind.refs[column])
        prop["x-dvk-refers-to"] = f"{target.name}.{target.key}" if target else kind.refs[column]
    meanings = meanings_for(kind.name, column)
    if enum is not None:
        prop["enum"] = list(enum) + ([] if required else [None])
        if meanings:
            prop["x-dvk-codes"] = {str(k): v for k, v in meanings.items() if k in enum}
    elif meanings:  # codes the table does not check (ratings, unit types, fields 1-4)
        prop["x-dvk-codes"] = {str(k): v for k, v in meanings.items()}
    prop["type"] = base if required else [base, "null"]
    return prop


def kind_schema(db: Database, kind: SyncKind) -> dict[str, Any]:
    per, other = column_rules(db, kind.table)
    properties = {}
    for name, declared, notnull in travelling(db, kind):
        required = notnull or name == kind.key
        properties[name] = _property(per.get(name, {}), kind, name, declared, required)
    rule = RULES.get(kind.name)
    schema: dict[str, Any] = {
        "title": kind.name,
        "description": KIND_TEXT.get(kind.name, UNDESCRIBED),
        "type": "object",
        "x-dvk-table": kind.table,
        "x-dvk-key": kind.key,
        "x-dvk-travels": [w for w in (kinds.UP, kinds.DOWN)
                          if (w in rule.travels if rule is not None
                              else kind.export_where.get(w) is not None)],
        "properties": properties,
        "required": [kind.key, "origin", "version", "created_at", "updated_at"],
        "additionalProperties": False,
    }
    if other:
        schema["x-dvk-rules"] = other
    if rule is not None:
        schema["x-dvk-frozen"] = sorted(rule.frozen)
    return schema


def records_schema(db: Database) -> dict[str, Any]:
    """One schema per kind under `$defs`; a record of kind K validates against
    `#/$defs/K` (one line of `records/K.jsonl`)."""
    return {
        "$schema": DRAFT,
        "$id": BASE + "records.schema.json",
        "title": "DVK bundle records",
        "description": "One JSON object per line of records/<kind>.jsonl; the kind is the "
                       "file's name. Generated from app/sync/kinds.py and the tables "
                       "(python tools/openformat.py).",
        "$defs": {kind.name: kind_schema(db, kind) for kind in all_kinds()},
    }


def undescribed(db: Database) -> list[str]:
    """kind.column of every travelling field without a meaning yet."""
    return [f"{kind.name}.{name}" for kind in all_kinds()
            for name, _t, _n in travelling(db, kind)
            if describe(kind.name, name) == UNDESCRIBED] + [
        kind.name for kind in all_kinds() if kind.name not in KIND_TEXT]


# -- the other JSON of the format ---------------------------------------------------------
def _object(title: str, description: str, properties: dict[str, Any],
            name: str) -> dict[str, Any]:
    return {"$schema": DRAFT, "$id": BASE + name, "title": title, "description": description,
            "type": "object", "properties": properties, "required": sorted(properties),
            "additionalProperties": False}


def manifest_schema() -> dict[str, Any]:
    string, integer = {"type": "string"}, {"type": "integer", "minimum": 0,
                                           "maximum": canonical.INT_MAX}
    props: dict[str, Any] = {
        "format": {"const": manifest.FORMAT},
        "format_version": {"enum": list(manifest.READABLE_VERSIONS)},
        "sender": {"type": "string", "pattern": UNIT_CODE},
        "sender_name": string,
        "recipient": {"type": "string", "pattern": UNIT_CODE},
        "key_id": {"type": "string", "pattern": KEY_ID},
        "line": {"type": "string", "pattern": KEY_ID},
        "seq": {**integer, "minimum": 1},
        "prev_sha256": {"type": "string", "pattern": r"^([0-9a-f]{64})?$"},
        "created_at": {"type": "string", "pattern": STAMP},
        "full": {"type": "boolean"},
        "app_version": string,
        "counts": {"type": "object", "additionalProperties": integer},
        "files": {"type": "array", "items": _object(
            "file", "A member of the zip", {
                "name": {"type": "string", "pattern": manifest.MEMBER_NAME.pattern},
                "sha256": {"type": "string", "pattern": HEX64}, "size": integer,
                "stored_sha256": {"type": "string", "pattern": HEX64}}, "file")},
    }
    assert set(props) == set(manifest.FIELDS)
    schema = _object("DVK bundle manifest", "manifest.json (docs/bundle-format.md)", props,
                     "manifest.schema.json")
    del schema["properties"]["files"]["items"]["$schema"]
    del schema["properties"]["files"]["items"]["$id"]
    return schema


def statement_schema() -> dict[str, Any]:
    variants = []
    for kind in trust_statements.TYPES:
        fields = {**trust_statements._COMMON, **trust_statements._EXTRA[kind]}
        props: dict[str, Any] = {}
        for name in fields:
            if name in ("format",):
                props[name] = {"const": trust_statements.FORMAT}
            elif name == "format_version":
                props[name] = {"const": trust_statements.FORMAT_VERSION}
            elif name == "type":
                props[name] = {"const": kind}
            elif name in ("unit", "issuer", "scope"):
                props[name] = {"type": "string", "pattern": UNIT_CODE}
            elif name in ("key_id", "issuer_key_id"):
                props[name] = {"type": "string", "pattern": KEY_ID}
            elif name == "replaces":
                props[name] = {"type": "string", "pattern": r"^([0-9a-f]{16})?$"}
            elif name == "public_key":
                props[name] = {"type": "string", "pattern": HEX64}
            elif name in ("issued_at", "not_before", "expires_at", "effective_at"):
                props[name] = {"type": "string", "pattern": STAMP}
            else:
                props[name] = {"type": "string"}
        variants.append({"title": kind, "type": "object", "properties": props,
                         "required": sorted(props), "additionalProperties": False})
    return {
        "$schema": DRAFT, "$id": BASE + "trust-statement.schema.json",
        "title": "DVK trust statement",
        "description": "One line of trust.jsonl (docs/bundle-format.md)",
        "type": "object",
        "properties": {
            "body": {"oneOf": variants},
            "signatures": {"type": "object", "minProperties": 1, "maxProperties": 2,
                           "propertyNames": {"pattern": KEY_ID},
                           "additionalProperties": {"type": "string",
                                                    "pattern": r"^[0-9a-f]{128}$"}}},
        "required": ["body", "signatures"], "additionalProperties": False,
    }


def key_card_schema() -> dict[str, Any]:
    return _object("DVK key card", "A .dvkkey file (docs/bundle-format.md, Key cards)", {
        "format": {"const": "dvk-key-card"}, "format_version": {"const": 1},
        "unit_code": {"type": "string", "pattern": UNIT_CODE},
        "unit_name": {"type": "string"},
        "public_key": {"type": "string", "pattern": HEX64},
        "key_id": {"type": "string", "pattern": KEY_ID},
        "created_at": {"type": "string", "pattern": STAMP},
        "signature": {"type": "string", "pattern": r"^[0-9a-f]{128}$"}},
        "key-card.schema.json")


def sealed_header_schema() -> dict[str, Any]:
    return _object("DVK encrypted bundle header",
                   "The canonical JSON header of an encrypted bundle (docs/bundle-format.md)", {
                       "format": {"const": sealed.FORMAT},
                       "format_version": {"const": sealed.FORMAT_VERSION},
                       "recipient": {"type": "string", "pattern": UNIT_CODE},
                       "key_id": {"type": "string", "pattern": KEY_ID},
                       "size": {"type": "integer", "minimum": 0},
                       "chunk": {"const": sealed.CHUNK}},
                   "sealed-header.schema.json")


def all_schemas(db: Database) -> dict[str, dict[str, Any]]:
    """File name -> schema, as docs/schema/ holds them."""
    return {"records.schema.json": records_schema(db),
            "manifest.schema.json": manifest_schema(),
            "trust-statement.schema.json": statement_schema(),
            "key-card.schema.json": key_card_schema(),
            "sealed-header.schema.json": sealed_header_schema()}

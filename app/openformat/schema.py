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

from app.domain import recognition as rec
from app.domain import registration as reg
from app.domain import scoring
from app.domain.units import LEVEL_NAMES, UNIT_TYPES
from app.sync import canonical, kinds, manifest, sealed, trust
from app.sync.authority import RULES
from app.sync.kinds import MAX_TEXT, SyncKind, all_kinds

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
    "id": "The record's identity across offices: a UUID in lower-case hex with dashes "
          "(for `unit_mergers`, derived from `unit_code`).",
    "origin": "Unit code of the office that created the record (`VN` for data shipped with "
              "DVK). A record never changes origin.",
    "version": "1 when created, increased by one on every change; the greatest version "
               "wins (docs/bundle-format.md, Merging).",
    "created_at": "When the record was created (UTC).",
    "updated_at": "When the record was last changed (UTC).",
    "updated_by": "Who changed it last: the account name, or the office's label; may be empty.",
    "removed": "1 when the row was removed (rows are never deleted), else 0.",
    "position": "Order among the rows of the same parent, from 1.",
}

FIELDS: dict[str, dict[str, str]] = {
    "units": {
        "id": "A UUID of the unit row (units are identified across offices by `code`).",
        "code": "The unit's code: the official administrative code for provinces and "
                "communes (resources/units-2025.json), `<province>-<8 hex digits>` for a "
                "district of the three-tier profile, `<parent code>-<number>` for a sub-unit.",
        "name": "Full name as written on papers (NFC), e.g. \"Thôn Đông\".",
        "type": "Type of unit (see the codes).",
        "level": "Level: province, district, commune or grassroots (see the codes).",
        "parent_code": "Code of the unit it belongs to; null for a province.",
        "official": "1 for a unit of the national list (these never travel), else 0.",
        "valid_from": "First day the unit exists, when known.",
        "valid_to": "Last day, for a unit merged away (the merger's day).",
        "merged_into": "Code of the unit it was merged into (sáp nhập), or null.",
        "merged_on": "The day of that merger, or null.",
    },
    "persons": {
        "full_name": "The individual exemplar's full name.",
        "birth_year": "Year of birth, or null (personal data: not in the open-data export "
                      "unless asked).",
        "gender": "Gender, or null.",
        "position": "Position or occupation as written on the form.",
        "address": "Address (personal data).",
        "phone": "Phone number (personal data).",
    },
    "registrations": {
        "year": "Campaign year of the registration.",
        "kind": "Model (mô hình) or exemplar (điển hình).",
        "subject": "Collective (tập thể) or individual (cá nhân).",
        "unit_code": "The office (commune, district or province) where it is registered.",
        "subunit_code": "The sub-unit (village, Party cell, association...) that carries it "
                        "out, or null.",
        "person_id": "The individual (`persons`), required when `subject` is `ca_nhan`.",
        "registrant": "The collective or person registering, as printed.",
        "name": "Name of the model or exemplar.",
        "field": "Field of the movement, 1 to 4 (see the codes).",
        "mode": "Newly built or a replication of an earlier model.",
        "replicates_id": "The registration it replicates (`mode` `nhan_rong`), or null.",
        "situation": "Form section: the situation before (multi-line text).",
        "goals": "Form section: goals.",
        "content_methods": "Form section: content and methods.",
        "area": "Where it is carried out.",
        "target_group": "Who it addresses.",
        "force_lead": "The force that leads it.",
        "force_coordinating": "Forces that coordinate.",
        "force_participating": "Forces that take part.",
        "resources": "Resources and funding.",
        "start_date": "Planned start, or null.",
        "end_date": "Planned end, or null.",
        "outputs": "Form section: expected results.",
        "sustainability": "Form section: how it lasts and spreads.",
        "registered_on": "Day of registration.",
        "receiving_body": "The body that receives the registration (DOMAIN.md).",
        "contact_phone": "Contact phone of the registrant (personal data for an individual).",
        "status": "Registered or withdrawn.",
        "withdraw_reason": "Why it was withdrawn (required when `status` is `rut`).",
        "withdrawn_on": "Day it was withdrawn, or null.",
    },
    "targets": {
        "registration_id": "The registration.",
        "indicator": "What is measured.",
        "target": "The target value (a number, may have a fraction), or null.",
        "unit_of_measure": "Unit of the value (km, hộ, %...).",
    },
    "milestones": {
        "registration_id": "The registration.",
        "due_on": "Day of the milestone, or null.",
        "description": "What happens then.",
    },
    "evidence": {
        "registration_id": "The registration.",
        "file_name": "Name of the file as the clerk added it.",
        "media_type": "Its media type (image/png, application/pdf...).",
        "size": "Its size in bytes.",
        "sha256": "SHA-256 of its content, lower-case hex; the content travels as "
                  "`blobs/<sha256>` when the recipient may not have it.",
        "caption": "A caption.",
    },
    "rubrics": {
        "family": "The rubric's family: its editions share it.",
        "edition": "Edition number, from 1; a locked rubric is edited as a new edition.",
        "name": "Name of the rubric.",
        "subject": "For collectives or individuals.",
        "note": "A note.",
        "suggested": "1 for a suggested default shipped with DVK.",
        "threshold_top": "Total (in tenths of a point) from which a model is outstanding.",
        "threshold_pass": "Total (in tenths of a point) from which a model passes.",
        "locked": "1 once a score sheet uses it (it no longer changes).",
        "supersedes_id": "The edition it replaces, or null.",
    },
    "rubric_items": {
        "rubric_id": "The rubric.",
        "kind": "A prerequisite (pass or fail) or a scored criterion.",
        "code": "The item's number as printed (\"1\", \"2.a\"...).",
        "text": "The criterion as printed.",
        "max_tenths": "Highest score, in tenths of a point (0 for a prerequisite).",
        "guidance": "How to score it.",
        "evidence": "The evidence expected.",
    },
    "rubric_assignments": {
        "year": "Campaign year.",
        "level": "The level that scores with the rubric.",
        "subject": "Collectives or individuals.",
        "rubric_id": "The rubric that applies.",
    },
    "score_sheets": {
        "registration_id": "The model scored.",
        "year": "Campaign year.",
        "level": "The level that scores (the office's recognition level).",
        "rubric_id": "The rubric used.",
        "state": "Where the sheet stands (see the codes); a locked sheet never changes.",
        "return_reason": "Why it was returned (required when `state` is `tra_lai`).",
        "edition": "1, or the number of a correction of a locked sheet.",
        "supersedes_id": "The locked sheet this correction replaces, or null.",
        "correction_reason": "Why it was corrected.",
        "check_of": "For a second keying of the same paper (double entry): the sheet it "
                    "checks, or null.",
        "keyed_by": "Who typed the scores in.",
        "remarks": "Remarks.",
        "submitted_on": "Day submitted, or null.",
        "approved_on": "Day approved, or null.",
        "locked_on": "Day locked, or null.",
    },
    "sheet_lines": {
        "sheet_id": "The score sheet.",
        "item_id": "The rubric item.",
        "self_tenths": "The self-assessed score in tenths of a point (85 = 8.5 points), or null.",
        "passed": "For a prerequisite: 1 met, 0 not met, null not judged.",
        "remarks": "Remarks.",
        "evidence": "Evidence cited.",
    },
    "council_members": {
        "sheet_id": "The score sheet.",
        "name": "The council member's name.",
        "role": "Role in the council.",
    },
    "council_scores": {
        "sheet_id": "The score sheet.",
        "member_id": "The council member.",
        "item_id": "The rubric item.",
        "tenths": "The member's score in tenths of a point, or null.",
        "remark": "A remark.",
    },
    "proposals": {
        "year": "Campaign year.",
        "from_level": "The level of the office that proposes.",
        "to_level": "The level it proposes to (the next one up).",
        "office_code": "The proposing office.",
        "addressee_code": "The office it is addressed to, or null.",
        "addressee": "The addressee as printed.",
        "number": "Number of the proposal (tờ trình) as printed.",
        "state": "Only sent proposals travel.",
        "sent_on": "Day it was sent.",
        "note": "A note.",
    },
    "proposal_items": {
        "proposal_id": "The proposal.",
        "registration_id": "The model proposed.",
        "reason": "Why it is proposed.",
        "rating": "Its rating at the proposing level, or empty.",
        "total_tenths": "Its total score in tenths of a point, or null.",
    },
    "recognition_steps": {
        "registration_id": "The model.",
        "year": "Campaign year.",
        "level": "The level that took the step.",
        "step": "Recognised, refused, proposed to the level above, or returned.",
        "to_level": "For a proposal: the level proposed to.",
        "proposal_id": "The proposal it went in, or null.",
        "actor": "Who took the step.",
        "at": "When (UTC).",
        "reason": "Why (required to refuse or return).",
        "step_no": "Order of steps written at the same time, from 1.",
    },
    "decisions": {
        "year": "Campaign year.",
        "level": "The level that recognises (the issuer's).",
        "issuer_code": "The office that issued the decision.",
        "issuer": "The issuing body as printed.",
        "system": "Party or State layout of the paper.",
        "number": "Number as printed, e.g. \"05-QĐ/BCĐ\".",
        "number_seq": "The number's place in the office's numbering book, or null.",
        "number_scope": "The numbering book.",
        "decided_on": "Day of the decision.",
        "state": "Only issued decisions travel.",
        "amends_id": "The decision it amends, or null.",
        "amend_reason": "Why (required when amending).",
        "period": "The movement period printed (\"2026 - 2030\").",
        "signer_on_behalf": "\"T/M\" line of the signature block.",
        "signer_title": "Title of the signer.",
        "signer_name": "Name of the signer.",
    },
    "decision_items": {
        "decision_id": "The decision.",
        "registration_id": "The model recognised (its registration may be held only by "
                           "the office that registered it: the item carries a snapshot).",
        "model_name": "Name of the model at the time of the decision.",
        "registrant": "The collective or person recognised.",
        "unit_code": "The unit of the model.",
        "unit_name": "That unit's name.",
        "field": "Field, 1 to 4.",
        "subject": "Collective or individual.",
        "detail": "A further line printed under the name (a person's position).",
        "rating": "Rating, or empty.",
        "total_tenths": "Total score in tenths of a point, or null.",
        "certificate_number": "Number in the certificate register, e.g. \"02/GCN\".",
        "certificate_seq": "Its place in the register, or null.",
    },
    "periods": {
        "code": "The period's code (\"2026-2030\").",
        "name": "Its name.",
        "start_year": "First year.",
        "end_year": "Last year.",
    },
    "campaign_years": {
        "year": "The campaign year.",
        "period_id": "Its period.",
        "registration_deadline": "Last day to register.",
        "proposal_deadline": "Last day to propose to the level above.",
        "recognition_deadline": "Last day to recognise.",
    },
    "unit_mergers": {
        "unit_code": "The unit merged away.",
        "into_code": "The unit it was merged into.",
        "merged_on": "First day of the merged unit (a Vietnam date, UTC+7): bundles the "
                     "old unit's office made from that day on are refused.",
        "note": "The resolution or a note.",
    },
}

KIND_TEXT = {
    "units": "Units offices created: districts (three-tier), sub-units (villages, cells, "
             "associations...); the national list never travels.",
    "persons": "Individuals registered as exemplars.",
    "registrations": "Registrations of models and exemplars.",
    "targets": "Measurable targets of a registration.",
    "milestones": "The timeline of a registration.",
    "evidence": "Evidence files of a registration (content in `blobs/`).",
    "rubrics": "Scoring rubrics an office set.",
    "rubric_items": "The criteria of a rubric.",
    "rubric_assignments": "Which rubric a level uses in a year (a parent's setting).",
    "score_sheets": "Score sheets of a model at a level.",
    "sheet_lines": "Self-assessed scores of a sheet, one per rubric item.",
    "council_members": "Members of the council that scores a sheet.",
    "council_scores": "A council member's score of one item.",
    "proposals": "Proposals (tờ trình) to the level above, once sent.",
    "proposal_items": "The models a proposal puts forward.",
    "recognition_steps": "The history of a model's recognition at a level.",
    "decisions": "Recognition decisions, once issued.",
    "decision_items": "The models a decision recognises, with a snapshot of each.",
    "periods": "Campaign periods (a parent's setting).",
    "campaign_years": "The deadlines of a campaign year (a parent's setting).",
    "unit_mergers": "Mergers (sáp nhập) recorded by an office above both units.",
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
    }


def meanings_for(kind: str, column: str) -> dict[Any, str] | None:
    table = code_meanings()
    own = table.get(f"{column}:{kind}")
    return own if own or column in ("kind", "state") else table.get(column)


# What a bundle allows beyond the table (kinds.py's export_where and validate).
BUNDLE_VALUES = {("proposals", "state"): ["da_gui"], ("decisions", "state"): ["ban_hanh"]}
_DAY_COLUMNS = re.compile(r"(_on|_date|_deadline|^valid_from|^valid_to)$")
_STAMP_COLUMNS = re.compile(r"(^created_at|^updated_at|^at)$")


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
    from app.sync import store

    skipped = kind.skipped()
    return [c for c in store.columns(db, kind.table) if c[0] not in skipped]


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
        prop["maxLength"] = rules.pop("maxLength", MAX_TEXT)
        rules.pop("minLength", None)
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
    for kind in trust.TYPES:
        fields = {**trust._COMMON, **trust._EXTRA[kind]}
        props: dict[str, Any] = {}
        for name in fields:
            if name in ("format",):
                props[name] = {"const": trust.FORMAT}
            elif name == "format_version":
                props[name] = {"const": trust.FORMAT_VERSION}
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

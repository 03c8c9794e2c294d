"""An export down reads only the rows of the units it may send (issue 11: at a national
office it read every registration of the country into memory to send a commune a few
decisions: 4.7 s and 500 MB at 100,000 registrations)."""

from __future__ import annotations

import json

from app.context import AppContext
from app.sync import authority, exporter
from app.sync.kinds import DOWN, all_kinds


def _offices(network):
    return json.loads((network / "network.json").read_text(encoding="utf-8"))["offices"]


def test_every_kind_says_its_authority_in_sql_too(demo_network):
    """`owner_sql` gives, for every row, what `owner` gives for the record."""
    for office in _offices(demo_network):
        with AppContext.open(demo_network / office["db"]) as ctx:
            for kind in all_kinds():
                columns = exporter.travelling_columns(ctx.db, kind)
                select = ", ".join(f"[{c}]" for c in columns)
                rows = ctx.db.execute(f"SELECT {authority.owner_sql(kind)}, {select}"
                                      f" FROM [{kind.table}]").fetchall()
                for sql_value, *values in rows:
                    record = dict(zip(columns, values, strict=True))
                    assert sql_value == authority.owner(kind, record), (kind.name, record)


def test_export_down_selects_in_sql_what_it_may_send(demo_network, monkeypatch):
    offices = _offices(demo_network)
    province = next(o for o in offices if o["level"] == "tinh")
    commune = next(o for o in offices if o["level"] == "xa")
    statements: list[str] = []

    def plan(ctx):
        return exporter.plan(ctx.db, office=ctx.office_code, recipient=commune["code"],
                             way=DOWN, line="0" * 16, full=True)

    with AppContext.open(demo_network / province["db"]) as ctx:
        ctx.db.conn.set_trace_callback(statements.append)
        chosen_in_sql = plan(ctx)
        ctx.db.conn.set_trace_callback(None)
        # The bundle as it was when every row was read and the units kept in Python.
        monkeypatch.setattr(exporter, "_rows_of",
                            lambda kind, way, since, units: ("rev > ?", [since]))
        read_whole = plan(ctx)
    assert chosen_in_sql.counts == read_whole.counts
    assert chosen_in_sql.files == read_whole.files
    assert chosen_in_sql.counts.get("decisions")  # the province's decisions go down
    registrations = [s for s in statements if "FROM [registrations] WHERE (rev >" in s]
    assert registrations and all("json_each" in s for s in registrations)

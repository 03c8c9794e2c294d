"""Signed sync bundles: one office's records carried to another on a USB stick.

Modules, one job each: `manifest` (what a bundle declares), `kinds` (which tables
travel, as a registry), `reader` (hostile-input checks and signature verification),
`writer` (the zip, and the safe write to a stick), `exporter`, `importer` (preview,
then one transaction), `merge` (the conflict rule), `service` (`ctx.keys` and
`ctx.sync`), `batch` (a whole stick, `ctx.stick`), `send_down` (a bundle for every
office below, `ctx.send_down`). Trust and authority: `authority` (who may write which record), `tree`
(the unit tree as sync sees it), `trust_statements` (the signed statements about keys),
`trust` (what they prove: whether a key may sign for a unit), `trust_refusal` (the
words when it may not), `trust_store` (their tables), `trust_service` (keys jobs),
`sealed` (what is final once stored), `checkpoints` and `checkpoint_service` (audit
checkpoints), `refusals` (the refusal log), `errors`, `zipformat` (the zip's own rules).
Below sync: keys, signatures and canonical JSON (`app/signing/`), the sync tables'
SQL (`app/repositories/sync_tables.py`), events and progress (`app/core/`).
The format is documented in docs/bundle-format.md.
"""

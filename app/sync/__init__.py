"""Signed sync bundles: one office's records carried to another on a USB stick.

Modules, one job each: `canonical` (the JSON form that is hashed and signed), `crypto`
(keys, passphrase encryption, fingerprints, key cards), `manifest` (what a bundle
declares), `kinds` (which tables travel, as a registry), `reader` (hostile-input checks
and signature verification), `writer` (the zip, and the safe write to a stick),
`exporter`, `importer` (preview, then one transaction), `merge` (the conflict rule),
`store` (the sync tables), `service` (the facade on AppContext). Trust and
authority: `authority` (who may write which record), `tree` (the unit tree as sync
sees it), `trust` (key statements and what they prove), `trust_store` (their tables),
`trust_service` (keys jobs), `sealed` (what is final once stored), `checkpoints` (audit
checkpoints), `refusals` (the refusal log), `errors`, `zipformat` (the zip's own rules).
The format is documented in docs/bundle-format.md.
"""

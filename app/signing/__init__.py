"""Keys, signatures and the canonical JSON that is signed.

Below sync and certificates, which both sign: bundles, trust statements and audit
checkpoints in `app/sync/`, certificate codes in `app/certificates/`. Nothing here
knows about offices, bundles or the data file.
"""

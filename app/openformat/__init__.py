"""The open format (issue 20): what a second implementation needs, made from the code.

    schema.py     JSON Schemas of records (from kinds.py and the tables), manifests,
                  trust statements, key cards, encrypted-bundle headers
    reference.py  docs/records.md, the reference page of every kind, field and code
    vectors.py    docs/vectors/: key cards, bundles, certificate codes with verdicts
    verifier.py   `dvk publish-verifier`: the offline certificate-checking web page
    opendata.py   `dvk export-data`: CSV with a data dictionary, for analysts

`python tools/openformat.py` regenerates docs/schema/, docs/records.md and
docs/vectors/ (one command; run it after adding a kind or a column).
"""

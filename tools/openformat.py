"""Regenerate what docs/ holds that is made from the code (issue 20): the JSON Schemas
(docs/schema/), the reference of every record kind (docs/records.md) and the test
vectors (docs/vectors/). Run it after adding a kind or a column, or after a merge:

    python tools/openformat.py            # everything
    python tools/openformat.py --no-vectors

The tests fail while any of these is stale.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.openformat import generate, schema  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-vectors", action="store_true", help="only schemas and records.md")
    args = parser.parse_args()
    docs = ROOT / "docs"
    db = generate.fresh_database()
    for name in generate.write_documents(docs, db):
        print(f"wrote docs/{name}")
    missing = schema.undescribed(db)
    if missing:
        print("fields with no meaning yet (add them to FIELDS in app/openformat/schema.py):")
        for name in missing:
            print(f"  {name}")
    if not args.no_vectors:
        from app.openformat import vectors

        for name in vectors.write(docs / "vectors"):
            print(f"wrote docs/vectors/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The `dvk` command line: a thin peer of the window over the same services.

Exit codes (stable): 0 success; 1 the job was refused or failed (the message says
why); 2 wrong command-line usage; 3 the data file cannot be used (disk full,
read-only, damaged); 4 a file was verified and refused (bundles, certificates, workbooks);
70 an internal error (a bug: details in the log file).
"""

from __future__ import annotations

import sys

from app.cli.main import main

__all__ = ["main"]

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

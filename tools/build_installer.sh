#!/usr/bin/env bash
# Build DVK as a one-folder application (build_installer.spec, PyInstaller), report its
# size and pack the portable zip; fails when the build is over its size budget.
#
#   bash tools/build_installer.sh          -> dist/dvk/ and dist/dvk-VERSION-PLATFORM.zip
#
# Run it in a virtual environment with the build extra: pip install -e ".[build]".
# PYTHON (default: python3) picks the interpreter; DVK_DIST and DVK_WORK move the output
# and work folders (default: dist and build/pyinstaller, both ignored by git). The work
# is done by installer/build.py, which is also the command on Windows.
set -euo pipefail
cd "$(dirname "$0")/.."

"${PYTHON:-python3}" -m installer.build --dist "${DVK_DIST:-dist}" \
    --work "${DVK_WORK:-build/pyinstaller}"

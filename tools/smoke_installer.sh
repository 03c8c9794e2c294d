#!/usr/bin/env bash
# Build the installer folder, then run the built executables the way an office would
# (tests/installer/test_frozen_build.py): --version, demo, check, print, screenshots
# offscreen, the portable zip unpacked as on a USB stick, and the size budget.
#
#   bash tools/smoke_installer.sh            build, then smoke-test dist/dvk
#   bash tools/smoke_installer.sh --no-build smoke-test the dist/dvk already built
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
dist=${DVK_DIST:-dist}
if [ "${1:-}" != "--no-build" ]; then
    bash tools/build_installer.sh
fi
DVK_BUILD_SMOKE=1 DVK_FROZEN_DIR="$PWD/$dist/dvk" \
    "$python" -m pytest tests/installer -m slow

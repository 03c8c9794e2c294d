"""Build DVK as a one-folder application, then measure it and pack the portable zip.

    python -m installer.build [--dist dist] [--work build/pyinstaller] [--no-build]

Compiles the catalogs, runs PyInstaller on build_installer.spec (dist/dvk/), prints the
unpacked and zipped sizes, writes dist/dvk-VERSION-PLATFORM.zip, and exits 1 when the
build is over its size budget. `--no-build` measures and packs a folder already built.
Needs the `build` extra (PyInstaller); the same command works on Linux and Windows.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from installer import bundle, package


def build(dist: Path, work: Path) -> None:
    subprocess.run([sys.executable, str(bundle.ROOT / "tools" / "i18n.py"), "compile"],
                   check=True)
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
                    "--log-level", "WARN", "--distpath", str(dist), "--workpath", str(work),
                    str(bundle.ROOT / "build_installer.spec")], check=True, cwd=bundle.ROOT)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=bundle.ROOT / "dist")
    parser.add_argument("--work", type=Path, default=bundle.ROOT / "build" / "pyinstaller")
    parser.add_argument("--no-build", action="store_true",
                        help="only measure and pack the folder already in --dist")
    args = parser.parse_args(argv)
    folder = args.dist.resolve() / bundle.NAME
    if not args.no_build:
        build(args.dist.resolve(), args.work.resolve())
    if not any((folder / f"{bundle.NAME}{ext}").exists() for ext in ("", ".exe")):
        parser.error(f"{folder} holds no built {bundle.NAME} executable")
    report = package.package(folder)
    print("\n".join(report.lines()))
    return 0 if report.within_budget else 1


if __name__ == "__main__":
    sys.exit(main())

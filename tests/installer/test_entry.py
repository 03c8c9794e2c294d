"""The built executables' entry point (installer/dvk_main.py)."""

from __future__ import annotations

import pytest

from app.cli.main import build_parser
from installer.dvk_main import GLOBAL_OPTIONS, command_line


@pytest.mark.parametrize(("argv", "expected"), [
    ([], ["gui"]),
    (["--lang", "en"], ["--lang", "en", "gui"]),
    (["--db", r"D:\office.sqlite"], ["--db", r"D:\office.sqlite", "gui"]),
    (["--lang=en", "--db", "x.sqlite"], ["--lang=en", "--db", "x.sqlite", "gui"]),
    (["--version"], ["--version"]),
    (["--help"], ["--help"]),
    (["check"], ["check"]),
    (["--lang", "en", "demo", "--out", "d"], ["--lang", "en", "demo", "--out", "d"]),
    (["gui", "--demo"], ["gui", "--demo"]),
])
def test_no_command_means_the_window(argv, expected):
    assert command_line(argv) == expected


def test_the_global_options_are_those_of_the_command_line():
    parser = build_parser()
    valued = {option for action in parser._actions if action.nargs is None
              and action.option_strings and not action.const
              for option in action.option_strings if option.startswith("--")}
    assert valued - {"--version", "--help"} == set(GLOBAL_OPTIONS)

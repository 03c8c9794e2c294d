"""Every command's --help is Vietnamese: argparse's own English titles do not leak."""

from __future__ import annotations

import argparse

import pytest

from app.cli.main import build_parser
from app.i18n import set_language

ARGPARSE_ENGLISH = ("usage:", "options:", "positional arguments", "optional arguments",
                    "show this help message", "show program's version")


def _parsers(parser: argparse.ArgumentParser, path: str):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, f"{path} {name}")


def test_every_commands_help_is_vietnamese():
    set_language("vi")
    leaks = []
    for path, parser in _parsers(build_parser(), "dvk"):
        text = parser.format_help()
        leaks += [(path, phrase) for phrase in ARGPARSE_ENGLISH if phrase in text.lower()]
        assert "tùy chọn:" in text, path
    assert not leaks


@pytest.mark.parametrize("language, title", [("vi", "tùy chọn:"), ("en", "options:")])
def test_the_group_titles_follow_the_language(language, title):
    set_language(language)
    assert title in build_parser().format_help()

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


def _helps(language: str) -> dict[tuple[str, str], str | None]:
    """(command path, argument) -> the help text argparse shows, built in `language`."""
    set_language(language)
    helps = {}
    for path, parser in _parsers(build_parser(), "dvk"):
        for action in parser._actions:
            if not isinstance(action, argparse._SubParsersAction):
                name = "/".join(action.option_strings) or action.dest
                helps[(path, name)] = action.help
    return helps


def test_every_argument_of_every_command_has_a_help_text():
    missing = [key for key, text in _helps("vi").items() if not (text or "").strip()]
    assert not missing


def test_every_help_text_is_translated_to_vietnamese():
    english, vietnamese = _helps("en"), _helps("vi")
    assert english.keys() == vietnamese.keys()
    untranslated = [(key, text) for key, text in vietnamese.items() if text == english[key]]
    assert not untranslated


def _metavars(language: str) -> dict[tuple[str, str], str]:
    set_language(language)
    found = {}
    for path, parser in _parsers(build_parser(), "dvk"):
        for action in parser._actions:
            if isinstance(action.metavar, str):
                name = "/".join(action.option_strings) or action.dest
                found[(path, name)] = action.metavar
    return found


def test_value_names_in_the_usage_lines_are_vietnamese():
    """`--replicates MÃ`, not `--replicates ID`: a placeholder word the same in both
    languages is English left in the Vietnamese usage line (formats like dd/mm/yyyy
    and file kinds like TỆP.pdf are not words)."""
    english, vietnamese = _metavars("en"), _metavars("vi")
    same = [(key, text) for key, text in vietnamese.items()
            if english.get(key) == text and text.isalpha() and text.isupper()]
    assert not same

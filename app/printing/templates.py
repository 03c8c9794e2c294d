"""The wording of printed papers: data, not code.

Each kind of paper has a JSON file of shipped defaults in resources/print/<kind>.json
(keys -> text, or a list of texts). An administrator's changes are stored per key in
the office settings under `print_template.<kind>` and laid over the defaults, so a
new release can add keys without losing them. Texts hold `{placeholders}` that the
builders fill; a change that names a placeholder the paper does not offer is refused
before it is stored.
"""

from __future__ import annotations

import json
import string
from collections.abc import Mapping
from functools import cache
from typing import Any

from app.domain import limits
from app.errors import DvkError, ValidationError
from app.i18n import _
from app.paths import resource

KINDS = ("official", "registration", "scoresheet", "proposal", "decision", "certificate",
         "report")

# Placeholders each paper's wording may use (beyond these: refused).
PLACEHOLDERS: dict[str, set[str]] = {
    "official": {"number", "page", "office", "parent", "place"},
    "registration": {"year", "receiving_body", "source", "start", "end", "office"},
    "scoresheet": {"year", "ratings", "name", "min", "edition", "position"},
    "proposal": {"level", "year", "addressee", "body_name", "count", "archive"},
    "decision": {"level", "level_upper", "year", "authority", "authority_name", "period",
                 "count", "number", "date", "date_long", "date_dash", "guideline",
                 "executor", "archive", "paper"},
    "certificate": {"authority", "level", "year", "model", "detail", "decision_number",
                    "decision_date", "decision_date_long", "decision_date_dash",
                    "certificate_number", "paper"},
    "report": {"year", "scope", "registered", "recognised", "level", "addressee", "archive",
               "period", "review", "first", "last"},
}


def setting_key(kind: str) -> str:
    return f"print_template.{kind}"


def check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise DvkError(_("Unknown kind of paper: {kind}. Choose one of: {kinds}.").format(
            kind=kind, kinds=", ".join(KINDS)))


@cache
def _shipped(kind: str) -> dict[str, Any]:
    path = resource("print", f"{kind}.json")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DvkError(_(
            "The shipped wording file {name} cannot be read ({detail}); reinstall DVK."
        ).format(name=path.name, detail=error)) from error


def defaults(kind: str) -> dict[str, Any]:
    check_kind(kind)
    return json.loads(json.dumps(_shipped(kind)))  # a copy the caller may change


SYSTEM_SUFFIXES = ("_party", "_state")


def for_system(wording: dict[str, Any], system: str | None) -> dict[str, Any]:
    """The wording of one layout: a key "bases_state" replaces "bases" in State papers,
    "recipients_party" replaces "recipients" in Party papers."""
    if system is None:
        return wording
    result = dict(wording)
    suffix = f"_{system}"
    for key, value in wording.items():
        if key.endswith(suffix) and key[:-len(suffix)] in wording:
            result[key[:-len(suffix)]] = value
    return result


def merged(kind: str, overrides: Mapping[str, Any] | None, *, system: str | None = None,
           layers: tuple[Mapping[str, Any], ...] = ()) -> dict[str, Any]:
    """Shipped defaults, in the layout's variant (`system`), with `layers` (a preset's
    wording) and then the administrator's changes laid over them; overrides of unknown
    keys or of the wrong shape are ignored (a release may drop a key)."""
    result = defaults(kind)

    def lay(layer: Mapping[str, Any]) -> None:
        for key, value in layer.items():
            if key in result and _same_shape(result[key], value):
                result[key] = value

    for layer in layers:
        lay(layer)
    result = for_system(result, system)
    overrides = overrides or {}
    lay(overrides)
    if system:  # an office's own "bases_state" counts unless it also set "bases"
        suffix = f"_{system}"
        for key in overrides:
            base = key[:-len(suffix)]
            if key.endswith(suffix) and base in result and base not in overrides:
                result[base] = result[key]
    return result


def _same_shape(default: Any, value: Any) -> bool:
    if isinstance(default, list):
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if isinstance(default, dict):
        return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())
    return isinstance(value, str)


def placeholders(text: str) -> set[str]:
    """The names of `{placeholders}` in a text; ValueError for broken braces."""
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def check_value(kind: str, key: str, value: Any) -> Any:
    """A value an administrator wants for `key`, checked; returns it cleaned."""
    shipped = defaults(kind)
    if key not in shipped:
        raise ValidationError({"key": _("The paper {kind} has no wording named {key}.").format(
            kind=kind, key=key)})
    if not _same_shape(shipped[key], value):
        raise ValidationError({"value": _("The wording {key} must be {shape}.").format(
            key=key, shape=_("a list of lines") if isinstance(shipped[key], list)
            else _("one line of text"))})
    texts = value if isinstance(value, list) else (
        list(value.values()) if isinstance(value, dict) else [value])
    allowed = PLACEHOLDERS[kind]
    for text in texts:
        if isinstance(text, str) and len(text) > limits.REASON:
            raise ValidationError({"value": limits.too_long(limits.REASON)})
        try:
            names = placeholders(text)
        except ValueError:
            raise ValidationError({"value": _(
                "Unbalanced braces in: {text}. Write placeholders as {{name}}.").format(
                    text=text)}) from None
        unknown = sorted(names - allowed)
        if unknown:
            raise ValidationError({"value": _(
                "Unknown placeholder {names}. This paper offers: {allowed}.").format(
                    names=", ".join("{" + n + "}" for n in unknown),
                    allowed=", ".join("{" + n + "}" for n in sorted(allowed)))})
    return value


class _Keep(dict):
    """Unknown placeholders stay visible instead of failing the whole print."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(text: str, **values: Any) -> str:
    try:
        return string.Formatter().vformat(text, (), _Keep(values))
    except (ValueError, IndexError, AttributeError, KeyError):
        return text


def fill_all(texts: list[str], **values: Any) -> list[str]:
    return [fill(t, **values) for t in texts]

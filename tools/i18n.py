"""Maintain the gettext catalogs (Babel).

    python tools/i18n.py extract            # i18n/dvk.pot from app/ and ui/
    python tools/i18n.py update [--domain D] # add new messages to <lang>/LC_MESSAGES/D.po
    python tools/i18n.py compile            # every .po -> .mo
    python tools/i18n.py check              # untranslated or stale: exit 1

Each feature may keep its own catalog file (domain); at run time all catalogs of a
language are chained (app/i18n.py). A message lives in exactly one domain file.
`qt.po` holds Qt's own strings (standard buttons, context menus) with the Qt class as
msgctxt; they are not extracted from our code, so `update` never removes them.
The English catalog starts as a copy of the msgid; change it where English wants
other wording than the msgid.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "i18n"
POT = I18N / "dvk.pot"
LANGUAGES = ("vi", "en")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
SOURCES = ("app", "ui")
HAND_KEPT = {"qt"}


def extract() -> Catalog:
    catalog = Catalog(project="DVK", charset="utf-8")
    for folder in SOURCES:
        for filename, lineno, message, comments, context in extract_from_dir(
            ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS,
            comment_tags=("TRANSLATORS:",), strip_comment_tags=True,
        ):
            catalog.add(message, None, [(f"{folder}/{filename}", lineno)],
                        auto_comments=comments, context=context)
    return catalog


def write_catalog(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, sort_output=True)
    path.write_bytes(buffer.getvalue())


def read_catalog(path: Path, lang: str) -> Catalog:
    with path.open("rb") as fp:
        return read_po(fp, locale=lang)


def domain_files(lang: str) -> list[Path]:
    return sorted((I18N / lang / "LC_MESSAGES").glob("*.po"))


def _key(message) -> tuple:
    return (message.context, message.id if isinstance(message.id, str) else message.id[0])


def update(domain: str) -> None:
    template = extract()
    write_catalog(template, POT)
    wanted = {_key(m) for m in template if m.id}
    for lang in LANGUAGES:
        known: set = set()
        for path in domain_files(lang):
            catalog = read_catalog(path, lang)
            if path.stem not in HAND_KEPT:
                for message in list(catalog):
                    if message.id and _key(message) not in wanted:
                        catalog.delete(message.id, context=message.context)
                write_catalog(catalog, path)
            known |= {_key(m) for m in catalog if m.id}
        target = I18N / lang / "LC_MESSAGES" / f"{domain}.po"
        catalog = read_catalog(target, lang) if target.exists() else Catalog(
            locale=lang, project="DVK", charset="utf-8")
        for message in template:
            if message.id and _key(message) not in known:
                string = message.id if lang == "en" else ("" if isinstance(message.id, str)
                                                          else ("", ""))
                catalog.add(message.id, string, message.locations, context=message.context)
        write_catalog(catalog, target)
    compile_all()


def compile_all() -> None:
    for lang in LANGUAGES:
        for path in domain_files(lang):
            catalog = read_catalog(path, lang)
            buffer = io.BytesIO()
            write_mo(buffer, catalog, use_fuzzy=False)
            path.with_suffix(".mo").write_bytes(buffer.getvalue())


def problems() -> list[str]:
    found: list[str] = []
    template = extract()
    for lang in LANGUAGES:
        translated: dict = {}
        for path in domain_files(lang):
            catalog = read_catalog(path, lang)
            for message in catalog:
                if not message.id:
                    continue
                key = _key(message)
                if key in translated:
                    found.append(f"{lang}: {message.id!r} is in two catalogs")
                strings = message.string if isinstance(message.string, tuple) else (
                    message.string,)
                translated[key] = all(strings) and not message.fuzzy
            mo = path.with_suffix(".mo")
            buffer = io.BytesIO()
            write_mo(buffer, catalog, use_fuzzy=False)
            if not mo.exists() or mo.read_bytes() != buffer.getvalue():
                found.append(f"{lang}: {mo.relative_to(ROOT)} is stale: run tools/i18n.py compile")
        for message in template:
            if message.id and not translated.get(_key(message)):
                where = message.locations[0] if message.locations else ("?", 0)
                found.append(f"{lang}: untranslated {message.id!r} ({where[0]}:{where[1]})")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["extract", "update", "compile", "check"])
    parser.add_argument("--domain", default="dvk",
                        help="catalog file that receives new messages (update)")
    args = parser.parse_args()
    if args.command == "extract":
        write_catalog(extract(), POT)
    elif args.command == "update":
        update(args.domain)
    elif args.command == "compile":
        compile_all()
    else:
        found = problems()
        for line in found:
            print(line)
        return 1 if found else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())

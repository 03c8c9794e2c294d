"""`dvk demo`: write a demo network of offices."""

from __future__ import annotations

from pathlib import Path

from app.cli.common import profile_arg
from app.cli.output import say, warn
from app.core.progress import Progress
from app.demo.network import DemoOptions, generate_network
from app.errors import DvkError
from app.i18n import _


def register(sub) -> None:
    parser = sub.add_parser("demo", help=_("write a demo network: one data file per office"))
    parser.add_argument("--out", required=True, metavar=_("FOLDER"),
                        help=_("folder for the data files and network.json"))
    parser.add_argument("--profile", choices=["hai-cap", "ba-cap"], default="hai-cap",
                        help=_("hierarchy: hai-cap (commune -> province) or ba-cap"))
    parser.add_argument("--communes", type=int, default=3, help=_("number of communes"))
    parser.add_argument("--models", type=int, default=30,
                        help=_("registrations per commune"))
    parser.add_argument("--seed", type=int, default=1, help=_("the same seed gives the same data"))
    parser.set_defaults(handler=run)


def run(args) -> int:
    if not 1 <= args.communes <= 200:
        raise DvkError(_("--communes must be between 1 and 200."))
    if not 0 <= args.models <= 100_000:
        raise DvkError(_("--models must be between 0 and 100000."))
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise DvkError(_("{path} is a file, not a folder.").format(path=out))

    def show(done: int, total: int, text: str) -> None:
        if text:
            warn(f"[{done + 1}/{total}] {text}")

    network = generate_network(out, DemoOptions(profile=profile_arg(args.profile),
                                                 communes=args.communes, models=args.models,
                                                 seed=args.seed), Progress(show))
    say(_("Demo network written to {path}: {count} offices.").format(
        path=out, count=len(network["offices"])))
    return 0

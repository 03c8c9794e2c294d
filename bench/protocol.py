"""What a benchmark module gives `bench/run`, so that a new one joins the table by itself.

A module `bench/bench_<name>.py` takes part when it defines

    SCALES: dict[str, str]
        for each scale it runs at ("1x", "10x", "100x"), what that scale is, in words
        ("10,000 registrations"); "1x" is the size the issue's target speaks of or the
        smallest meaningful unit (a commune year, a province year), "10x" and "100x" the
        same work on ten and a hundred times the data, up to national size;
    def cases(scale: str) -> list[Result]
        runs its measurements at that scale, in the calling process, and returns them.

`bench/run` calls `cases` in a fresh process per module and scale (memory figures and
crashes stay apart), prints one table and writes bench/out/results.md and .json. A
module keeps its own command line for deeper digging (`python bench/bench_x.py -h`).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

SCALE_NAMES = ("1x", "10x", "100x")


@dataclass
class Result:
    """One measured figure, with its baseline measured in the same run.

    `key` names what is measured, the same at every scale (the growth check pairs the
    scales by it). `ok` is None where no target applies at this scale (the figure is
    reported for the growth check only). `ratio` is figure / baseline unless given.
    `grows` is what the cost should at most grow like with the data: "linear", or
    "constant" (a page of a list, one commune's export: the same work at any size)."""

    key: str
    label: str
    figure: float
    unit: str
    baseline: float | None = None
    baseline_label: str = ""
    target: str = ""
    ok: bool | None = None
    ratio: float | None = None
    grows: str = "linear"
    detail: dict[str, Any] = field(default_factory=dict)
    bench: str = ""
    scale: str = ""
    size: str = ""

    def __post_init__(self) -> None:
        if self.ratio is None and self.baseline:
            self.ratio = self.figure / self.baseline

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        for name in ("figure", "baseline", "ratio"):
            value = data[name]
            if isinstance(value, float) and not math.isfinite(value):
                data[name] = None
        return data

    def line(self, *, with_detail: bool = False) -> str:
        """The figure as a benchmark prints it: baseline, ratio, target and verdict."""
        ratio = f", ratio {self.ratio:.2f}x" if self.ratio else ""
        base = f", baseline {self.baseline:.3f} {self.unit} ({self.baseline_label})" \
            if self.baseline else ""
        detail = f" {self.detail}" if with_detail else ""
        return (f"{self.label}: {self.figure:.3f} {self.unit}{base}{ratio}; target "
                f"{self.target}: {'OK' if self.ok else 'MISSED'}{detail}")

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Result:
        return cls(**data)


def within(value: float, limit: float) -> bool:
    return math.isfinite(value) and value <= limit

"""Fixtures of the Windows simulations (issue 19)."""

from tests.sync.conftest import tree, tree_template  # noqa: F401  (fixtures)

"""Fixtures of the Windows simulations (issue 19)."""

from tests.sync.conftest import net, sync_template, tree, tree_template  # noqa: F401
from tests.windows.sharing import sharing  # noqa: F401

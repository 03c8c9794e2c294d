"""DVK core: domain rules, services, repositories and the command line. No Qt here."""

from functools import cache


def __getattr__(name: str) -> str:
    # `__version__` is looked up on demand: reading the installed metadata costs
    # ~20 ms, paid on every start of the window otherwise; read once (every bundle's
    # manifest names it: a send-down to 129 communes asked 129 times).
    if name == "__version__":
        return _version()
    raise AttributeError(f"module 'app' has no attribute {name!r}")


@cache
def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("dvk")
    except metadata.PackageNotFoundError:  # running from a plain source folder
        return "0.0.0+source"

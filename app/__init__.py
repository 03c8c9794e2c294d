"""DVK core: domain rules, services, repositories and the command line. No Qt here."""


def __getattr__(name: str) -> str:
    # `__version__` is looked up on demand: reading the installed metadata costs
    # ~20 ms, paid on every start of the window otherwise.
    if name == "__version__":
        from importlib import metadata

        try:
            return metadata.version("dvk")
        except metadata.PackageNotFoundError:  # running from a plain source folder
            return "0.0.0+source"
    raise AttributeError(f"module 'app' has no attribute {name!r}")

"""DVK core: domain rules, services, repositories and the command line. No Qt here."""

from importlib import metadata

try:
    __version__ = metadata.version("dvk")
except metadata.PackageNotFoundError:  # running from a plain source folder
    __version__ = "0.0.0+source"

"""Building the one-folder application and its Windows setup (see README.md)."""

"""Schema and connection set-up. Knows SQLite, nothing of the domain or of Qt."""

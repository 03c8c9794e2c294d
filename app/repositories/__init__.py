"""The only code that talks to SQLite (through sqlite-utils)."""

"""The only code that talks to SQLite (through sqlite-utils), the sync tables included
(`sync_tables`)."""

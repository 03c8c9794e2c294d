"""The four tabs of the data exchange screen (`ui/screens/sync_screen.py`), one module
each: sending bundles, receiving them, the keys, the conflicts to review. What they
share (the office key's session, the tables) is in `common`."""

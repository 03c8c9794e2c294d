"""The office's data file as a file: where it lives (a read-only stick, a network
share), whether it is still the file that was opened, which windows have it open, and
the leftovers of interrupted writes beside it. No SQL here: `app.context` opens the
database with what these modules find."""

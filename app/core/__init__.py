"""The plain events and progress reports every working floor shares.

Services, sync and the Excel import all tell the window what changed (`events`) and
how far a long job has got (`progress`); the window turns both into Qt signals and
bars. They live below all three so that sync need not import services to report.
No Qt, no I/O.
"""

"""Plain rules and data shapes of the movement: no I/O, no Qt."""

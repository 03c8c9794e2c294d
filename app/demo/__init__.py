"""The demo network generator (`dvk demo`)."""

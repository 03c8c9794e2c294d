"""The Qt window. Talks to the core only through `app.context.AppContext`."""

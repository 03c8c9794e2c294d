"""Services: the jobs a user does, shared by the window and the command line."""

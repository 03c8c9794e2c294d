"""Excel in and out: reading the registers offices keep (as typed since the 2000s) and
writing lists and templates. No Qt here: the window reaches it through app services."""

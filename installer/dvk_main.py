"""Entry point of the built executables (dvk and dvk-console).

Without a command the program opens the window, which is what a double click (or a
shortcut such as `dvk.exe --lang en` or `dvk.exe --db D:\\office.sqlite`) means; with one
it is the `dvk` command line. The windowed executable on Windows has no console, so
Python gives it no stdout or stderr: `app.console.prepare()` points them at a sink so
that a message written there cannot crash the program (the window shows its own errors
and internal errors go to dvk-errors.log in the data folder), before anything else is
imported; the command line's streams get their Vietnamese-safe encoding there too.
"""

import sys

GLOBAL_OPTIONS = ("--lang", "--db", "--user")  # the options of app/cli/main.py with a value


def command_line(argv: list[str]) -> list[str]:
    """`argv` with `gui` added when it names no command, only global options."""
    index = 0
    while index < len(argv):
        if argv[index] in GLOBAL_OPTIONS:
            index += 2
        elif argv[index].startswith(tuple(f"{o}=" for o in GLOBAL_OPTIONS)):
            index += 1
        else:
            return argv
    return [*argv, "gui"]


if __name__ == "__main__":
    from app import console

    console.prepare()
    from app.cli import main

    sys.exit(main(command_line(sys.argv[1:])))

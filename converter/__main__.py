"""`python -m converter …`: the same program as the `converter` command.

The usual fallback on Windows, where pip's Scripts folder is often not on PATH.
"""

from converter.app.cli import main

main()

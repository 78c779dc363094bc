#!/usr/bin/env python
"""Django's manage.py; operators use the `magistrat` command, which wraps the same commands."""

from magistrat.cli.main import main

if __name__ == "__main__":
    main()

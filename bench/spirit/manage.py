#!/usr/bin/env python
"""Spirit's side of the comparison (bench/spirit_compare.py); run with .venv-spirit's Python."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spirit_bench.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)

#!/usr/bin/env python
"""The upgrade check's Django project: a dj-stripe user's site (settings in upgradeproj/)."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upgradeproj.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)

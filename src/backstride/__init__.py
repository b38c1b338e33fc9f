"""Backstride: evidence-based help for lower back pain that comes on with walking.

The domain core (``knowledge``, ``engine``, ``plan``, ``instruments``) is pure: it does no I/O
beyond reading the package's own data files and never imports the CLI, web or storage layers.
"""

__version__ = "0.1.0"

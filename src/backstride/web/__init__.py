"""The web app and REST API (FastAPI). Build it with :func:`create_app`."""

from backstride.web.app import create_app
from backstride.web.settings import Settings

__all__ = ["Settings", "create_app"]

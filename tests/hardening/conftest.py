"""Fixtures shared with the web tests."""

from tests.web.conftest import app, client, clinic_app  # noqa: F401

"""Command-line interface: a thin Typer app; each command group lives in its own module.

Command modules must stay cheap to import (import heavy libraries inside the command
functions) so that ``backstride --help`` starts fast.
"""

from __future__ import annotations

import importlib
import os
import sys

import typer

app = typer.Typer(
    name="backstride",
    help=(
        "Backstride: help for lower back pain that comes on when you walk.\n\n"
        "Not a diagnosis. If you have new numbness between your legs, trouble peeing or "
        "pooing, or weakness that is getting worse, get emergency care now."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        from backstride import __version__
        from backstride.knowledge import load_kb

        print(f"backstride {__version__} (knowledge base {load_kb().version})")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False,
        "--version",
        callback=_version,
        is_eager=True,
        help="Show the version and the knowledge base's version, then exit.",
    ),
) -> None:
    """Backstride: help for lower back pain that comes on when you walk."""


# Each module defines ``register(app)``. Order here is the order in --help.
COMMAND_MODULES = (
    "assess",
    "parse",
    "kb",
    "selftest",
    "plan",
    "programme",
    "diary",
    "datacmd",
    "report",
    "serve",
    "clinic",
    "evaluate",
)


def _register_all() -> None:
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"backstride.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"backstride.cli.{name}":
                continue  # not written yet
            raise
        module.register(app)


_register_all()


#: Top-level module -> the optional extra that installs it (pyproject.toml).
EXTRAS = {
    "fastapi": "web",
    "uvicorn": "web",
    "jinja2": "web",
    "multipart": "web",
    "python_multipart": "web",
    "argon2": "web",
    "itsdangerous": "web",
    "httpx": "web",
    "reportlab": "pdf",
    "matplotlib": "charts",
    "fhir": "fhir",
    "psycopg": "pg",
    "spacy": "nlp",
}


def main() -> None:
    """Console-script entry point: maps BackstrideError to a clean message and exit code, and a
    missing optional library to the one-line install hint."""
    from backstride.errors import BackstrideError

    try:
        app()
    except ModuleNotFoundError as exc:
        root = (exc.name or "").split(".")[0]
        extra = EXTRAS.get(root)
        if extra is None:
            raise
        print(
            f"Error: this needs the optional part '{extra}' ({root} is not installed). "
            f"Install it with: pip install 'backstride[{extra}]'",
            file=sys.stderr,
        )
        sys.exit(1)
    except BackstrideError as err:
        print(f"Error: {err.message}", file=sys.stderr)
        sys.exit(err.exit_code)
    except KeyboardInterrupt:
        print("\nStopped. Nothing was lost.", file=sys.stderr)
        sys.exit(130)
    except OSError as exc:  # a file to write in a folder that is not there, or not allowed
        if not exc.filename:
            raise
        name = str(exc.filename).removesuffix(".partial")  # the file asked for, not its draft
        folder = os.path.dirname(os.path.abspath(name))
        hint = (
            f"The folder {folder!r} does not exist: create it first, or choose another folder."
            if not os.path.isdir(folder)
            else "Check the name, and that you may write there."
        )
        print(f"Error: could not use the file {name!r} ({exc.strerror}). {hint}", file=sys.stderr)
        sys.exit(2)

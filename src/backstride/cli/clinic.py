"""`backstride clinic`: clinic mode accounts made by the administrator, not by open sign-up.

- ``backstride clinic admin --username NAME``: the first administrator (asks for a password).
- ``backstride clinic invite --clinician NAME``: a one-time invitation link for a clinician.

Patients register themselves on the web; a clinician account needs an invitation.
"""

from __future__ import annotations

import typer

clinic_app = typer.Typer(
    help="Clinic mode: the administrator account and invitations for clinicians.",
    no_args_is_help=True,
)

DB = typer.Option(
    None,
    "--db",
    envvar="BACKSTRIDE_DB",
    show_envvar=True,
    help="The clinic's database: a file path or URL (postgresql+psycopg://...).",
)


def _accounts(db: str | None):
    from backstride.storage import Store
    from backstride.web.accounts import Accounts

    store = Store.open(db, name_people_in_errors=False)
    return store, Accounts(store, max_failures=5, window_seconds=900, session_days=1)


@clinic_app.command("admin")
def admin(
    username: str = typer.Option(..., "--username", help="The administrator's username."),
    password: str = typer.Option(
        ..., prompt=True, hide_input=True, confirmation_prompt=True, help="At least 10 characters."
    ),
    db: str | None = DB,
) -> None:
    """Create an administrator account (run on the server: the command line is trusted)."""
    store, accounts = _accounts(db)
    try:
        user = accounts.register(username, password, "admin", trusted=True)
    finally:
        store.close()
    typer.echo(f"Administrator {user.username!r} created.")


@clinic_app.command("invite")
def invite(
    clinician: str = typer.Option(
        ..., "--clinician", help="Who the invitation is for (a name, kept as a note)."
    ),
    days: int = typer.Option(14, min=1, max=90, help="Days the invitation stays valid."),
    base_url: str = typer.Option(
        "http://127.0.0.1:8000", "--base-url", help="The clinic server's address, for the link."
    ),
    db: str | None = DB,
) -> None:
    """Print a one-time invitation link for a clinician to create their account."""
    store, accounts = _accounts(db)
    try:
        code = accounts.invite(clinician, role="clinician", days=days)
    finally:
        store.close()
    typer.echo(f"Invitation for {clinician} (one use, valid {days} days):")
    typer.echo(f"{base_url.rstrip('/')}/register?invite={code}")
    typer.echo(f"Code: {code}")


def register(app: typer.Typer) -> None:
    app.add_typer(clinic_app, name="clinic")

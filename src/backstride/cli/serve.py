"""`backstride serve`: the web app and REST API in a browser."""

from __future__ import annotations

import typer


def serve(
    host: str = typer.Option(
        "127.0.0.1", help="Address to listen on. Keep 127.0.0.1 unless a clinic server."
    ),
    port: int = typer.Option(8000, min=1, max=65535, help="Port to listen on."),
    multi_user: bool = typer.Option(
        False, "--multi-user", help="Clinic mode: accounts, sign-in and sharing (needs --db)."
    ),
    db: str | None = typer.Option(
        None,
        "--db",
        envvar="BACKSTRIDE_DB",
        show_envvar=True,
        help="Database: a file path or URL (postgresql+psycopg://...). Default: your data folder.",
    ),
    workers: int = typer.Option(
        1, min=1, max=32, help="Worker processes (more use more CPU cores)."
    ),
    secret_key: str | None = typer.Option(
        None,
        envvar="BACKSTRIDE_SECRET_KEY",
        show_envvar=True,
        help="Secret for form tokens; set it so forms survive a restart.",
    ),
    allowed_host: list[str] = typer.Option(
        [],
        "--allowed-host",
        envvar="BACKSTRIDE_ALLOWED_HOSTS",
        help="A Host name to answer besides localhost, 127.0.0.1 and [::1] (repeatable; "
        "e.g. clinic.example.org or *.example.org). Other names get 400.",
    ),
    trusted_proxy: list[str] = typer.Option(
        [],
        "--trusted-proxy",
        envvar="BACKSTRIDE_TRUSTED_PROXIES",
        help="Address or CIDR range of a reverse proxy whose X-Forwarded-For/-Proto headers "
        "to believe (repeatable). Without it those headers are ignored.",
    ),
    secure_cookies: bool | None = typer.Option(
        None,
        "--secure-cookies/--no-secure-cookies",
        help="Force the Secure flag on cookies (behind a TLS proxy). Default: on unless "
        "listening on a loopback address; always on for HTTPS requests.",
    ),
) -> None:
    """Start the web app and print the address to open."""
    import uvicorn

    from backstride.errors import InputError
    from backstride.web import Settings, create_app

    if multi_user and not db:
        raise InputError(
            "Clinic mode needs a database: add --db postgresql+psycopg://USER:PASS@HOST/DB "
            "(or a SQLite file path for a small trial).",
            field="db",
        )
    kwargs = {"secret_key": secret_key} if secret_key else {}
    settings = Settings(
        host=host,
        port=port,
        multi_user=multi_user,
        db_url=db,
        allowed_hosts=tuple(_split(allowed_host)),
        trusted_proxies=tuple(_split(trusted_proxy)),
        secure_cookies=secure_cookies,
        **kwargs,
    )
    app = create_app(settings)  # also checks the knowledge base and database before starting
    mode = "clinic mode (sign-in required to save)" if multi_user else "single-person mode"
    typer.echo(f"Backstride is running in {mode}.")
    typer.echo(f"Open {settings.address} in your browser. Press Ctrl+C to stop.")
    typer.echo(f"Answering the Host names: {', '.join(settings.host_names)}.")
    if multi_user and host not in ("127.0.0.1", "localhost", "::1") and not allowed_host:
        typer.echo(
            "Note: browsers that open this server by another name get 400. Add "
            "--allowed-host NAME for the name your clinic uses (and --trusted-proxy ADDRESS "
            "if a reverse proxy sits in front).",
            err=True,
        )
    if host not in ("127.0.0.1", "localhost", "::1") and not multi_user:
        typer.echo(
            "Warning: single-person mode has no sign-in, and anyone who can reach "
            f"{host} can read the diary. Use --multi-user for a shared server.",
            err=True,
        )
    if workers == 1:
        from backstride.web.intake import warm

        # the free-text parser takes a few seconds to build: build it in a thread, so pages
        # answer at once; a description sent before it is ready waits for it (BENCHMARKS.md)
        warm(app.state.kb, background=True)
        uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=False)
        return
    import json
    import os

    from backstride.web.app import ENV_SETTINGS

    os.environ[ENV_SETTINGS] = json.dumps(
        {
            "host": host,
            "port": port,
            "multi_user": multi_user,
            "db_url": db,
            "secret_key": settings.secret_key,
            "allowed_hosts": list(settings.allowed_hosts),
            "trusted_proxies": list(settings.trusted_proxies),
            "secure_cookies": secure_cookies,
        }
    )
    uvicorn.run(
        "backstride.web.app:app_from_env",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        log_level="warning",
        proxy_headers=False,
    )


def _split(values: list[str]) -> list[str]:
    """Repeated options, or one comma-separated environment variable."""
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)

"""Drive a terminal program in tmux as a person would: type keys, read the screen."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
import uuid


def _tmux(*args: str, tries: int = 5) -> None:
    """Run a tmux command, retrying briefly: when two test workers start the first tmux server at
    the same moment, one of them can be told the server went away."""
    for attempt in range(tries):
        done = subprocess.run(["tmux", *args], capture_output=True, text=True)
        if done.returncode == 0:
            return
        if attempt == tries - 1:
            raise subprocess.CalledProcessError(
                done.returncode, ["tmux", *args], done.stdout, done.stderr
            )
        time.sleep(0.2 * (attempt + 1))


class Terminal:
    def __init__(
        self,
        command: list[str],
        env: dict[str, str] | None = None,
        width: int = 110,
        height: int = 50,
    ):
        if shutil.which("tmux") is None:
            raise RuntimeError("tmux is not installed")
        self.name = f"bs-{uuid.uuid4().hex[:8]}"
        env = dict(env or {})
        for key in ("BACKSTRIDE_DB", "BACKSTRIDE_KB_DIR"):  # tmux does not pass these on
            if key in os.environ:
                env.setdefault(key, os.environ[key])
        # a crash (an abort, exit 134) prints every thread's traceback on the screen, so a
        # failing test shows where it happened
        env.setdefault("PYTHONFAULTHANDLER", "1")
        envs = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        cmd = f"env {envs} {shlex.join(command)}; echo EXIT=$?; sleep 30"
        _tmux("new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), cmd)

    def screen(self) -> str:
        out = subprocess.run(
            ["tmux", "capture-pane", "-p", "-S", "-3000", "-t", self.name],
            capture_output=True,
            text=True,
        )
        return out.stdout

    def type(self, text: str, enter: bool = True) -> None:
        _tmux("send-keys", "-t", self.name, "-l", text)
        if enter:
            _tmux("send-keys", "-t", self.name, "Enter")

    def key(self, key: str) -> None:
        _tmux("send-keys", "-t", self.name, key)

    #: how long a screen may take to show under a loaded machine (a CI runner shared by
    #: parallel workers): only a failing wait spends it, so it is generous, not a timing check
    WAIT = 60.0

    def wait_for(self, needle: str, timeout: float = WAIT, count: int = 1) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            s = self.screen()
            if s.count(needle) >= count:
                return s
            time.sleep(0.05)
        raise AssertionError(f"{needle!r} (x{count}) did not appear. Screen:\n{self.screen()}")

    def wait_any(self, *needles: str, timeout: float = WAIT) -> str:
        """Wait until one of the texts is on screen; return which."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            s = self.screen()
            for n in needles:
                if n in s:
                    return n
            time.sleep(0.05)
        raise AssertionError(f"none of {needles} appeared. Screen:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

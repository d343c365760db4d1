"""The cron and systemd recipes in the README, checked as written (paths swapped in)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "README.md"
DOC_KB = "/opt/kb/.venv/bin/kb"
KB = str(Path(sys.executable).with_name("kb"))
CRON_PATH = "/usr/bin:/bin"  # all cron gives a job


def units() -> dict[str, str]:
    found = re.findall(r"`/etc/systemd/system/([^`]+)`:\n\n```ini\n(.*?)```", DOC.read_text(), re.S)
    return dict(found)


def crontab() -> list[str]:
    [block] = re.findall(r"```crontab\n(.*?)```", DOC.read_text(), re.S)
    return [line for line in block.splitlines() if line.strip()]


def test_the_crontab_line_runs_kb_sync_every_15_minutes_into_the_journal() -> None:
    env_line, job = crontab()
    fields = job.split(None, 5)
    assert fields[:5] == ["*/15", "*", "*", "*", "*"]
    assert shlex.split(fields[5]) == ["systemd-cat", "-t", "kb-sync", DOC_KB, "sync"]
    assert env_line.startswith("KB_DATABASE_URL=sqlite:////")


def test_the_timer_fires_every_15_minutes_and_starts_the_service() -> None:
    timer = units()["kb-sync.timer"]
    [calendar] = re.findall(r"^OnCalendar=(.*)$", timer, re.M)
    if shutil.which("systemd-analyze"):
        shown = subprocess.run(
            ["systemd-analyze", "calendar", calendar], capture_output=True, text=True
        )
        assert "Normalized form: *-*-* *:00/15:00" in shown.stdout
    assert "WantedBy=timers.target" in timer


def test_the_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed")
    user = _current_user()
    paths = []
    for name, text in units().items():
        text = text.replace(DOC_KB, KB).replace("User=kb", f"User={user}")
        text = text.replace("Group=kb", f"Group={user}")
        path = tmp_path / name
        path.write_text(text)
        paths.append(str(path))

    checked = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *paths], capture_output=True, text=True
    )

    complaints = [line for line in checked.stderr.splitlines() if "kb-sync" in line]
    assert checked.returncode == 0 and complaints == [], checked.stderr


def test_the_recipe_commands_sync_with_crons_bare_environment(tmp_path: Path) -> None:
    database = tmp_path / "kb.sqlite"
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "note.txt").write_text(
        "Envoys meet in Islamabad\n\nThe Japanese and Pakistani envoys met in Islamabad on "
        "Monday to plan a joint exercise.\n"
    )
    env = {"PATH": CRON_PATH, "HOME": str(tmp_path)}
    if "PYTHONPATH" in os.environ:
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    env["KB_DATABASE_URL"] = f"sqlite:///{database}"
    added = subprocess.run(
        [KB, "sources", "add", "inbox", str(inbox)], env=env, capture_output=True, text=True
    )
    assert added.returncode == 0, added.stderr
    [exec_start] = re.findall(r"^ExecStart=(.*)$", units()["kb-sync.service"], re.M)
    [_, job] = crontab()
    # The cron job minus its `systemd-cat -t kb-sync` wrapper: no journald in a test sandbox.
    cron_argv = shlex.split(job.split(None, 5)[5])[3:]

    for argv in (shlex.split(exec_start), cron_argv):
        argv = [KB if arg == DOC_KB else arg for arg in argv]
        ran = subprocess.run(argv, env=env, capture_output=True, text=True, cwd=tmp_path)
        assert ran.returncode == 0, ran.stderr

    listed = subprocess.run([KB, "runs", "--json"], env=env, capture_output=True, text=True)
    assert listed.returncode == 0 and listed.stdout.count('"command": "sync"') == 2


def _current_user() -> str:
    import pwd

    return pwd.getpwuid(os.getuid()).pw_name

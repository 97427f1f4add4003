"""Run an `enablement` command in a child process that stops at a chosen point.

Kill tests need the child to be mid-way when the signal lands. Racing a
running process against a poll loop depends on the machine's speed (a quick
machine finished first and the test skipped); pausing it at a known call is
the same on every machine.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_SCRIPT = """
import importlib
import sys
import time
sys.path.insert(0, {root!r})
{setup}
module = importlib.import_module({module!r})
real = getattr(module, {function!r})
calls = 0

def pausing(*args, **kwargs):
    global calls
    calls += 1
    if calls > {after!r}:
        print("paused", flush=True)
        time.sleep(3600)
    return real(*args, **kwargs)

setattr(module, {function!r}, pausing)
if __name__ == "__main__":  # worker processes import this file too
    from enablement_desktop.cli import main
    sys.exit(main({argv!r}))
"""


def start_paused(tmp_path: Path, module: str, function: str, after: int, argv: list[str],
                 setup: str = "") -> subprocess.Popen[str]:
    """Start `enablement ARGV`; return once `module.function` was called `after` times and the next call waits."""
    script = tmp_path / "paused_command.py"
    script.write_text(_SCRIPT.format(root=str(ROOT), setup=setup, module=module, function=function,
                                     after=after, argv=argv), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()  # blocks until the pause, or the end of a run that never got there
    if line.strip() != "paused":
        proc.kill()
        proc.wait()
        raise AssertionError(f"the command ended before call {after + 1} of {module}.{function}")
    return proc

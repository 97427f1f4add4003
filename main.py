"""Enablement Desktop: python main.py [--library DIR] [--data-dir DIR]"""

import signal
import sys

if __name__ == "__main__":
    # Ctrl+C in the terminal quits: Qt's event loop would never let Python see it.
    # Nothing is lost — the data dir is built to survive being killed at any point.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    # Imported under the guard: extraction workers are spawned processes that
    # re-import this file, and they must neither load Qt nor open a window.
    from ui.app import run

    sys.exit(run(sys.argv))

import os

# Qt must never try to open a display in tests, whichever test imports it first.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

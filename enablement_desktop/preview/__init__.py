"""Showing a document as it looks: LibreOffice conversion, the hit page, what to highlight.

No Qt here: the window (ui/preview.py, ui/viewer.py) and the tests call these
plain functions; conversion runs LibreOffice in its own process group with a
time limit.
"""

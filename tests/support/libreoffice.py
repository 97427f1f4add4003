"""LibreOffice for tests: real conversions, skipped only where it is not installed.

CI installs it (`.ci/run` passes --with-libreoffice, which also sets
ENABLEMENT_REQUIRE_LIBREOFFICE=1): there a missing soffice fails the tests
instead of skipping them, so the real conversion is always exercised in CI.
"""

from __future__ import annotations

import os

import pytest

from enablement_desktop.preview.convert import find_soffice


def require_soffice() -> str:
    soffice = find_soffice()
    if soffice is None:
        if os.environ.get("ENABLEMENT_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("LibreOffice (soffice) is required here but is not installed")
        pytest.skip("LibreOffice is not installed (scripts/setup.sh --with-libreoffice)")
    return soffice

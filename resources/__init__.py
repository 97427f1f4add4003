"""Bundled resources and the scripts that build them (demo library, test collateral)."""

"""Checks run over a built site, shared by `invoke check` and the tests."""

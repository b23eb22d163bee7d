"""Live leaderboard charts: ranked bar charts drawn at build time from dated snapshots."""

from .plugin import register

__all__ = ["register"]

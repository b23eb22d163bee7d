"""Markdown essays with Hugo/Zola TOML, Jekyll/Hugo YAML or Pelican front matter."""

from .plugin import register

__all__ = ["register"]

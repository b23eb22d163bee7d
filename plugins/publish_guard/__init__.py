"""Publish rules: drafts never leave the machine; a broken essay stops the publish build."""

from .plugin import register

__all__ = ["register"]

"""Build benchmark: a synthetic corpus built by us, vanilla Pelican and Hugo."""

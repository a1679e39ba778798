"""Pages of the awards app."""

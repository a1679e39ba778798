"""Pages of the events app."""

"""The public portal: what anyone may read without signing in, and nothing personal."""

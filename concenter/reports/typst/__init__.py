"""Typst templates of the standard reports (see concenter/reports/render.py)."""

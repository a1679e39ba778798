"""The shipped province map (see concenter/reports/mapdata.py)."""

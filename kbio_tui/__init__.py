"""kbio-tui: a terminal browser for Korean biopharma industry briefings."""

__version__ = "0.1.0"

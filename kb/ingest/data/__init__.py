"""Word lists the fusion rules read (agreement names, official titles)."""

"""Models of the thresholds app."""

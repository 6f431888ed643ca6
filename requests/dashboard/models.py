"""dashboard: models."""

"""letters: models."""

"""Information requests: models."""

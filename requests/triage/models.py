"""Triage: models."""

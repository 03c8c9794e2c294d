"""Printing: document models, wording templates, one ReportLab renderer, safe output."""

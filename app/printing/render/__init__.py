"""Layout of the document models with ReportLab (used by app/printing/renderer.py)."""

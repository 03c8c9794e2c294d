"""Printing: document models, wording templates, one ReportLab renderer, safe output.

    model.py       one dataclass per kind of paper (RegistrationFormDoc, ScoreSheetDoc,
                   ProposalDoc, DecisionDoc, ReportDoc, CertificateDoc) and shared pieces
    inputs.py      what other services hand in: OfficePrint, RecognisedEntry,
                   DecisionData, ProposalData, ReportData
    builders.py    data + office settings + wording -> a document model (pure)
    templates.py   wording: resources/print/<kind>.json, overridden per key in settings
    rubrics.py     rubric-shaped data for score sheets (until scoring ships its own)
    renderer.py    PdfRenderer: any document model -> PDF bytes (render/ lays them out)
    fonts.py       Times New Roman if complete, else bundled Liberation Serif; "?" for
                   characters no font can draw
    output.py      atomic write: temporary file beside the target, then rename
    raster.py      PDF pages -> pixels (pdfium) for preview, printing and tests
    samples.py     sample documents of every kind

How scoring and recognition print: build the input dataclasses, then
`ctx.printing.decision_document(data)` / `certificate_documents(data)` /
`proposal_document(data)` / `report_document(data)` or `builders.scoresheet(rubric,
lines=...)`, and `ctx.printing.save(doc, path)` or `save_certificates(docs, path,
progress)`. The service (app/services/printing.py) documents the office settings and
what happens when one is missing.
"""

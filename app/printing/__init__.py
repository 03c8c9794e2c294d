"""Printing: document models, wording templates, one ReportLab renderer, safe output.

    model.py       one dataclass per kind of paper (RegistrationFormDoc, ScoreSheetDoc,
                   ProposalDoc, DecisionDoc, ReportDoc, CertificateDoc) and shared pieces
    inputs.py      what other services hand in: OfficePrint, RecognisedEntry,
                   DecisionData, ProposalData, ReportData
    builders.py    data + office settings + wording -> a document model (pure)
    templates.py   wording: resources/print/<kind>.json (with per-layout variants, key_state
                   / key_party), overridden per key in settings
    presets.py     the bodies an office issues as (resources/print/presets.json)
    typography.py  typographic quotes, no line break inside place names and numbers
    frozen.py      an issued decision's paper frozen as canonical JSON, and rebuilt
    fixed_fonts.py the bundled font under its own name, for frozen papers
    blanks.py      positions of certificates' texts on pre-printed blanks, offsets
    rubrics.py     rubric-shaped data for score sheets (until scoring ships its own)
    renderer.py    PdfRenderer: any document model -> PDF bytes (render/ lays them out;
                   render/blank.py the texts onto blanks and the calibration page)
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

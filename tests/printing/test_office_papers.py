"""Recognition papers through the service with the office's own settings, the batch of
certificates with progress and cancel, and characters no font can draw."""

from __future__ import annotations

import pytest

from app.core.progress import Cancelled, Progress
from app.printing import samples
from tests.printing import pdfcheck


def test_decision_and_certificates_carry_the_office_settings(ctx):
    ctx.printing.set_setting("print.signer_name", "Đinh Văn Phúc")
    data = samples.decision_data()
    decision = pdfcheck.text(ctx.printing.render(ctx.printing.decision_document(data)))
    assert "Đinh Văn Phúc" in decision and "Đảng ủy phường Yên Thắng".upper() in decision
    docs = ctx.printing.certificate_documents(data)
    assert len(docs) == len(data.entries)
    assert {d.variant for d in docs} == {"tap_the", "ca_nhan"}
    proposal = ctx.printing.proposal_document(samples.ProposalData(
        "03-TTr/BCĐ", data.date, 2025, "Ban Tuyên giáo và Dân vận Tỉnh ủy Ninh Bình",
        data.entries))
    assert "cấp tỉnh" in pdfcheck.text(ctx.printing.render(proposal))
    report = ctx.printing.report_document(samples.report_data())
    assert "BÁO CÁO" in pdfcheck.text(ctx.printing.render(report))


def test_certificates_batch_reports_progress(ctx, tmp_path):
    docs = ctx.printing.certificate_documents(samples.decision_data())
    seen = []
    target = tmp_path / "giay-cong-nhan.pdf"
    ctx.printing.save_certificates(docs, target, Progress(lambda d, t, text: seen.append(text)))
    assert pdfcheck.page_count(target.read_bytes()) == len(docs)
    assert len(seen) == len(docs) and seen[-1]


def test_the_certificates_job_never_reads_the_data_file_in_its_thread(ctx, tmp_path):
    """The window writes certificates in a worker thread: what the renderer needs from
    the data file is read before, on the window's thread and connection."""
    import dataclasses
    import threading

    # Certificates of a decision issued before papers were frozen: rendered with the
    # office's renderer, which a window that has printed nothing yet has still to make.
    docs = [dataclasses.replace(doc, frozen=None)
            for doc in ctx.printing.certificate_documents(samples.decision_data())]
    ctx.printing._renderer = None
    write = ctx.printing.certificates_writer(docs)
    worker_reads = []

    def trace(statement: str) -> None:
        if threading.current_thread() is not threading.main_thread():
            worker_reads.append(statement)

    ctx.db.conn.set_trace_callback(trace)
    try:
        target = tmp_path / "giay-cong-nhan.pdf"
        job = threading.Thread(target=write, args=(target,))
        job.start()
        job.join()
    finally:
        ctx.db.conn.set_trace_callback(None)
    assert worker_reads == []
    assert pdfcheck.page_count(target.read_bytes()) == len(docs)


def test_a_cancelled_batch_leaves_no_file(ctx, tmp_path):
    docs = ctx.printing.certificate_documents(samples.decision_data())
    out = tmp_path / "out"
    out.mkdir()
    progress = Progress(lambda done, total, text: progress.cancel() if done == 2 else None)
    with pytest.raises(Cancelled):
        ctx.printing.save_certificates(docs, out / "x.pdf", progress)
    assert list(out.iterdir()) == []


def test_characters_without_a_glyph_print_as_question_marks(ctx, renderer):
    doc = ctx.printing.sample_document("certificate")
    doc.recipient = "Tổ dân phố 🌸 số 1 漢"
    doc.model_name = "Mo\u0302 hi\u0300nh"  # decomposed marks: composed before printing
    text = pdfcheck.text(renderer.render(doc))
    assert "Tổ dân phố ? số 1 ?" in text
    assert "Mô hình" in text

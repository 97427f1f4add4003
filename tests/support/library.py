"""A small, real collateral library for core and UI tests (PDF, PPTX, DOCX, XLSX, MD, HTML)."""

from __future__ import annotations

from pathlib import Path

from resources.docgen import write_docx, write_pdf, write_pptx, write_text, write_xlsx

MANIFEST = """path,title,product,persona,stage,region,tags,owner,expires,approved
case-studies/halvorsen.pdf,Halvorsen Freight case study,Tidewater Ledger,CFO;Controller,decision,EMEA,case study;logistics;nordics,Ana Ruiz,,yes
decks/ledger-pitch.pptx,Ledger pitch deck,Tidewater Ledger,CFO,evaluation,Global,deck,Ana Ruiz,,yes
playbooks/objections.docx,Objection handling playbook,Tidewater Pulse,VP Sales,evaluation,NA,playbook,Ben Okafor,,yes
pricing/roi.xlsx,ROI calculator,Tidewater Ledger,CFO,decision,Global,pricing,Ana Ruiz,2020-01-31,yes
faq/security.md,Security FAQ,Tidewater Shield,CIO,evaluation,Global,security;faq,Chen Wei,,yes
faq/release-notes.html,Release notes,Tidewater Shield,CIO,awareness,Global,release,Chen Wei,,no
"""


def build_sample_library(root: Path) -> Path:
    root = Path(root)
    write_pdf(
        root / "case-studies/halvorsen.pdf",
        [
            "# Halvorsen Freight\nA Nordic logistics group with 40 depots.",
            "# Challenge\nInvoices arrived on paper from 3,000 carriers.",
            "# Results\nHalvorsen cut invoice processing cost 62% and reached a payback period of 5.5 months.",
            "# About Tidewater\nTidewater Systems builds finance automation.",
        ],
        title="Halvorsen Freight: 62% lower invoice cost",
        keywords="case study, logistics",
    )
    write_pptx(
        root / "decks/ledger-pitch.pptx",
        [
            {"title": "Tidewater Ledger", "bullets": ["Accounts payable automation for the mid-market"]},
            {"title": "Why now", "bullets": ["Manual AP costs $12 per invoice"],
             "notes": "Ask the CFO about their month-end close and the auditor's findings."},
            {"title": "Pricing tiers", "table": [["Tier", "Price"], ["Growth", "€1,900 per month"], ["Scale", "€4,200 per month"]]},
        ],
        title="Ledger pitch deck",
    )
    write_docx(
        root / "playbooks/objections.docx",
        [
            {"heading": "Discovery questions", "paragraphs": ["How do you forecast revenue today?"]},
            {"heading": "Pricing objections", "paragraphs": ["When a buyer says it is too expensive, show the forecast accuracy gain."],
             "table": [["Objection", "Response"], ["We already have Salesforce", "Pulse reads your Salesforce pipeline"]]},
            {"heading": "Competitors", "paragraphs": ["Versus Forecastly: we handle multi-currency pipelines."]},
        ],
        title="Objection handling playbook",
    )
    write_xlsx(
        root / "pricing/roi.xlsx",
        {"Inputs": [["Invoices per month", 12000], ["Cost per invoice", 12.5]],
         "Payback": [["Month", "Savings"], [1, 9000], [6, 54000]]},
        title="ROI calculator",
    )
    write_text(
        root / "faq/security.md",
        "# Security FAQ\nHow we keep your data safe.\n\n## Compliance\nTidewater Shield is SOC 2 Type II audited "
        "and ISO 27001 certified.\n\n## Résumé des certifications\nCertifié pour la région Île-de-France.\n",
    )
    write_text(
        root / "faq/release-notes.html",
        "<html><head><title>Release notes</title></head><body><h1>Release 4.2</h1>"
        "<p>Vendor risk scoring now covers subprocessors.</p><h2>Fixes</h2><p>Faster exports.</p></body></html>",
    )
    (root / "collateral.csv").write_text(MANIFEST, encoding="utf-8")
    return root

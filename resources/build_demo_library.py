"""Build the demo collateral library in resources/demo_library/.

Why: the app needs a small, realistic library to demo and to test against —
one fictional company (Tidewater Systems, four finance products) with real,
specific, searchable text in every format the app reads, a collateral.csv
manifest, and the problems a real library has.

What is deliberately in it, so that each view has something true to show:
- Messaging: approved wording for every product and buyer in messaging/*.json
  (resources/demo_messaging.py), one proof point of it expired.
- Problems: a scanned, image-only reference letter (no text layer), an expired
  battlecard, an unapproved draft, a legacy cp1252 text file, a non-ASCII file
  name, and document properties that disagree with the manifest.
- Coverage gaps (product x persona / stage / region) a marketer should spot:
  nothing for the CFO on Shield or Flow, nothing for the CIO on Pulse, the
  Controller only on Ledger; Pulse's only decision-stage asset has expired and
  Flow's only one is unapproved; APAC has a single asset.

The content is fixed data and timestamps are pinned, so every run writes
byte-identical files and a rebuild never shows up as a change in git. Run:
    python resources/build_demo_library.py [OUT_DIR]
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw
from reportlab import rl_config
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from resources.demo_messaging import MESSAGING_FILES  # noqa: E402
from resources.docgen import (  # noqa: E402
    write_docx,
    write_pdf,
    write_pptx,
    write_text,
    write_xlsx,
)

DEFAULT_OUT = REPO / "resources" / "demo_library"
MANIFEST = "collateral.csv"
MANIFEST_HEADER = [
    "path", "title", "product", "persona", "stage", "region", "tags", "owner", "expires", "approved",
]
PRODUCT_NAMES = {
    "Ledger": "Tidewater Ledger",
    "Pulse": "Tidewater Pulse",
    "Shield": "Tidewater Shield",
    "Flow": "Tidewater Flow",
    "Platform": "Tidewater Platform",
}
EVERGREEN = ""
NEXT_REVIEW = "2027-06-30"
FROZEN_ZIP_TIME = (2026, 10, 1, 0, 0, 0)
FROZEN_CORE_DATE = rb"2026-10-01T00:00:00Z"
CORE_DATE_RE = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


@dataclass(frozen=True)
class Asset:
    """One file of the library and its manifest row.

    content is what the matching docgen writer takes (pages, slides, sections,
    sheets or text); None means a scanned, image-only PDF. doc_title, when set,
    is the (stale) title in the file's own properties, which the manifest
    overrides.
    """

    path: str
    title: str
    product: str
    personas: tuple[str, ...]
    stage: str
    region: str
    tags: tuple[str, ...]
    owner: str
    content: object
    expires: str = NEXT_REVIEW
    approved: bool = True
    doc_title: str = ""
    encoding: str = "utf-8"


def page(*lines: str) -> str:
    """One PDF page: a line starting with "# " is a heading, others paragraphs."""
    return "\n".join(lines)


def slide(title: str, bullets: tuple[str, ...] = (), notes: str = "",
          table: list[list[str]] | None = None) -> dict:
    return {"title": title, "bullets": list(bullets), "notes": notes, "table": table or []}


def section(heading: str, *paragraphs: str, table: list[list[str]] | None = None,
            level: int = 1) -> dict:
    return {"heading": heading, "level": level, "paragraphs": list(paragraphs), "table": table or []}


# ---------------------------------------------------------------- one-pagers


def ledger_overview() -> Asset:
    pages = [
        page(
            "# Tidewater Ledger: accounts payable that pays for itself",
            "Tidewater Ledger automates accounts payable end to end for mid-market and enterprise finance teams: invoice capture, three-way matching, approval routing, supplier payments and spend analytics, posted in real time to your ERP.",
            "# Why finance leaders care",
            "Manual AP costs the median company $11 to $15 per invoice and hides cash you could keep. Ledger customers cut invoice processing cost by 62% on average and capture early-payment discounts they used to miss.",
            "Approvals move to mobile: terminal managers, plant managers and project leads approve in one tap, so the average approval cycle falls from 14 days to about 3.",
            "Duplicate-payment detection compares supplier, amount, date and invoice number across every entity before money leaves the bank.",
            "# Proof",
            "Halvorsen Freight: cost per invoice from $11.40 to $4.33, 84% of invoices touchless, payback in 5.5 months.",
            "Kestrel Mining: 71% touchless within 90 days across 600 suppliers at remote sites in Western Australia.",
        ),
        page(
            "# What you get",
            "Capture: email, supplier portal, EDI and scanned paper; 96% field-level extraction accuracy on the first pass.",
            "Match and approve: two- and three-way matching against purchase orders and receipts, tolerance rules per supplier, delegation for holidays.",
            "Pay: ACH, SEPA, wire and virtual card from one run; virtual card rebates of up to 1.2% of card spend.",
            "Integrate: certified connectors for SAP S/4HANA, SAP ECC, Oracle NetSuite, Microsoft Dynamics 365, Sage Intacct and Workday Financials.",
            "Trust: SOC 2 Type II, ISO 27001, single sign-on through SAML 2.0, data hosted in the United States, Frankfurt or Sydney.",
            "# Pricing at a glance",
            "Essentials from $24,000 per year (up to 2,000 invoices a month). Professional from $60,000. Enterprise from $132,000 with unlimited volume. See the 2026 price list for EUR pricing.",
            "Talk to your Tidewater account executive about a free AP cost assessment.",
        ),
    ]
    return Asset(
        "one-pagers/ledger-overview.pdf", "Tidewater Ledger overview", "Ledger",
        ("CFO", "Controller"), "awareness", "Global",
        ("ap automation", "invoice processing", "overview"), "Priya Raman", pages,
    )


def pulse_overview() -> Asset:
    pages = [
        page(
            "# Tidewater Pulse: forecasts your board can trust",
            "Tidewater Pulse turns your CRM pipeline and your receivables into one revenue and cash forecast, updated every night, with the reasons behind every number.",
            "# For the VP of Sales",
            "Stop the Monday roll-up in spreadsheets. Pulse scores every open opportunity on activity, stage age and buyer engagement, and shows which deals moved the forecast since last week.",
            "Customers forecast within 3% of the final quarter number by week two of the quarter.",
            "# For the CFO",
            "Pulse forecasts collections invoice by invoice, so the cash forecast matches the revenue forecast. Müller Logistik cut DSO by 11 days and freed €6.8 million of working capital.",
        ),
        page(
            "# How it works",
            "Connect Salesforce, HubSpot or Microsoft Dynamics 365 Sales in an afternoon; add your ERP receivables for cash forecasting.",
            "Scenario planning: model a lost renewal, a price increase or a hiring freeze and see the effect on bookings, revenue and cash.",
            "Forecast calls in one screen: commit, best case and pipeline by team, with the deals that changed highlighted.",
            "# Pricing",
            "Team: $75 per forecast user per month, minimum 20 users. Business: $120 per user per month. Enterprise: custom. Read-only viewers are free.",
        ),
    ]
    return Asset(
        "one-pagers/pulse-overview.pdf", "Tidewater Pulse overview", "Pulse",
        ("VP Sales", "CFO"), "awareness", "Global",
        ("revenue forecasting", "cash forecasting", "overview"), "Jonas Eklund", pages,
    )


def shield_overview() -> Asset:
    pages = [
        page(
            "# Tidewater Shield: vendor risk without the spreadsheets",
            "Tidewater Shield runs third-party risk management from onboarding to offboarding: due diligence questionnaires, document collection, continuous monitoring and an audit trail your regulator will accept.",
            "# The problem",
            "Most security and procurement teams track vendors in spreadsheets and shared inboxes. Questionnaires take weeks to chase, SOC 2 reports expire unnoticed, and an examiner's request for evidence turns into a fire drill.",
            "# What changes with Shield",
            "Standard questionnaires (SIG Lite, CAIQ, or your own) sent, chased and scored automatically.",
            "Continuous monitoring of sanctions lists (OFAC, EU, UK HMT), financial health and external cyber ratings, with alerts when a critical vendor changes.",
            "Insurance certificates, SOC 2 reports and contracts tracked with expiry reminders 60 and 30 days ahead.",
        ),
        page(
            "# Proof",
            "Bluepeak Credit Union cut vendor onboarding from 34 days to 9 and passed its NCUA examination with zero third-party findings.",
            "Mercado Pharma screens 2,400 suppliers in Europe and Brazil against EU sanctions lists every night.",
            "# Built for regulated industries",
            "Supports NCUA and OCC third-party guidance, the EBA outsourcing guidelines and DORA's register of information.",
            "Shield itself is SOC 2 Type II and ISO 27001 certified, with SSO, SCIM provisioning and role-based access.",
        ),
    ]
    return Asset(
        "one-pagers/shield-overview.pdf", "Tidewater Shield overview", "Shield",
        ("CIO", "Procurement"), "awareness", "Global",
        ("vendor risk", "compliance", "third-party risk", "overview"), "Aiko Tanaka", pages,
    )


def flow_overview() -> Asset:
    pages = [
        page(
            "# Tidewater Flow: intake to purchase order in one place",
            "Employees ask for what they need in plain language; Flow routes the request to the right approvers, checks the budget, picks the preferred supplier and creates the purchase order in your ERP.",
            "# Why operations and procurement teams switch",
            "Maverick spend falls when buying the right way is the easy way: guided buying with catalogs and preferred suppliers.",
            "Purchase order cycle time drops from days to hours. Mercado Pharma went from 9 days to 1.5.",
            "Budget owners see commitments the moment a request is approved, not at month end.",
            "# Fits your stack",
            "Creates purchase orders in SAP S/4HANA, Oracle NetSuite and Microsoft Dynamics 365; requests from Slack, Microsoft Teams or email; invoices flow on to Tidewater Ledger for three-way matching.",
            "Starter from $15,000 per year for up to 100 requesters.",
        ),
    ]
    return Asset(
        "one-pagers/flow-overview.pdf", "Tidewater Flow overview", "Flow",
        ("Procurement", "Operations"), "awareness", "NA",
        ("procurement", "intake to po", "overview"), "Lucía Fernández", pages,
    )


def platform_overview_emea() -> Asset:
    pages = [
        page(
            "# Tidewater for EMEA finance teams",
            "Tidewater Systems serves more than 640 finance teams worldwide from offices in Portland, Maine, Dublin and Singapore. EMEA customers are supported from Dublin in English, German, French and Spanish.",
            "# Your data stays in the EU",
            "EMEA tenants are hosted in Frankfurt (AWS eu-central-1) with a disaster recovery copy in Dublin. Personal data never leaves the EU; our Data Processing Agreement follows the GDPR standard contractual clauses.",
            "# Payments and tax, the European way",
            "Tidewater Ledger pays by SEPA credit transfer and SEPA Instant, reads XRechnung and ZUGFeRD e-invoices, and validates VAT numbers against VIES before the first payment.",
            "# Proof from the region",
            "Müller Logistik, Hamburg: DSO down 11 days with Tidewater Pulse, €6.8 million of working capital released.",
            "Mercado Pharma, Madrid: maverick spend from 27% to 6% with Tidewater Flow.",
        ),
        page(
            "# Pricing in euros",
            "Tidewater Ledger Essentials from €22,000 per year; Tidewater Shield Essentials from €16,500; Tidewater Flow Starter from €13,800; Tidewater Pulse Team €69 per user per month.",
            "Bundle two products and save 10%; three or more and save 15%.",
            "# Compliance",
            "SOC 2 Type II, ISO 27001 and ISO 27701. Supports DORA's register of information for financial entities. A named Data Protection Officer in Dublin: privacy@tidewater.example.",
        ),
    ]
    return Asset(
        "one-pagers/platform-overview-emea.pdf", "Tidewater platform overview for EMEA", "Platform",
        ("CFO", "CIO"), "awareness", "EMEA",
        ("gdpr", "data residency", "sepa", "overview"), "Lucía Fernández", pages,
    )


def ledger_month_end_close() -> Asset:
    pages = [
        page(
            "# Close the month in five days, not nine",
            "A one-pager for corporate controllers evaluating Tidewater Ledger.",
            "# Where the close gets stuck",
            "Invoices waiting for approval are invisible to the general ledger, so accruals are estimates. Controllers spend the first days of every close chasing approvers and reconciling the AP subledger by hand.",
            "# What Ledger changes",
            "Every invoice is in Ledger the day it arrives, coded and matched, so unapproved invoices become exact accruals with one click.",
            "The AP subledger reconciles to SAP, NetSuite or Dynamics continuously; exceptions are listed, not discovered.",
            "A full audit trail per invoice: who approved, when, from which device, against which purchase order.",
        ),
        page(
            "# Results controllers report",
            "Halvorsen Freight: month-end close from 9 to 5 business days.",
            "Kestrel Mining: accrual adjustments after close down 80%.",
            "# Questions to ask your team",
            "How many invoices are sitting in inboxes on the last day of the month? How do you accrue for them? How long does the AP reconciliation take? When did an auditor last ask for an approval trail you could not produce?",
        ),
    ]
    return Asset(
        "one-pagers/ledger-month-end-close-controllers.pdf",
        "Ledger for controllers: month-end close", "Ledger", ("Controller",), "evaluation", "NA",
        ("month-end close", "accruals", "audit trail"), "Priya Raman", pages,
    )


# ------------------------------------------------------------- case studies


def halvorsen_case_study() -> Asset:
    pages = [
        page(
            "# Halvorsen Freight cuts invoice processing cost 62% with Tidewater Ledger",
            "Customer: Halvorsen Freight, Tacoma, Washington. Asset-based trucking and third-party logistics; 2,300 employees and 41 terminals across the western United States and Canada.",
            "Products: Tidewater Ledger (AP automation, payments and spend analytics), integrated with SAP S/4HANA.",
            "# At a glance",
            "Invoice processing cost down 62%, from $11.40 to $4.33 per invoice.",
            "Approval cycle from 14 days to 3.2 days.",
            "84% of invoices processed touchless.",
            "\"We stopped arguing about where an invoice was. Now we argue about what to do with the people we freed up.\" Dana Whitcomb, Corporate Controller, Halvorsen Freight.",
        ),
        page(
            "# The challenge: 6,200 invoices a month on paper and email",
            "Fuel, tolls, repairs and subcontracted carriers send Halvorsen about 6,200 supplier invoices a month. In 2024, 38% still arrived on paper at the terminals; the rest came as PDFs to twelve different inboxes.",
            "Eleven AP clerks keyed every invoice into SAP by hand, at a fully loaded cost of $11.40 per invoice.",
            "Approvals went by email to terminal managers who spend their days in the yard. The average approval took 14 days, 23% of invoices were paid late, and late fees reached $96,000 in 2024.",
            "Fuel suppliers offer 2/10 net 30 terms, but Halvorsen captured early-payment discounts on only 9% of eligible spend.",
            "An internal audit found $310,000 of duplicate payments over 18 months: the same carrier invoice entered at two terminals.",
            "Month-end close took nine business days because accruals for unapproved invoices were estimates.",
        ),
        page(
            "# The solution and the results",
            "Halvorsen signed in February 2025 and went live in 11 weeks. Tidewater Ledger's certified SAP S/4HANA connector posts invoices and payments in real time; 1,400 carriers submit invoices through the supplier portal; terminal managers approve on their phones.",
            "Results after twelve months:",
            "Cost per invoice: $4.33, down 62% from $11.40.",
            "Approval cycle: 3.2 days, down from 14. Late fees: $7,500, down from $96,000.",
            "Early-payment discounts: $412,000 captured in the first year; capture of eligible spend rose from 9% to 71%.",
            "Duplicate payments: none since go-live. Duplicate detection flagged 212 invoices in the first 90 days.",
            "Month-end close: 5 business days, down from 9. The AP team went from eleven clerks to six; five moved to supplier management and collections, with no layoffs.",
            "# Payback period",
            "The payback period was 5.5 months from signature. First-year investment was $128,000: subscription $60,000, implementation $28,000 and internal project time $40,000. After go-live, processing savings alone were $43,800 a month, so the investment was recovered 2.9 months after the 11-week rollout.",
        ),
        page(
            "# Why Halvorsen chose Tidewater",
            "Halvorsen evaluated Paystream Cloud and an SAP add-on. Tidewater won on the certified SAP connector with real-time posting, the carrier portal included in the subscription, mobile approvals, and a price held for three years.",
            "\"The business case was conservative and we still beat it. Ledger paid for itself before the summer.\" Erik Halvorsen, Chief Financial Officer.",
            "# What's next",
            "Halvorsen is rolling out Tidewater Flow for terminal purchasing in 2026 and evaluating Tidewater Shield to track carrier insurance certificates.",
            "Reference calls: Dana Whitcomb takes two reference calls per quarter. Request one through your Tidewater account executive at least two weeks ahead.",
        ),
    ]
    return Asset(
        "case-studies/halvorsen-freight-ledger.pdf",
        "Case study: Halvorsen Freight cuts invoice cost 62%", "Ledger",
        ("CFO", "Controller"), "decision", "NA",
        ("case study", "transportation", "sap", "payback", "roi"), "Priya Raman", pages,
    )


def bluepeak_case_study() -> Asset:
    pages = [
        page(
            "# Bluepeak Credit Union passes its NCUA exam with zero third-party findings",
            "Customer: Bluepeak Credit Union, Boise, Idaho. $4.2 billion in assets, 38 branches, 310 vendors under management, 61 of them rated critical.",
            "Product: Tidewater Shield (vendor risk and compliance).",
            "# At a glance",
            "Vendor onboarding from 34 days to 9.",
            "100% of critical vendors with a current SOC report on file.",
            "Zero third-party findings at the 2025 NCUA examination, after two findings in 2023.",
            "1,100 staff hours a year returned to the risk team.",
        ),
        page(
            "# The challenge",
            "Bluepeak's vendor program lived in a spreadsheet with 310 rows and 46 columns, maintained by two analysts. Due diligence questionnaires went out as Word documents; chasing answers took most of the 34-day onboarding time.",
            "At the 2023 examination, NCUA examiners cited two findings: expired SOC 2 reports for two critical vendors, and no evidence of ongoing monitoring for the core banking processor.",
            "The board's risk committee asked for a quarterly vendor risk report that took the team eight days to assemble.",
            "Marisol Ortega, CIO: \"We were one expired certificate away from a matter requiring attention, and we only knew because the examiner told us.\"",
        ),
        page(
            "# The solution",
            "Bluepeak rolled out Tidewater Shield in ten weeks. All 310 vendors were imported from the spreadsheet with their contracts, SOC reports and insurance certificates; the 61 critical vendors were re-tiered using Shield's inherent-risk questionnaire.",
            "Questionnaires are now sent from Shield using the SIG Lite template, with automatic reminders and a vendor portal for uploads.",
            "Continuous monitoring watches OFAC sanctions, financial health and external cyber ratings for every critical vendor; an alert opens a review task with a due date.",
            "The board report is one click: risk by tier, overdue reviews, expiring documents and open issues.",
        ),
        page(
            "# The results",
            "Onboarding time fell from 34 days to 9, measured from request to approved vendor.",
            "Every critical vendor has a current SOC report on file; Shield requests the new report 60 days before the old one expires.",
            "The 2025 NCUA examination closed with zero third-party findings. Examiners reviewed the Shield audit trail directly instead of sampling spreadsheets.",
            "The quarterly board report takes half a day instead of eight days; in total, 1,100 staff hours a year went back to risk analysis.",
            "\"Shield is the first system our examiners asked to see rather than the last one we had to explain.\" Marisol Ortega, CIO, Bluepeak Credit Union.",
        ),
    ]
    return Asset(
        "case-studies/bluepeak-credit-union-shield.pdf",
        "Case study: Bluepeak Credit Union, zero NCUA findings", "Shield",
        ("CIO", "Procurement"), "decision", "NA",
        ("case study", "credit union", "ncua", "vendor risk", "financial services"), "Aiko Tanaka", pages,
    )


def mercado_case_study() -> Asset:
    pages = [
        page(
            "# Mercado Pharma brings maverick spend from 27% to 6% with Tidewater Flow",
            "Customer: Mercado Pharma, headquartered in Madrid with manufacturing in São Paulo and Monterrey. Generic medicines; 5,800 employees; €1.9 billion revenue.",
            "Products: Tidewater Flow (procurement workflow), with Tidewater Ledger for invoice matching.",
            "# At a glance",
            "Maverick spend down from 27% to 6% of indirect spend.",
            "Purchase order cycle time from 9 days to 1.5 days.",
            "€3.4 million of savings in the first year from preferred-supplier compliance.",
        ),
        page(
            "# The challenge: three ERPs, three ways to buy",
            "Mercado runs SAP S/4HANA in Spain, SAP ECC in Brazil and Microsoft Dynamics 365 in Mexico. Each plant had its own purchase request form, and requesters in São Paulo often bought from local suppliers without a purchase order at all.",
            "Only 73% of indirect spend went through an approved purchase order; the other 27% surfaced as invoices with no PO.",
            "A purchase order took 9 days on average, so plant engineers bought spare parts on corporate cards to keep lines running.",
            "Inês Carvalho, Procurement Director for Latin America: \"Our suppliers in São Paulo knew our process was slow and priced for it.\"",
        ),
        page(
            "# The solution",
            "Flow gave every employee one intake form in Portuguese, Spanish or English, reachable from Microsoft Teams. Flow asks what is needed and why, applies the approval policy of the buying entity, checks the budget, and creates the purchase order in the right ERP.",
            "Catalogs of 14,000 items from 120 preferred suppliers cover 80% of plant maintenance spend.",
            "Invoices are matched against Flow purchase orders in Tidewater Ledger, so a no-PO invoice is now the exception that gets a question, not the norm.",
            "Rollout: Spain first (8 weeks), then Brazil and Mexico (12 weeks), with local super users at each plant.",
        ),
        page(
            "# The results after one year",
            "Maverick spend fell from 27% to 6% of indirect spend.",
            "Purchase order cycle time fell from 9 days to 1.5 days; 62% of catalog requests are approved the same day.",
            "Preferred-supplier compliance delivered €3.4 million of savings against a €410,000 total cost of the program.",
            "Corporate card spend on spare parts fell 70%.",
            "\"The plants asked for speed, finance asked for control; Flow gave both.\" Inês Carvalho, Mercado Pharma.",
        ),
    ]
    return Asset(
        "case-studies/mercado-pharma-flow.pdf",
        "Case study: Mercado Pharma, maverick spend from 27% to 6%", "Flow",
        ("Procurement", "Operations"), "evaluation", "Global",
        ("case study", "pharma", "maverick spend", "manufacturing", "multi-erp"), "Lucía Fernández", pages,
    )


def muller_case_study() -> Asset:
    pages = [
        page(
            "# Müller Logistik: DSO down 11 days with Tidewater Pulse",
            "Customer: Müller Logistik GmbH, Hamburg. Contract logistics and warehousing; 3,100 employees; €640 million revenue; 22 sites in Germany, Poland and the Netherlands.",
            "Product: Tidewater Pulse (revenue and cash forecasting).",
            "# At a glance",
            "Days sales outstanding (DSO) down 11 days, from 58 to 47.",
            "€6.8 million of working capital released.",
            "Quarterly revenue forecast accuracy from 78% to 96%.",
        ),
        page(
            "# The challenge",
            "Müller Logistik's revenue forecast was a spreadsheet assembled by 14 account directors every Monday; the cash forecast was a separate spreadsheet in treasury. The two rarely agreed.",
            "Large retail customers paid late without warning, and the collections team worked the aged-debt list from the top instead of the accounts most likely to slip.",
            "Stefan Brückner, CFO: \"I was presenting two forecasts to the supervisory board and defending the gap between them.\"",
        ),
        page(
            "# The solution and the results",
            "Pulse connected to Salesforce and to SAP receivables in six weeks. It predicts, invoice by invoice, when each customer will pay, and the collections team now starts each day with the invoices most likely to slip.",
            "DSO fell from 58 to 47 days within three quarters, releasing €6.8 million of working capital.",
            "Forecast accuracy at week two of the quarter rose from 78% to 96%; the Monday roll-up is gone.",
            "Treasury and sales now present one forecast: bookings, revenue and cash from the same model.",
            "\"For the first time the board saw one number, and it held.\" Stefan Brückner, CFO, Müller Logistik.",
        ),
    ]
    return Asset(
        "case-studies/müller-logistik-pulse.pdf",
        "Case study: Müller Logistik, DSO down 11 days", "Pulse",
        ("CFO", "VP Sales"), "evaluation", "EMEA",
        ("case study", "logistics", "dso", "working capital", "dach"), "Jonas Eklund", pages,
    )


def kestrel_case_study() -> Asset:
    pages = [
        page(
            "# Kestrel Mining: 71% touchless invoices in 90 days",
            "Customer: Kestrel Mining, Perth, Western Australia. Iron ore and lithium; four remote mine sites; 600 active suppliers.",
            "Product: Tidewater Ledger, integrated with Oracle NetSuite, hosted in Sydney.",
            "# The challenge",
            "Invoices arrived at remote sites on paper, were scanned weekly and keyed in Perth. GST errors caused 1 in 12 invoices to be rejected by suppliers' systems, and site managers approved invoices weeks after the work was done.",
        ),
        page(
            "# The solution",
            "Suppliers submit through the Ledger portal; site managers approve from tablets that sync when the site link is up, working offline in between.",
            "Ledger validates ABNs and GST on capture, before an invoice reaches approval.",
            "Three-way matching against NetSuite purchase orders and goods receipts from the site stores.",
        ),
        page(
            "# The results",
            "71% of invoices touchless within 90 days of go-live.",
            "GST rejections from 1 in 12 invoices to fewer than 1 in 200.",
            "Invoice approval from 19 days to 4 days; suppliers paid on terms, which reopened negotiations on better rates for haulage.",
            "Accrual adjustments after close down 80%.",
        ),
    ]
    return Asset(
        "case-studies/kestrel-mining-ledger-apac.pdf",
        "Case study: Kestrel Mining, 71% touchless in 90 days", "Ledger",
        ("CFO", "Operations"), "decision", "APAC",
        ("case study", "mining", "netsuite", "gst", "remote sites"), "Aiko Tanaka", pages,
    )


def halvorsen_reference_letter() -> Asset:
    return Asset(
        "case-studies/halvorsen-freight-reference-letter-signed-scan.pdf",
        "Halvorsen Freight signed reference letter (scan)", "Ledger",
        ("CFO",), "decision", "NA", ("reference", "signed letter"), "Priya Raman", None,
    )


# -------------------------------------------------------------------- decks


def corporate_overview_deck() -> Asset:
    slides = [
        slide("Tidewater Systems: finance operations, automated", (
            "Corporate overview 2026",
            "Portland, Maine | Dublin | Singapore",
        ), "Open with the customer's world, not ours. Ask what prompted the meeting before slide 2."),
        slide("Who we are", (
            "Founded in 2014 by former AP and treasury leaders",
            "More than 640 mid-market and enterprise finance teams",
            "$48 billion of annual spend processed",
            "Four products on one platform: Ledger, Pulse, Shield, Flow",
        ), "Who we are in one sentence: we give finance teams their time and their cash back by automating the work between the request and the payment."),
        slide("Why finance teams call us", (
            "Invoices cost $11 or more each to process by hand",
            "Forecasts are assembled in spreadsheets and trusted by no one",
            "Vendor risk lives in inboxes until an auditor asks",
            "Employees buy around procurement because procurement is slow",
        ), "Let the buyer pick the pain that is theirs. Each maps to one product."),
        slide("One platform, four products", (), "Keep this to a minute; go deep only on the product the buyer cares about.", [
            ["Product", "What it does", "Typical buyer"],
            ["Tidewater Ledger", "AP automation, payments, spend analytics", "CFO, Controller"],
            ["Tidewater Pulse", "Revenue and cash forecasting", "VP Sales, CFO"],
            ["Tidewater Shield", "Vendor risk and compliance", "CIO, Procurement"],
            ["Tidewater Flow", "Procurement intake to purchase order", "Procurement, Operations"],
        ]),
        slide("Proof from customers", (), "Choose the proof point closest to the buyer's industry and region.", [
            ["Customer", "Product", "Result"],
            ["Halvorsen Freight", "Ledger", "Invoice cost down 62%, payback in 5.5 months"],
            ["Bluepeak Credit Union", "Shield", "Onboarding 34 to 9 days, zero NCUA findings"],
            ["Mercado Pharma", "Flow", "Maverick spend 27% to 6%"],
            ["Müller Logistik", "Pulse", "DSO down 11 days, €6.8M released"],
        ]),
        slide("Security and trust", (
            "SOC 2 Type II, audited every year",
            "ISO 27001 and ISO 27701 certified",
            "Hosting in the United States, Frankfurt or Sydney",
            "SSO with SAML 2.0, SCIM provisioning, AES-256 at rest",
        ), "If the CIO is in the room, offer the security pack and the security FAQ before they ask."),
        slide("Integrations", (
            "ERP: SAP S/4HANA, SAP ECC, Oracle NetSuite, Microsoft Dynamics 365, Sage Intacct, Workday",
            "CRM: Salesforce, HubSpot, Dynamics 365 Sales",
            "Collaboration: Microsoft Teams, Slack, email",
        ), "The SAP question comes up in most enterprise meetings: we complement SAP, we do not replace it."),
        slide("How we work with you", (
            "Fixed-scope implementations in 8 to 12 weeks",
            "A named customer success manager from day one",
            "Value review at 90 days against the business case",
        ), "Mention that the business case is built with the customer, using their numbers."),
        slide("Next steps", (
            "Discovery workshop with finance, IT and procurement",
            "Business case with your own numbers",
            "Reference call with a customer in your industry",
        ), "Agree a date for the discovery workshop before leaving the room."),
    ]
    return Asset(
        "decks/corporate-overview-2026.pptx", "Tidewater corporate overview 2026", "Platform",
        ("CFO", "CIO", "VP Sales", "Operations", "Procurement"), "awareness", "Global",
        ("corporate overview", "company", "first meeting"), "Marcus Bell", slides,
    )


def ledger_pitch_deck() -> Asset:
    slides = [
        slide("Tidewater Ledger", ("Accounts payable that pays for itself",),
              "Thirty-minute version: slides 1 to 6 and 11 to 12."),
        slide("What manual AP really costs", (
            "$11 to $15 per invoice, fully loaded",
            "14-day approval cycles and late fees",
            "Early-payment discounts left on the table",
            "Duplicate payments found only by auditors",
        ), "Ask the CFO for their own cost per invoice. Most do not know; that is the point of the AP cost assessment."),
        slide("Ledger in one picture", (
            "Capture: email, portal, EDI, paper",
            "Match: two- and three-way, tolerance rules",
            "Approve: mobile, delegation, policy by entity",
            "Pay: ACH, SEPA, wire, virtual card",
            "Analyse: spend, cash, supplier performance",
        ), "Walk left to right. Stop at the step that hurts the buyer most."),
        slide("Capture that actually reads invoices", (
            "96% field-level accuracy on the first pass",
            "Learns supplier layouts after three invoices",
            "Line items, tax and freight split automatically",
        ), "If they have tried OCR before and been burned, show a live capture of one of their own invoices."),
        slide("Approvals people do on their phones", (
            "One-tap approval with the PDF and the PO side by side",
            "Reminders and escalation after 48 hours",
            "Halvorsen Freight: 14 days to 3.2 days",
        ), "Terminal managers at Halvorsen approve from the yard; use this story for any business with field managers."),
        slide("Before and after: Halvorsen Freight", (), "Numbers are from the published case study; page 3 has the payback calculation.", [
            ["Metric", "Before", "After 12 months"],
            ["Cost per invoice", "$11.40", "$4.33"],
            ["Approval cycle", "14 days", "3.2 days"],
            ["Touchless invoices", "0%", "84%"],
            ["Early-pay discounts captured", "9% of eligible", "71% of eligible"],
            ["Month-end close", "9 days", "5 days"],
        ]),
        slide("Payments and cash", (
            "One payment run for ACH, SEPA, wire and virtual card",
            "Virtual card rebates up to 1.2%",
            "Positive pay files and bank-grade approvals",
        ), "Treasury will ask about bank connectivity: we connect directly to 40+ banks and through SWIFT."),
        slide("Works with your ERP", (
            "Certified SAP S/4HANA and SAP ECC connectors",
            "Oracle NetSuite, Microsoft Dynamics 365, Sage Intacct, Workday",
            "Real-time posting, no nightly batch",
        ), "Objection: 'We already have SAP.' Response: so does Halvorsen. Ledger does the work in front of SAP and posts to it in real time; SAP stays the system of record."),
        slide("Objection handling: 'Too expensive'", (
            "Compare with the cost of today's process, not with zero",
            "Typical payback 4 to 7 months; Halvorsen 5.5 months",
            "Essentials tier from $24,000 per year",
        ), "Never discount on this slide. Offer the ROI calculator and build the business case with their numbers first."),
        slide("Objection handling: 'Security review takes months'", (
            "Security pack ready on day one: SOC 2 Type II report, ISO 27001 certificate, pen test summary",
            "Pre-filled SIG Lite and CAIQ questionnaires",
            "Median security review for Ledger: 19 days",
        ), "Offer a call between their security team and our CISO office in the first week; it takes weeks out of the review."),
        slide("Pricing", (), "List prices; discount guardrails are in the 2026 price list.", [
            ["Tier", "Invoices per month", "USD per year", "EUR per year"],
            ["Essentials", "up to 2,000", "$24,000", "€22,000"],
            ["Professional", "up to 10,000", "$60,000", "€55,000"],
            ["Enterprise", "unlimited", "from $132,000", "from €121,000"],
        ]),
        slide("Next steps", (
            "AP cost assessment with your data (two weeks)",
            "Business case and ROI review with finance",
            "Reference call with Halvorsen Freight or Kestrel Mining",
        ), "Close on a date for the assessment kickoff."),
    ]
    return Asset(
        "decks/ledger-pitch-deck.pptx", "Tidewater Ledger pitch deck", "Ledger",
        ("CFO", "Controller"), "evaluation", "Global",
        ("pitch deck", "ap automation", "objection handling", "pricing"), "Priya Raman", slides,
        doc_title="PowerPoint Presentation",
    )


def pulse_pitch_deck() -> Asset:
    slides = [
        slide("Tidewater Pulse", ("One forecast for bookings, revenue and cash",),
              "Best with the VP of Sales and the CFO in the same meeting."),
        slide("The Monday roll-up problem", (
            "Forecasts assembled in spreadsheets from 10+ managers",
            "Sandbagging and happy ears in the same number",
            "Cash forecast built separately by treasury",
        ), "Ask how many hours a week their managers spend on the roll-up."),
        slide("How Pulse forecasts", (
            "Scores every open deal on activity, stage age and engagement",
            "Learns each rep's historical accuracy",
            "Predicts when each invoice will be paid",
        ), "Explain the model in plain words; show why a deal moved, not just that it did."),
        slide("Forecast calls in one screen", (
            "Commit, best case and pipeline by team",
            "Deals that changed since last week highlighted",
            "Notes and next steps captured in the call",
        ), "Demo: run last week's call live with their sample data if we have it."),
        slide("Scenario planning", (
            "Model a lost renewal, a price increase or a hiring freeze",
            "See bookings, revenue and cash move together",
        ), "CFOs love this slide; VPs of Sales like it less. Frame it as planning capacity."),
        slide("Proof: Müller Logistik", (), "Use for logistics, distribution and services companies with large receivables.", [
            ["Metric", "Before", "After"],
            ["Forecast accuracy (week 2)", "78%", "96%"],
            ["DSO", "58 days", "47 days"],
            ["Working capital released", "-", "€6.8 million"],
        ]),
        slide("Connects in an afternoon", (
            "Salesforce, HubSpot, Dynamics 365 Sales",
            "ERP receivables from SAP, NetSuite, Dynamics",
            "No data warehouse required",
        ), "If they have a data team, mention the Snowflake export; do not lead with it."),
        slide("Objection: 'Our CRM already forecasts'", (
            "CRM forecasts are the rep's opinion, summed",
            "Pulse adds evidence: activity, history, payment behaviour",
            "And it forecasts cash, which the CRM cannot",
        ), "Do not criticise their CRM; position Pulse on top of it."),
        slide("Pricing", (), "Viewers are free; count only people who submit or adjust a forecast.", [
            ["Plan", "Per forecast user per month", "Minimum"],
            ["Team", "$75 / €69", "20 users"],
            ["Business", "$120 / €110", "50 users"],
            ["Enterprise", "custom", "-"],
        ]),
        slide("Next steps", (
            "Forecast accuracy baseline from your last four quarters",
            "Pilot with one region for one quarter",
        ), "Agree the pilot's success criterion in writing: accuracy at week two."),
    ]
    return Asset(
        "decks/pulse-pitch-deck.pptx", "Tidewater Pulse pitch deck", "Pulse",
        ("VP Sales", "CFO"), "evaluation", "Global",
        ("pitch deck", "revenue forecasting", "dso"), "Jonas Eklund", slides,
    )


def shield_pitch_deck() -> Asset:
    slides = [
        slide("Tidewater Shield", ("Third-party risk without the spreadsheets",),
              "Audience is usually the CIO or CISO with procurement; regulators are the urgency."),
        slide("Why now", (
            "Regulators expect ongoing monitoring, not annual reviews",
            "Most breaches now start at a vendor",
            "Spreadsheets cannot prove what you checked and when",
        ), "Ask when their last examination or audit was and what it found."),
        slide("Shield in one picture", (
            "Intake and inherent-risk tiering",
            "Questionnaires: SIG Lite, CAIQ or your own",
            "Documents: SOC reports, insurance, contracts",
            "Continuous monitoring: sanctions, financial health, cyber ratings",
            "Reports for the board and the examiner",
        ), "Keep moving; the demo will make it concrete."),
        slide("Proof: Bluepeak Credit Union", (), "Story works for any regulated institution; NCUA is the credit-union regulator.", [
            ["Metric", "Before", "After"],
            ["Vendor onboarding", "34 days", "9 days"],
            ["Critical vendors with current SOC report", "about 90%", "100%"],
            ["NCUA third-party findings", "2 (2023)", "0 (2025)"],
            ["Board report preparation", "8 days", "half a day"],
        ]),
        slide("Continuous monitoring", (
            "OFAC, EU and UK sanctions screening every night",
            "Financial health and cyber rating changes raise review tasks",
            "Expiry reminders 60 and 30 days ahead",
        ), "Show an alert turning into a task with an owner and a due date."),
        slide("Built for the examiner", (
            "Every action timestamped and attributable",
            "Evidence export per vendor in one click",
            "Mapped to NCUA, OCC, EBA outsourcing guidelines and DORA",
        ), "Bluepeak's examiners reviewed Shield directly; that is the line to repeat."),
        slide("Objection: 'We already have GRC software'", (
            "GRC tools hold the policy; Shield does the vendor work",
            "Shield exports findings to ServiceNow and Archer",
        ), "Never call their GRC tool bad; it is the system of record for policy."),
        slide("Objection: 'Security review takes months'", (
            "Shield is SOC 2 Type II and ISO 27001 certified",
            "Security pack and pre-filled questionnaires on day one",
            "Median review for Shield: 16 days",
        ), "Ironically, Shield is the product that speeds up their own vendor reviews."),
        slide("Pricing", (), "Monitored vendors are those with an active record; archived vendors are free.", [
            ["Tier", "Monitored vendors", "USD per year", "EUR per year"],
            ["Essentials", "up to 250", "$18,000", "€16,500"],
            ["Professional", "up to 1,500", "$45,000", "€41,500"],
            ["Enterprise", "unlimited", "from $96,000", "from €88,000"],
        ]),
        slide("Next steps", (
            "Vendor inventory import from your spreadsheet",
            "Risk tiering workshop",
            "Reference call with Bluepeak Credit Union",
        ), "Offer to import their spreadsheet during the trial; it is the fastest way to show value."),
    ]
    return Asset(
        "decks/shield-pitch-deck.pptx", "Tidewater Shield pitch deck", "Shield",
        ("CIO", "Procurement"), "evaluation", "NA",
        ("pitch deck", "vendor risk", "soc 2", "ncua"), "Aiko Tanaka", slides,
    )


def flow_pitch_deck_emea() -> Asset:
    slides = [
        slide("Tidewater Flow", ("Intake to purchase order, for EMEA procurement teams",),
              "EMEA version: prices in euros, hosting in Frankfurt, references from Spain and Germany."),
        slide("Why employees buy around procurement", (
            "Forms nobody can find, approvals nobody can see",
            "Purchase orders that take a week",
            "So they use a card, or no PO at all",
        ), "Ask what share of their invoices arrive without a purchase order."),
        slide("How Flow works", (
            "Ask in plain language, from Teams, Slack or email",
            "Policy routing by entity, amount and category",
            "Budget check before approval",
            "Purchase order created in SAP, NetSuite or Dynamics",
        ), "Demo the intake in the buyer's language: German, French, Spanish or Portuguese."),
        slide("Proof: Mercado Pharma", (), "Mercado is headquartered in Madrid; the São Paulo plant is the best part of the story.", [
            ["Metric", "Before", "After"],
            ["Maverick spend", "27%", "6%"],
            ["PO cycle time", "9 days", "1.5 days"],
            ["Savings, year one", "-", "€3.4 million"],
        ]),
        slide("Data protection", (
            "Hosted in Frankfurt, DR in Dublin",
            "GDPR Data Processing Agreement with SCCs",
            "Works council friendly: no individual performance tracking",
        ), "In Germany, mention the works council point early; it removes a common blocker."),
        slide("Objection: 'Our ERP has purchase requisitions'", (
            "It does, and only the procurement team uses them",
            "Flow is the front door; the ERP stays the system of record",
        ), "Same shape as the SAP objection for Ledger."),
        slide("Objection: 'Too expensive for our volume'", (
            "Starter tier from €13,800 per year for 100 requesters",
            "Mercado recovered the programme cost eight times in year one",
        ), "Never lead with discount; lead with maverick spend."),
        slide("Pricing in euros", (), "Prices exclude VAT.", [
            ["Tier", "Requesters", "EUR per year"],
            ["Starter", "up to 100", "€13,800"],
            ["Growth", "up to 500", "€35,000"],
            ["Enterprise", "unlimited", "from €73,500"],
        ]),
        slide("Next steps", (
            "Spend analysis: no-PO invoices in the last 12 months",
            "Pilot in one country for 8 weeks",
        ), "Agree the pilot country and its sponsor."),
    ]
    return Asset(
        "decks/flow-pitch-deck-emea.pptx", "Tidewater Flow pitch deck (EMEA)", "Flow",
        ("Procurement", "Operations"), "evaluation", "EMEA",
        ("pitch deck", "procurement", "maverick spend", "gdpr", "eur pricing"), "Lucía Fernández", slides,
    )


# -------------------------------------------------------------- battlecards


def ledger_vs_paystream() -> Asset:
    slides = [
        slide("Battlecard: Ledger vs Paystream Cloud", ("Internal only. Do not send to customers.",),
              "Updated for Paystream's October 2026 pricing change."),
        slide("Who Paystream is", (
            "AP automation for small and lower mid-market companies",
            "Low entry price, per-invoice fees that grow with volume",
            "Strong in the US; no SEPA payments",
        ), "We meet Paystream in about a third of Ledger deals under 5,000 invoices a month."),
        slide("Where we win", (), "Lead with the rows that matter to this buyer; do not read the whole table.", [
            ["Capability", "Tidewater Ledger", "Paystream Cloud"],
            ["SAP S/4HANA connector", "Certified, real-time", "Batch file export"],
            ["Multi-entity approvals", "Yes, policy per entity", "Single policy"],
            ["SEPA and multi-currency payments", "Yes", "USD only"],
            ["Duplicate detection across entities", "Yes", "Within one entity"],
            ["Hosting outside the US", "Frankfurt, Sydney", "US only"],
        ]),
        slide("Where they win", (
            "Cheaper below 1,000 invoices a month",
            "Self-serve setup for single-entity companies",
        ), "Be honest: if the prospect is single-entity and tiny, Paystream may be the right fit. Qualify out early."),
        slide("Landmines to lay", (
            "Ask how their price changes at 2x invoice volume",
            "Ask to see a live SAP posting, not a file export",
            "Ask where EU supplier data would be stored",
        ), "Each question is fair; each exposes a real gap."),
        slide("Objection: 'Paystream is half the price'", (
            "At today's volume, perhaps; model three years of growth",
            "Add the cost of the SAP integration they leave to you",
        ), "Use the ROI calculator's three-year view; Paystream's per-invoice fee overtakes our tier price around 3,500 invoices a month."),
        slide("Proof to use", (
            "Halvorsen Freight evaluated Paystream and chose Ledger",
            "Reasons: SAP connector, carrier portal, price held for 3 years",
        ), "Halvorsen's CFO quote is approved for use in competitive deals."),
        slide("Pricing guidance", (
            "Do not match Paystream's price; show the three-year total cost",
            "Deal desk may approve up to 15% for a competitive displacement",
        ), "Anything beyond 15% needs the CFO deal desk. See the discount guardrails in the price list."),
    ]
    return Asset(
        "battlecards/ledger-vs-paystream.pptx", "Battlecard: Ledger vs Paystream Cloud", "Ledger",
        ("CFO", "Controller"), "decision", "Global",
        ("battlecard", "competitive", "paystream", "pricing objection"), "Dev Okafor", slides,
    )


def shield_vs_vendorguard() -> Asset:
    slides = [
        slide("Battlecard: Shield vs VendorGuard", ("Internal only.",),
              "VendorGuard is the incumbent in most banks and credit unions we call on."),
        slide("Who VendorGuard is", (
            "Questionnaire-centric vendor risk tool, founded 2009",
            "Services-heavy: reviews often done by their analysts",
            "Annual reviews, little continuous monitoring",
        ), "Customers like VendorGuard's analysts and dislike the price of them."),
        slide("Head to head", (), "The monitoring and examiner rows win most deals.", [
            ["Capability", "Tidewater Shield", "VendorGuard"],
            ["Continuous monitoring", "Sanctions, financials, cyber ratings nightly", "Annual review"],
            ["Questionnaire library", "SIG Lite, CAIQ, custom", "Proprietary only"],
            ["Examiner evidence export", "One click per vendor", "Request from services team"],
            ["DORA register of information", "Built in", "Roadmap"],
            ["Typical rollout", "10 weeks", "6 to 9 months"],
        ]),
        slide("Where they win", (
            "Outsourced review capacity for very small teams",
            "Long relationships with community banks",
        ), "If the buyer has no risk analysts at all, partner with a services firm rather than fight on services."),
        slide("Objection: 'Switching is too risky before our exam'", (
            "Import the full vendor inventory in the first two weeks",
            "Run Shield alongside VendorGuard for one review cycle",
        ), "Bluepeak switched eight months before its exam and had zero findings."),
        slide("Objection: 'Security review takes months'", (
            "Security pack on day one; median review 16 days",
            "Our CISO office joins the first security call",
        ), "Offer the security pack before the prospect asks for it."),
        slide("Proof to use", (
            "Bluepeak Credit Union: onboarding 34 to 9 days",
            "Zero NCUA third-party findings in 2025",
        ), "Reference calls with Bluepeak's CIO go through Aiko Tanaka."),
        slide("Pricing guidance", (
            "VendorGuard bundles services; compare software to software",
            "Up to 15% competitive displacement discount with deal desk approval",
        ), "Show their services cost separately; it is usually the larger number."),
    ]
    return Asset(
        "battlecards/shield-vs-vendorguard.pptx", "Battlecard: Shield vs VendorGuard", "Shield",
        ("CIO", "Procurement"), "decision", "Global",
        ("battlecard", "competitive", "vendorguard", "security review"), "Dev Okafor", slides,
    )


def pulse_vs_forecastly() -> Asset:
    slides = [
        slide("Battlecard: Pulse vs Forecastly (2025)", ("Internal only. Superseded by the 2026 update, in progress.",),
              "This card reflects Forecastly's 2025 product; their spring 2026 release added cash forecasting."),
        slide("Who Forecastly is", (
            "Revenue forecasting add-on for Salesforce",
            "Popular with sales operations teams",
            "No cash or collections forecasting (as of 2025)",
        ), "Verify the cash claim before using it: it may no longer be true."),
        slide("Head to head", (), "Rows marked 2025 may be out of date.", [
            ["Capability", "Tidewater Pulse", "Forecastly"],
            ["CRMs supported", "Salesforce, HubSpot, Dynamics", "Salesforce only"],
            ["Cash and DSO forecasting", "Yes", "No (2025)"],
            ["Scenario planning", "Bookings, revenue and cash", "Bookings only"],
            ["Price per user per month", "$75 to $120", "$65 to $110"],
        ]),
        slide("Where they win", (
            "Deep inside Salesforce; sales ops teams already know it",
            "Slightly cheaper per user",
        ), "Do not fight on Salesforce depth."),
        slide("Objection: 'Forecastly is cheaper'", (
            "Per user, slightly; Pulse viewers are free, theirs are not",
            "Pulse replaces the treasury cash spreadsheet as well",
        ), "Count viewers: Forecastly charges for every user who opens a forecast."),
        slide("Landmines", (
            "Ask how they forecast cash today",
            "Ask what happens to the forecast if they move off Salesforce",
        ), "Both questions assume 2025 facts; check the 2026 release notes."),
        slide("Proof to use", (
            "Müller Logistik: DSO down 11 days, €6.8M released",
        ), "Strongest with CFO in the room."),
        slide("Pricing guidance", (
            "Match on Team tier only with deal desk approval",
        ), "Guardrails changed in 2026; see the current price list."),
    ]
    return Asset(
        "battlecards/pulse-vs-forecastly-2025.pptx", "Battlecard: Pulse vs Forecastly (2025)", "Pulse",
        ("VP Sales",), "decision", "NA",
        ("battlecard", "competitive", "forecastly"), "Dev Okafor", slides, expires="2026-06-30",
    )


# ---------------------------------------------------------------- playbooks


def ledger_discovery_playbook() -> Asset:
    sections = [
        section("Tidewater Ledger discovery playbook", "For account executives and solution consultants running a first discovery call with finance.", level=0),
        section("Goal of discovery",
                "Leave the first call with the buyer's cost per invoice (or the numbers to estimate it), their approval cycle time, their ERP, and who else decides.",
                "Do not pitch before question five. A buyer who hears their own numbers back builds the business case for you."),
        section("Discovery questions", table=[
            ["Area", "Question", "Why it matters"],
            ["Volume", "How many supplier invoices do you process a month, and how many arrive on paper?", "Sizes the tier and the capture problem"],
            ["Cost", "How many people work in AP, and what else do they do?", "Cost per invoice for the ROI calculator"],
            ["Cycle time", "How long does an invoice take from arrival to approval?", "Late fees and missed discounts"],
            ["Discounts", "Which suppliers offer early-payment terms, and how often do you take them?", "Often the largest saving"],
            ["Controls", "When did you last find a duplicate payment?", "Risk the CFO feels personally"],
            ["ERP", "Which ERP, which version, and who owns the integration?", "SAP objection preparation"],
            ["Close", "How many days is your month-end close, and what holds it up?", "Controller's pain"],
            ["Decision", "Who else needs to say yes, and who can say no?", "Maps the buying group"],
        ]),
        section("Listening for the pains",
                "\"We pay people to type\" points to capture; lead with the 96% extraction accuracy.",
                "\"Approvals get stuck\" points to mobile approvals; tell the Halvorsen story.",
                "\"The auditors found something\" points to duplicate detection and the audit trail."),
        section("Objection handling", table=[
            ["Objection", "Response"],
            ["Too expensive", "Compared with what? Today's process costs about $11 an invoice. Let's size it with the ROI calculator; typical payback is 4 to 7 months."],
            ["We already have SAP", "Good: Ledger is certified for SAP S/4HANA and posts in real time. SAP stays the system of record; Ledger does the work in front of it."],
            ["Security review takes months", "Our security pack is ready today: SOC 2 Type II report, ISO 27001 certificate, pre-filled SIG Lite. The median Ledger review took 19 days in 2026."],
            ["Not a priority this year", "What would make it one? Missed discounts are cash you lose every month you wait; let's put a number on it."],
        ]),
        section("After the call",
                "Send the follow-up email template within 24 hours with the numbers they gave you.",
                "Book the AP cost assessment; attach the Halvorsen Freight case study (payback on page 3)."),
    ]
    return Asset(
        "playbooks/ledger-discovery-playbook.docx", "Ledger discovery playbook", "Ledger",
        ("CFO", "Controller"), "evaluation", "Global",
        ("playbook", "discovery questions", "objection handling"), "Marcus Bell", sections,
    )


def objection_handling_guide() -> Asset:
    sections = [
        section("Objection handling guide", "The ten objections sellers hear most across Tidewater products, with responses that worked in 2026 deals.", level=0),
        section("How to handle any objection",
                "Acknowledge, ask a question, answer with proof, confirm. Never argue; never discount as a first answer."),
        section("Price and budget", table=[
            ["Objection", "Response", "Proof"],
            ["Too expensive", "Compare with the cost of the current process, not with zero. Build the business case with their numbers.", "Halvorsen payback in 5.5 months"],
            ["No budget this year", "Ask what the problem costs per month of delay; propose a start date aligned with budget release, price held.", "Missed discounts at Halvorsen: $34,000 a month"],
            ["Competitor is cheaper", "Show three-year total cost including integration and services.", "Battlecards: Paystream, VendorGuard"],
        ]),
        section("Technology and IT", table=[
            ["Objection", "Response", "Proof"],
            ["We already have SAP", "Tidewater complements SAP: certified S/4HANA connector, real-time posting, SAP remains the system of record.", "Halvorsen Freight, Mercado Pharma"],
            ["Security review takes months", "Send the security pack on day one; offer a call with our CISO office; median review 16 to 19 days.", "SOC 2 Type II, ISO 27001"],
            ["We will build it ourselves", "Ask who maintains the OCR models and the ERP connectors in year three.", "640+ customers, 40+ bank connections"],
            ["Our data cannot leave the EU", "EMEA tenants are hosted in Frankfurt with DR in Dublin.", "Security FAQ, EMEA one-pager"],
        ]),
        section("Change and timing", table=[
            ["Objection", "Response", "Proof"],
            ["Implementation will disrupt the close", "Go live mid-month; fixed-scope rollout in 8 to 12 weeks.", "Halvorsen live in 11 weeks"],
            ["Our people will resist it", "Start with approvers: mobile approval is the feature they ask for.", "Mercado: 62% same-day approvals"],
            ["Let's revisit next quarter", "Agree the decision criteria now so next quarter starts with a decision, not a restart.", "Mutual action plan"],
        ]),
        section("When to escalate",
                "Pricing beyond 20% discount goes to the CFO deal desk. Contract redlines go to legal through the deal desk. Security questions the pack does not answer go to the CISO office within two business days."),
    ]
    return Asset(
        "playbooks/objection-handling-guide.docx", "Objection handling guide", "Platform",
        ("CFO", "CIO", "Procurement"), "decision", "Global",
        ("objection handling", "pricing objection", "security review", "sap"), "Marcus Bell", sections,
        doc_title="Objection handling v3 FINAL (2)",
    )


def security_review_playbook() -> Asset:
    sections = [
        section("Getting through the customer's security review", "A playbook for sellers and solution consultants working with the buyer's IT security team.", level=0),
        section("Why reviews stall",
                "Security reviews stall when the questionnaire arrives before anyone on our side knows, when answers are copied from old documents, or when the buyer's team cannot reach anyone technical.",
                "The median review in 2026 took 16 days for Shield and 19 for Ledger when sellers followed this playbook, and 71 days when they did not."),
        section("Week one checklist", table=[
            ["Step", "Owner", "Artifact"],
            ["Send the security pack before it is requested", "Seller", "SOC 2 Type II report (under NDA), ISO 27001 certificate, pen test summary"],
            ["Offer the pre-filled questionnaire", "Solution consultant", "SIG Lite 2026, CAIQ v4"],
            ["Book a call with the CISO office", "Seller", "Calendar invite with the buyer's security lead"],
            ["Share the data flow diagram", "Solution consultant", "Hosting region, subprocessors, encryption"],
        ]),
        section("Answers to the questions asked in every review",
                "Certifications: SOC 2 Type II (Trust Services Criteria: security, availability, confidentiality), audited annually; ISO 27001:2022 and ISO 27701.",
                "Encryption: AES-256 at rest, TLS 1.2 or later in transit; customer-managed keys available on Enterprise plans.",
                "Access: SSO with SAML 2.0 and OpenID Connect, SCIM provisioning, role-based access, MFA enforced for our staff.",
                "Resilience: 99.9% uptime SLA (99.95% on Enterprise), RPO 1 hour, RTO 4 hours, tested twice a year.",
                "Penetration testing: twice a year by an independent firm; summary shared under NDA."),
        section("Objection handling", table=[
            ["Objection", "Response"],
            ["Security review takes months", "It does when it starts late. Here is everything your team will ask for, today."],
            ["We need an on-premises version", "We do not offer one; customer-managed keys and regional hosting meet most requirements behind that ask."],
            ["Your subprocessors are a risk", "The full list is public in the security FAQ; we notify customers 30 days before adding one."],
        ]),
    ]
    return Asset(
        "playbooks/security-review-playbook.docx", "Security review playbook", "Platform",
        ("CIO",), "decision", "Global",
        ("security review", "soc 2", "iso 27001", "playbook"), "Aiko Tanaka", sections,
    )


def pulse_discovery_playbook() -> Asset:
    sections = [
        section("Pulse discovery for sales leaders", "Discovery guide for conversations with a VP of Sales or CRO.", level=0),
        section("What good looks like",
                "By the end of discovery you know how the forecast is built today, how accurate it has been for the last four quarters, and how much manager time the roll-up costs."),
        section("Discovery questions", table=[
            ["Question", "Listen for"],
            ["How did you land against your forecast in each of the last four quarters?", "Accuracy below 90% at week two"],
            ["How many hours do managers spend on the weekly roll-up?", "More than three hours a week per manager"],
            ["What happened the last time a big deal slipped?", "Surprises, board pressure"],
            ["Who builds the cash forecast, and does it match yours?", "A separate treasury spreadsheet: bring in the CFO"],
            ["Which CRM, and how clean is the stage data?", "Salesforce, HubSpot or Dynamics; stage hygiene"],
        ]),
        section("Objection handling", table=[
            ["Objection", "Response"],
            ["Our CRM already forecasts", "It sums opinions. Pulse adds evidence and forecasts cash too."],
            ["My reps won't update another tool", "They don't: Pulse reads the CRM and their email activity."],
            ["Too expensive", "Viewers are free; you pay only for people who submit forecasts."],
        ]),
    ]
    return Asset(
        "playbooks/pulse-discovery-for-sales-leaders.docx", "Pulse discovery for sales leaders", "Pulse",
        ("VP Sales",), "evaluation", "NA",
        ("playbook", "discovery questions", "forecast accuracy"), "Jonas Eklund", sections,
    )


def flow_mutual_action_plan_draft() -> Asset:
    sections = [
        section("Tidewater Flow mutual action plan (DRAFT)", "Draft for review by EMEA sales leadership. Not approved for customer use.", level=0),
        section("Purpose",
                "A shared plan between the buyer and Tidewater from evaluation to go-live, so both sides know the next step and its owner."),
        section("Plan", table=[
            ["Week", "Milestone", "Buyer owner", "Tidewater owner"],
            ["1", "Spend analysis: no-PO invoices, last 12 months", "Procurement analyst", "Solution consultant"],
            ["2", "Intake workshop with two plants", "Operations lead", "Solution consultant"],
            ["3", "Security pack and DPA review", "IT security", "Account executive"],
            ["4", "Business case sign-off", "CFO", "Account executive"],
            ["5", "Contract and order form", "Procurement", "Deal desk"],
            ["6-13", "Implementation and pilot country go-live", "Project manager", "Customer success"],
        ]),
        section("Open questions for reviewers",
                "Should the works council consultation appear as its own milestone for German customers?",
                "Do we commit to an 8-week pilot in writing, or keep it at 8 to 12 weeks?"),
    ]
    return Asset(
        "playbooks/flow-mutual-action-plan-draft.docx", "Flow mutual action plan (draft)", "Flow",
        ("Procurement", "Operations"), "decision", "EMEA",
        ("mutual action plan", "draft", "implementation"), "Lucía Fernández", sections, approved=False,
    )


# ------------------------------------------------------------------ pricing

PRICE_TIERS = [
    # product, tier, unit of measure, USD per year, EUR per year
    ("Tidewater Ledger", "Essentials", "up to 2,000 invoices per month", 24000, 22000),
    ("Tidewater Ledger", "Professional", "up to 10,000 invoices per month", 60000, 55000),
    ("Tidewater Ledger", "Enterprise", "unlimited invoices (from)", 132000, 121000),
    ("Tidewater Pulse", "Team", "per forecast user per month, min 20", 75, 69),
    ("Tidewater Pulse", "Business", "per forecast user per month, min 50", 120, 110),
    ("Tidewater Shield", "Essentials", "up to 250 monitored vendors", 18000, 16500),
    ("Tidewater Shield", "Professional", "up to 1,500 monitored vendors", 45000, 41500),
    ("Tidewater Shield", "Enterprise", "unlimited vendors (from)", 96000, 88000),
    ("Tidewater Flow", "Starter", "up to 100 requesters", 15000, 13800),
    ("Tidewater Flow", "Growth", "up to 500 requesters", 38000, 35000),
    ("Tidewater Flow", "Enterprise", "unlimited requesters (from)", 80000, 73500),
]


def price_list() -> Asset:
    sheets = {
        "USD": [["Product", "Tier", "Unit", "List price (USD)"]]
        + [[p, t, u, usd] for p, t, u, usd, _ in PRICE_TIERS]
        + [["Tidewater Ledger", "Overage", "per invoice above tier", 0.85]],
        "EUR": [["Product", "Tier", "Unit", "List price (EUR, excl. VAT)"]]
        + [[p, t, u, eur] for p, t, u, _, eur in PRICE_TIERS]
        + [["Tidewater Ledger", "Overage", "per invoice above tier", 0.78]],
        "Bundles and discounts": [
            ["Rule", "Discount", "Approver"],
            ["Two products in one order", "10%", "Automatic"],
            ["Three or more products", "15%", "Automatic"],
            ["Three-year prepaid term", "additional 8%", "Automatic"],
            ["Account executive discretion", "up to 10%", "Account executive"],
            ["Competitive displacement (Paystream, VendorGuard)", "up to 15%", "Regional VP"],
            ["Anything above 20% in total", "case by case", "CFO deal desk"],
        ],
        "Implementation": [
            ["Product", "Package", "USD", "EUR", "Typical duration"],
            ["Tidewater Ledger", "Standard (one ERP, one entity)", 12000, 11000, "6 to 8 weeks"],
            ["Tidewater Ledger", "Enterprise (multi-entity, SAP)", 28000, 25800, "10 to 12 weeks"],
            ["Tidewater Pulse", "Standard", 8000, 7400, "4 to 6 weeks"],
            ["Tidewater Shield", "Standard with inventory import", 10000, 9200, "8 to 10 weeks"],
            ["Tidewater Flow", "Standard", 9000, 8300, "6 to 8 weeks"],
        ],
        "Notes": [
            ["Note"],
            ["Prices valid for orders signed between 2026-01-01 and 2027-03-31."],
            ["EUR prices apply to contracts with Tidewater Systems Ireland Ltd. and exclude VAT."],
            ["Annual subscriptions are invoiced in advance; monthly billing adds 5%."],
            ["Uplift at renewal capped at 7% per year for three-year terms."],
            ["Questions: deal desk, Hannah Cole."],
        ],
    }
    return Asset(
        "pricing/price-list-2026.xlsx", "Price list 2026 (USD and EUR)", "Platform",
        ("CFO", "Procurement"), "decision", "Global",
        ("pricing", "price list", "discount guardrails", "eur pricing"), "Hannah Cole", sheets,
        expires="2027-03-31",
    )


ROI_INPUTS = {
    "invoices_per_month": 3000,
    "cost_per_invoice_today": 11.40,
    "cost_per_invoice_with_ledger": 4.33,
    "eligible_early_pay_spend_per_year": 6_000_000,
    "early_pay_discount_rate": 0.02,
    "capture_today": 0.09,
    "capture_with_ledger": 0.60,
    "duplicate_payments_per_year": 25_000,
    "late_fees_per_year": 30_000,
    "subscription_per_year": 60_000,
    "implementation": 12_000,
    "internal_project_cost": 30_000,
    "rollout_months": 3,
}


def first_year_investment(inputs: dict) -> float:
    return inputs["subscription_per_year"] + inputs["implementation"] + inputs["internal_project_cost"]


def roi_savings(inputs: dict) -> list[tuple[str, float]]:
    """Yearly savings lines of the example business case."""
    processing = inputs["invoices_per_month"] * 12 * (
        inputs["cost_per_invoice_today"] - inputs["cost_per_invoice_with_ledger"])
    discounts = inputs["eligible_early_pay_spend_per_year"] * inputs["early_pay_discount_rate"] * (
        inputs["capture_with_ledger"] - inputs["capture_today"])
    return [
        ("Invoice processing cost", round(processing)),
        ("Early-payment discounts captured", round(discounts)),
        ("Duplicate payments avoided", inputs["duplicate_payments_per_year"]),
        ("Late fees avoided (90%)", round(inputs["late_fees_per_year"] * 0.9)),
    ]


def roi_cumulative(inputs: dict, yearly_savings: float) -> list[tuple[int, float]]:
    """Cumulative cash position by month: all costs up front, savings after rollout."""
    position = -first_year_investment(inputs)
    months = []
    for month in range(1, 13):
        if month > inputs["rollout_months"]:
            position += yearly_savings / 12
        months.append((month, round(position)))
    return months


def payback_months(inputs: dict, yearly_savings: float) -> float:
    return round(inputs["rollout_months"] + first_year_investment(inputs) / (yearly_savings / 12), 1)


def three_year_roi(inputs: dict, yearly_savings: float) -> int:
    """(benefits - costs) / costs over 36 months, in percent; no savings during rollout."""
    benefits = yearly_savings * (36 - inputs["rollout_months"]) / 12
    costs = first_year_investment(inputs) + 2 * inputs["subscription_per_year"]
    return round((benefits - costs) / costs * 100)


def roi_calculator() -> Asset:
    savings = roi_savings(ROI_INPUTS)
    total = sum(value for _, value in savings)
    investment = first_year_investment(ROI_INPUTS)
    sheets = {
        "Inputs": [["Input", "Value", "Source"]] + [
            [name.replace("_", " "), value, "Example: mid-market distributor"] for name, value in ROI_INPUTS.items()
        ],
        "Savings": [["Savings line", "USD per year"]] + [list(line) for line in savings]
        + [["Total yearly savings", total]],
        "Costs": [
            ["Cost line", "USD, year one"],
            ["Ledger Professional subscription", ROI_INPUTS["subscription_per_year"]],
            ["Implementation (Standard package)", ROI_INPUTS["implementation"]],
            ["Internal project time", ROI_INPUTS["internal_project_cost"]],
            ["Total investment, year one", investment],
        ],
        "Payback": [["Month", "Cumulative cash position (USD)"]]
        + [list(row) for row in roi_cumulative(ROI_INPUTS, total)]
        + [["Payback period (months)", payback_months(ROI_INPUTS, total)],
           ["Three-year ROI", f"{three_year_roi(ROI_INPUTS, total)}%"]],
        "Assumptions": [
            ["Assumption"],
            ["Costs are paid at signature; savings start after the rollout months."],
            ["Processing cost per invoice with Ledger is Halvorsen Freight's measured $4.33."],
            ["Early-payment discount capture of 60% is below the 71% Halvorsen reached."],
            ["Late fees fall by 90%; Halvorsen's fell from $96,000 to $7,500."],
            ["Replace the example inputs with the customer's own numbers before sharing."],
        ],
    }
    return Asset(
        "pricing/ledger-roi-calculator.xlsx", "Ledger ROI calculator", "Ledger",
        ("CFO", "Controller"), "decision", "Global",
        ("roi", "business case", "payback", "calculator"), "Hannah Cole", sheets,
    )


SHIELD_ACTIVITIES = [
    # activity, hours per vendor today, hours per vendor with Shield, vendors concerned
    ("Questionnaire send and chase", 2.5, 0.5, 310),
    ("Document collection (SOC reports, insurance)", 1.5, 0.3, 310),
    ("Review and scoring of critical vendors", 4, 3, 61),
    ("Board and examiner reporting", 0.5, 0.3, 310),
]
ANALYST_HOUR_USD = 68


def activity_sheet(with_shield: bool) -> list[list]:
    rows = [["Activity", "Hours per vendor per year", "Vendors", "Hours per year"]]
    for activity, today, shield, vendors in SHIELD_ACTIVITIES:
        hours = shield if with_shield else today
        rows.append([activity, hours, vendors, round(hours * vendors)])
    return rows


def shield_cost_of_manual_reviews() -> Asset:
    manual, with_shield = activity_sheet(False), activity_sheet(True)
    hours_before = sum(row[3] for row in manual[1:])
    hours_after = sum(row[3] for row in with_shield[1:])
    summary = [
        ["Measure", "Value"],
        ["Hours per year, manual process", hours_before],
        ["Hours per year, with Shield", hours_after],
        ["Hours saved per year", hours_before - hours_after],
        ["Loaded cost per risk analyst hour (USD)", ANALYST_HOUR_USD],
        ["Labour saved per year (USD)", (hours_before - hours_after) * ANALYST_HOUR_USD],
        ["Shield Professional subscription (USD)", 45000],
        ["Example based on", "Bluepeak Credit Union vendor inventory: 310 vendors, 61 critical"],
    ]
    sheets = {"Manual process": manual, "With Shield": with_shield, "Summary": summary}
    return Asset(
        "pricing/shield-cost-of-manual-reviews.xlsx", "Shield: cost of manual vendor reviews", "Shield",
        ("CIO", "Procurement"), "evaluation", "NA",
        ("business case", "vendor risk", "tco"), "Aiko Tanaka", sheets,
    )


# ---------------------------------------------------------------------- faq

LEDGER_FAQ = """# Tidewater Ledger: frequently asked questions

## Which ERPs does Ledger integrate with?

Certified connectors for SAP S/4HANA, SAP ECC 6.0, Oracle NetSuite, Microsoft
Dynamics 365 Finance and Business Central, Sage Intacct and Workday Financials.
Invoices and payments post in real time; vendor and PO data sync every 15 minutes.

## We already have SAP. Why would we need Ledger?

SAP is the system of record and stays that way. Ledger does the work in front of
it: capture, matching, approvals and payments. Halvorsen Freight runs SAP
S/4HANA and cut invoice processing cost 62% with Ledger.

## How accurate is invoice capture?

96% field-level accuracy on the first pass across our customer base in 2026.
Ledger learns a supplier's layout after three invoices. Fields below the
confidence threshold go to a person, never straight to payment.

## How long does implementation take?

Six to eight weeks for one ERP and one entity; ten to twelve weeks for
multi-entity SAP landscapes. Halvorsen Freight went live in 11 weeks.

## What does it cost?

Essentials from $24,000 (€22,000) per year for up to 2,000 invoices a month;
Professional $60,000 (€55,000) up to 10,000; Enterprise from $132,000 (€121,000).
See the 2026 price list and use the ROI calculator for the payback period.

## Which payment methods are supported?

ACH, Same Day ACH, wire, SEPA credit transfer, SEPA Instant, virtual card and
check printing through our partner. Multi-currency payments in 38 currencies.

## Is Ledger secure?

Ledger is SOC 2 Type II and ISO 27001 certified. See the security FAQ for
encryption, hosting regions and subprocessors.
"""

PULSE_FAQ = """# Tidewater Pulse: frequently asked questions

## How is Pulse different from the forecast in our CRM?

The CRM forecast adds up what reps enter. Pulse scores every deal on evidence
(activity, stage age, buyer engagement, rep history) and forecasts cash from
receivables, so sales and finance present one number.

## How accurate is it?

Customers forecast within 3% of the final quarter by week two of the quarter
on average; Müller Logistik went from 78% to 96% accuracy.

## Which CRMs are supported?

Salesforce, HubSpot and Microsoft Dynamics 365 Sales. Receivables come from
SAP, Oracle NetSuite or Microsoft Dynamics 365.

## Who needs a license?

Only forecast users: people who submit or adjust a forecast. Viewers are free.
Team plan $75 (€69) per user per month, minimum 20 users; Business $120 (€110).

## Does Pulse reduce DSO?

Pulse predicts when each invoice will be paid and ranks the collections
worklist by risk of slipping. Müller Logistik cut DSO by 11 days.
"""

SECURITY_FAQ_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Tidewater security FAQ</title>
</head>
<body>
<h1>Tidewater security FAQ</h1>
<p>Answers to the questions customers' security teams ask most. Applies to Tidewater Ledger, Pulse, Shield and Flow.</p>

<h2>Which certifications do you hold?</h2>
<p>SOC 2 Type II covering security, availability and confidentiality, audited every year (latest report period: October 2025 to September 2026). ISO 27001:2022 certified since 2021, and ISO 27701 for privacy. The SOC 2 report is shared under NDA.</p>

<h2>Where is our data hosted?</h2>
<p>Customers choose a region at signup: United States (AWS us-east-1, disaster recovery in us-west-2), European Union (Frankfurt, disaster recovery in Dublin) or Australia (Sydney). Data does not leave the chosen region.</p>

<h2>How is data encrypted?</h2>
<p>AES-256 at rest and TLS 1.2 or later in transit. Enterprise customers can bring their own keys through AWS KMS.</p>

<h2>Do you support single sign-on?</h2>
<p>Yes: SAML 2.0 and OpenID Connect with Okta, Microsoft Entra ID, Google Workspace and others; SCIM 2.0 for user provisioning.</p>

<h2>What are your uptime and recovery commitments?</h2>
<p>99.9% monthly uptime SLA, 99.95% on Enterprise plans. Recovery point objective 1 hour, recovery time objective 4 hours, tested twice a year.</p>

<h2>Who are your subprocessors?</h2>
<table>
<tr><th>Subprocessor</th><th>Purpose</th><th>Location</th></tr>
<tr><td>Amazon Web Services</td><td>Hosting</td><td>Chosen region</td></tr>
<tr><td>Twilio SendGrid</td><td>Notification email</td><td>United States, EU</td></tr>
<tr><td>Zendesk</td><td>Support tickets</td><td>United States, EU</td></tr>
</table>
<p>We give 30 days' notice before adding a subprocessor.</p>

<h2>How do you handle GDPR?</h2>
<p>We act as processor under a Data Processing Agreement with the EU standard contractual clauses. Our Data Protection Officer is based in Dublin.</p>

<h2>How often are you penetration tested?</h2>
<p>Twice a year by an independent firm, plus a public bug bounty programme. The latest summary is in the security pack.</p>
</body>
</html>
"""

RELEASE_NOTES_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Tidewater release notes, October 2026 (2026.3)</title>
</head>
<body>
<h1>Release notes: Tidewater 2026.3 (October 2026)</h1>

<h2>Tidewater Ledger</h2>
<ul>
<li>SEPA Instant payments for EUR accounts at 31 additional banks.</li>
<li>E-invoicing: XRechnung 3.0 and ZUGFeRD 2.3 read natively; Peppol BIS Billing 3.0 in beta.</li>
<li>Duplicate detection now compares across all entities by default.</li>
</ul>

<h2>Tidewater Pulse</h2>
<ul>
<li>Scenario planning adds hiring plans: model ramp time for new reps.</li>
<li>HubSpot connector supports custom deal stages.</li>
</ul>

<h2>Tidewater Shield</h2>
<ul>
<li>DORA register of information export in the ESA reporting template.</li>
<li>CAIQ v4 questionnaire template.</li>
<li>UK HMT sanctions list added to nightly screening.</li>
</ul>

<h2>Tidewater Flow</h2>
<ul>
<li>Intake from Microsoft Teams in Portuguese and Polish.</li>
<li>Budget checks against Dynamics 365 Finance budgets.</li>
</ul>

<h2>Platform</h2>
<ul>
<li>Customer-managed encryption keys generally available for Enterprise plans.</li>
<li>Audit log export to Splunk and Microsoft Sentinel.</li>
</ul>
</body>
</html>
"""


def faqs() -> list[Asset]:
    return [
        Asset("faq/ledger-faq.md", "Ledger FAQ", "Ledger", ("Controller", "Operations"),
              "evaluation", "Global", ("faq", "sap", "implementation", "pricing"),
              "Priya Raman", LEDGER_FAQ, expires=EVERGREEN),
        Asset("faq/pulse-faq.md", "Pulse FAQ", "Pulse", ("VP Sales",), "evaluation", "Global",
              ("faq", "forecast accuracy", "licensing"), "Jonas Eklund", PULSE_FAQ, expires=EVERGREEN),
        Asset("faq/security-faq.html", "Security FAQ", "Platform", ("CIO",), "evaluation", "Global",
              ("security", "soc 2", "iso 27001", "gdpr", "faq"), "Aiko Tanaka", SECURITY_FAQ_HTML,
              expires=EVERGREEN),
        Asset("faq/release-notes-2026-10.html", "Release notes October 2026", "Platform",
              ("CIO", "Operations"), "awareness", "Global", ("release notes", "product updates"),
              "Marcus Bell", RELEASE_NOTES_HTML, expires="2027-01-31"),
    ]


# ---------------------------------------------------------------- templates

FOLLOW_UP_EMAIL = """Subject: Your AP numbers, and what Ledger would change

Hi {first_name},

Thank you for the time today. Here is what I heard, so you can correct me
before we build the business case:

- About {invoices_per_month} supplier invoices a month, {paper_share}% on paper
- {ap_headcount} people in accounts payable; approvals take about {approval_days} days
- Early-payment discounts taken on a small share of eligible spend
- {erp} as the system of record

Companies with a similar profile typically cut invoice processing cost by
50 to 65%. Halvorsen Freight, also on SAP, cut theirs 62% and reached payback
in 5.5 months; the case study is attached (the payback calculation is on page 3).

Proposed next step: a two-week AP cost assessment using a sample of your
invoices. Would {proposed_date} work for a 30-minute kickoff with you and
your controller?

Best regards,
{seller_name}
Tidewater Systems
"""

COLD_CALL_SCRIPT_DACH = """Gesprächsleitfaden Kaltakquise DACH: Tidewater Ledger
(Legacy-Datei aus dem alten CRM-Export, Windows-1252)

Einstieg
"Guten Tag Frau/Herr ..., hier ist ... von Tidewater Systems in Dublin. Wir
arbeiten mit Finanzteams wie Müller Logistik in Hamburg. Darf ich Ihnen in
30 Sekunden sagen, warum ich anrufe?"

Nutzen
- Kosten pro Eingangsrechnung um bis zu 62% senken
- Skonto konsequent ziehen statt verschenken
- XRechnung und ZUGFeRD direkt verarbeiten, SEPA-Zahlungen aus einem Lauf
- Daten bleiben in Frankfurt (DSGVO)

Einwände
"Zu teuer": Essentials ab €22.000 pro Jahr; Amortisation typischerweise in 4 bis 7 Monaten.
"Wir haben schon SAP": Ledger arbeitet vor SAP und bucht in Echtzeit, SAP bleibt führend.
"Sicherheitsprüfung dauert Monate": SOC 2 Type II und ISO 27001, Unterlagen sofort verfügbar.

Abschluss
Termin für eine 30-minütige Analyse der Kreditorenbuchhaltung vereinbaren.
"""


def templates() -> list[Asset]:
    return [
        Asset("templates/follow-up-email-cfo.txt", "Follow-up email after CFO discovery call",
              "Ledger", ("CFO",), "evaluation", "NA", ("email template", "follow-up"),
              "Marcus Bell", FOLLOW_UP_EMAIL, expires=EVERGREEN),
        Asset("templates/cold-call-script-dach.txt", "Cold call script DACH (German)", "Ledger",
              ("CFO", "Controller"), "awareness", "EMEA", ("call script", "german", "dach"),
              "Lucía Fernández", COLD_CALL_SCRIPT_DACH, encoding="cp1252"),
    ]


# ---------------------------------------------------------------- the build


def all_assets() -> list[Asset]:
    return [
        ledger_overview(), pulse_overview(), shield_overview(), flow_overview(),
        platform_overview_emea(), ledger_month_end_close(),
        halvorsen_case_study(), bluepeak_case_study(), mercado_case_study(),
        muller_case_study(), kestrel_case_study(), halvorsen_reference_letter(),
        corporate_overview_deck(), ledger_pitch_deck(), pulse_pitch_deck(),
        shield_pitch_deck(), flow_pitch_deck_emea(),
        ledger_vs_paystream(), shield_vs_vendorguard(), pulse_vs_forecastly(),
        ledger_discovery_playbook(), objection_handling_guide(), security_review_playbook(),
        pulse_discovery_playbook(), flow_mutual_action_plan_draft(),
        price_list(), roi_calculator(), shield_cost_of_manual_reviews(),
        *faqs(), *templates(),
    ]


def scanned_letter_image() -> Image.Image:
    """A grey 'scan' of a signed letter: letterhead, text lines as bars, a signature."""
    img = Image.new("L", (1275, 1650), 246)  # US Letter at 150 dpi
    draw = ImageDraw.Draw(img)
    draw.rectangle((120, 110, 330, 190), fill=70)  # logo block
    draw.rectangle((900, 130, 1150, 150), fill=150)  # address block
    draw.rectangle((900, 165, 1120, 180), fill=150)
    for line in range(22):
        top = 330 + line * 38 + (line // 6) * 30  # paragraphs
        right = 1150 - (line * 37) % 260
        draw.rectangle((120, top, right, top + 14), fill=125)
    points = [(140 + x * 9, 1330 + ((x * 7) % 23) - (x % 5) * 6) for x in range(40)]
    draw.line(points, fill=40, width=4)  # signature
    draw.rectangle((120, 1420, 480, 1434), fill=125)
    return img.rotate(0.6, fillcolor=246)  # scans are never straight


def write_scanned_pdf(path: Path, asset: Asset) -> Path:
    """An image-only PDF, as a scanner makes it: no text layer at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf = canvas.Canvas(str(path), pagesize=LETTER)
    props = properties(asset)
    pdf.setTitle(props["title"])
    pdf.setSubject(props["subject"])
    pdf.setKeywords(props["keywords"])
    pdf.setAuthor(props["author"])
    pdf.setCreator("Office scanner, image only")
    width, height = LETTER
    pdf.drawImage(ImageReader(scanned_letter_image()), 0, 0, width, height)
    pdf.showPage()
    pdf.save()
    return path


def properties(asset: Asset) -> dict[str, str]:
    """Document properties as a marketer's authoring tool would have left them."""
    return {
        "title": asset.doc_title or asset.title,
        "subject": f"{PRODUCT_NAMES[asset.product]} for {', '.join(asset.personas)} ({asset.stage})",
        "keywords": ", ".join(asset.tags),
        "author": asset.owner,
    }


def freeze_zip(path: Path) -> None:
    """Pin an Office file's zip entry times and core-property dates to one instant."""
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w") as target:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = CORE_DATE_RE.sub(rb"\g<1>" + FROZEN_CORE_DATE + rb"\2", data)
            frozen = zipfile.ZipInfo(info.filename, FROZEN_ZIP_TIME)
            frozen.compress_type = info.compress_type
            target.writestr(frozen, data)


def write_asset(root: Path, asset: Asset) -> Path:
    path = root / asset.path
    suffix = path.suffix.lower()
    if asset.content is None:
        return write_scanned_pdf(path, asset)
    if suffix in {".md", ".html", ".txt"}:
        return write_text(path, asset.content, encoding=asset.encoding)
    writers = {".pdf": write_pdf, ".pptx": write_pptx, ".docx": write_docx, ".xlsx": write_xlsx}
    writers[suffix](path, asset.content, **properties(asset))
    if suffix != ".pdf":
        freeze_zip(path)
    return path


def manifest_row(asset: Asset) -> list[str]:
    return [
        asset.path, asset.title, asset.product, ";".join(asset.personas), asset.stage,
        asset.region, ";".join(asset.tags), asset.owner, asset.expires,
        "yes" if asset.approved else "no",
    ]


def write_manifest(root: Path, assets: list[Asset]) -> Path:
    path = root / MANIFEST
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(MANIFEST_HEADER)
        writer.writerows(manifest_row(asset) for asset in assets)
    return path


def reset(root: Path) -> None:
    """Wipe a previous build, refusing to delete a folder that is not one."""
    if root.exists() and any(root.iterdir()) and not (root / MANIFEST).exists():
        raise SystemExit(f"{root} is not empty and has no {MANIFEST}; refusing to wipe it")
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)


def build(root: Path = DEFAULT_OUT) -> list[Asset]:
    rl_config.invariant = 1  # reportlab: fixed PDF dates and document ID
    assets = all_assets()
    reset(root)
    for asset in assets:
        write_asset(root, asset)
    write_manifest(root, assets)
    write_messaging(root)
    return assets


def write_messaging(root: Path) -> None:
    """messaging/*.json: marketing's approved wording, which briefs are assembled from."""
    folder = root / "messaging"
    folder.mkdir()
    for name, blocks in MESSAGING_FILES.items():
        text = json.dumps({"blocks": blocks}, indent=2, ensure_ascii=False) + "\n"
        (folder / f"{name}.json").write_text(text, encoding="utf-8")


def main(argv: list[str]) -> None:
    root = Path(argv[0]) if argv else DEFAULT_OUT
    assets = build(root)
    size = sum(f.stat().st_size for f in root.rglob("*") if f.is_file())
    print(f"built {len(assets)} assets + {MANIFEST} in {root} ({size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main(sys.argv[1:])

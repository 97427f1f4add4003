"""Generate a large synthetic collateral library for the scan/index/search benchmarks.

Why: the benchmarks need thousands of real files (PDF, PPTX, DOCX, XLSX, MD)
whose words are distributed like real collateral, so that queries such as
"pricing objection", "soc 2 compliance" or "payback months" hit a realistic
share of pages. Text is drawn from a Zipf-like distribution over a vocabulary
built from the demo library (the company's products, customers, metrics and
sales language), general business English, multi-word terms ("SOC 2",
"payback period") and a tail of rare names and codes. Each asset also leans
on its product's own topic words, so terms cluster in some files as they do
in real libraries.

Everything is derived from (seed, asset index), so a library is reproducible
and asset i is the same whatever --assets is. Files are written by 2 worker
processes through resources/docgen.py.

    python bench/make_library.py OUT_DIR --assets 1000 [--seed 7] [--pages 15]
    python bench/make_library.py OUT_DIR --change-percent 1 [--seed 8]

--change-percent rewrites P% of an existing library's files with new text
(same path, format and manifest row), for the "rescan with 1% changed"
benchmark; pass another --seed for another round of changes.
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing
import random
import re
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from resources.build_demo_library import (  # noqa: E402
    MANIFEST,
    MANIFEST_HEADER,
    PRODUCT_NAMES,
    Asset,
    all_assets,
)
from resources.docgen import write_docx, write_pdf, write_pptx, write_text, write_xlsx  # noqa: E402

FORMAT_WEIGHTS = {"pdf": 40, "pptx": 25, "docx": 15, "xlsx": 10, "md": 10}
KINDS = {  # kind of collateral -> folder
    "pdf": {"one-pager": "one-pagers", "case study": "case-studies", "white paper": "white-papers",
            "datasheet": "datasheets", "solution brief": "solution-briefs"},
    "pptx": {"pitch deck": "decks", "battlecard": "battlecards", "training deck": "training",
             "customer presentation": "decks"},
    "docx": {"playbook": "playbooks", "discovery guide": "playbooks",
             "proposal template": "templates", "objection handling guide": "playbooks"},
    "xlsx": {"pricing sheet": "pricing", "ROI calculator": "pricing", "TCO model": "pricing"},
    "md": {"FAQ": "faq", "release notes": "release-notes", "enablement notes": "enablement-notes"},
}
PRODUCTS = ["Ledger", "Pulse", "Shield", "Flow", "Platform"]
PERSONAS = ["CFO", "Controller", "CIO", "VP Sales", "Operations", "Procurement"]
STAGES = ["awareness", "evaluation", "decision"]
REGIONS = ["NA", "EMEA", "APAC", "Global"]
OWNERS = [
    "Priya Raman", "Jonas Eklund", "Aiko Tanaka", "Marcus Bell", "Lucía Fernández",
    "Dev Okafor", "Hannah Cole", "Søren Vestergaard", "Amélie Durand", "Rafael Nóbrega",
]
TAGS = [
    "pricing", "objection handling", "competitive", "roi", "security", "compliance",
    "case study", "onboarding", "integration", "sap", "gdpr", "discovery", "renewal",
]
PHRASES = [
    "SOC 2", "SOC 2 Type II", "ISO 27001", "payback period", "pricing objection",
    "early-payment discounts", "three-way matching", "month-end close", "vendor risk",
    "maverick spend", "forecast accuracy", "security review", "total cost of ownership",
    "purchase order", "working capital", "business case", "single sign-on", "data residency",
]
# The commonest English words, most frequent first: the head of the Zipf ranking.
GENERAL_WORDS = """
the of and to a in is it you that was for on are with as I they be at one have this
from or had by not word but what some we can out other were all there when up use your how
said an each which do their time if will way about many then them write would like so
these long make thing see two has look more day could go come did number sound no
most people my over know water than call first who may down side been now find any new work
part take get place made live where after back little only round man year came show every
good me give our under name very through just form sentence great think say help low line
differ turn cause much mean before move right old too same tell does set three want air
well also play small end put home read hand port large spell add even land here must big
high such follow act why ask men change went light kind off need house picture try us again
point world near build self head stand own page should country found
answer school grow study still learn cover food four between state keep eye never
last let thought city cross hard start might story saw far draw left late run
while press close night real life few north open seem together next white begin got
walk example ease paper group always those both mark often letter until mile car
feet care second book carry took science eat room friend began idea stop once
base hear cut sure watch color face main enough plain usual young ready above
ever red list though feel talk soon body family direct leave measure door
product black short class wind question happen complete ship area half order
south problem piece told knew pass since top whole space heard best hour better true
during hundred five remember step early hold west ground interest reach fast listen
six table travel less morning ten simple several toward lay against pattern slow center
person money serve appear road map rule govern pull cold notice voice unit power
town fine certain fly fall lead dark machine note wait plan figure star box field rest
correct able pound done drive stood contain front teach week final gave green quick
develop warm free minute strong special mind behind clear produce fact street inch
multiply nothing course stay full force blue object decide surface deep foot
system busy test record common gold possible plane stead dry wonder thousand ago ran
check game shape miss brought heat bring yes distant fill east paint language
among
""".split()
BUSINESS_WORDS = """
account accounting accrual acquisition action activity adoption advantage adviser agenda
agreement alignment allocation analysis analyst annual approval architecture assessment asset
assumption audit auditor authority automation availability average awareness balance bank
baseline benchmark benefit billing board bottleneck brand budget buyer calendar campaign
capability capacity capital cash category certificate champion channel checklist claim client
cloud coaching collateral collection commitment committee competitor compliance configuration
consensus consultant contract contribution control conversion corporate cost coverage customer
dashboard deadline deal debt decision delivery demand demo department deployment detail
differentiator discount discovery distribution document efficiency employee enablement
engagement enterprise entity environment escalation estimate evaluation evidence exception
executive expense expertise exposure feature feedback finance financial forecast framework
function funnel governance growth guidance headcount implementation improvement incentive
industry initiative insight integration inventory investment invoice journal kickoff
leadership ledger liability license margin market marketing maturity meeting metric milestone
mitigation model momentum negotiation objection objective onboarding operation opportunity
organization outcome overhead owner partner payable payment performance pipeline policy
portfolio position premium presentation priority procedure process procurement profit program
project proposal prospect provider purchase qualification quarter quota rate ratio receivable
recommendation reconciliation reference regulation regulator relationship renewal report
request requirement resource response revenue review risk roadmap rollout sale savings
schedule scope segment seller service settlement signature solution sponsor stakeholder
standard strategy subscription success supplier support target team template term territory
timeline training transaction transformation trend trial upgrade usage value variance vendor
version visibility volume warranty workflow workload accelerate achieve adopt align approve
assess automate benchmark capture clarify collaborate compare confirm consolidate convert
deliver demonstrate deploy differentiate eliminate enable ensure evaluate exceed expand
identify implement improve increase integrate justify launch leverage manage measure migrate
minimize monitor negotiate optimize outperform prioritize qualify quantify reconcile reduce
renew report resolve scale secure simplify standardize streamline support track transform
validate accurate actionable annualized automated compliant competitive configurable critical
dedicated digital effective efficient enterprise-grade flexible global incremental manual
measurable mid-market operational predictable proactive proven quarterly real-time recurring
regional regulated reliable repeatable scalable secure strategic transparent upfront
""".split()
RARE_PREFIXES = ["Nor", "Bel", "Ast", "Cor", "Dal", "Fen", "Gar", "Hal", "Kin", "Lor",
                 "Mar", "Ost", "Pel", "Ros", "Sol", "Tor", "Val", "Wes", "Yar", "Zen"]
RARE_SUFFIXES = ["vik", "mont", "ridge", "ford", "stead", "haven", "wick", "dale", "field",
                 "gate", "holm", "more", "port", "ton", "worth"]
RARE_INDUSTRIES = ["Foods", "Logistics", "Health", "Bank", "Energy", "Retail", "Labs", "Mining"]
BRAND_WORDS = {"Tidewater", "Ledger", "Pulse", "Shield", "Flow"}
ZIPF_EXPONENT = 1.0
ZIPF_SHIFT = 2.7  # Mandelbrot's shift: the top words are less dominant than pure Zipf
TOPIC_POOL = 80  # distinctive words kept per product
TOPIC_WORDS = 15  # of which each asset leans on these
TOPIC_SHARE = 0.12  # share of an asset's words drawn from its topic words
NUMBER_SHARE = 0.03
SENTENCE_RE = re.compile(r"[.!?:;\n\"(]\s*|\s[-–—]\s")
WORD_RE = re.compile(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ0-9'-]*[A-Za-zÀ-ÿ0-9]|[A-Za-z]")


@dataclass(frozen=True)
class Spec:
    """One synthetic asset: its manifest row plus what the writer needs."""

    index: int
    path: str
    title: str
    product: str
    personas: tuple[str, ...]
    stage: str
    region: str
    tags: tuple[str, ...]
    owner: str
    expires: str
    approved: bool
    fmt: str
    pages: int
    topic: tuple[str, ...]
    salt: str  # varies the text: the seed at generation, a change round later


@dataclass(frozen=True)
class Vocabulary:
    words: list[str]
    cum_weights: list[float]
    topics: dict[str, list[str]]  # product -> its distinctive words


# -------------------------------------------------------------- vocabulary


def flatten(content: object) -> str:
    """All text of a demo asset's content, whatever writer it was meant for."""
    if isinstance(content, str):
        return re.sub(r"<[^>]+>", " ", content)
    if isinstance(content, dict):
        return " ".join(flatten(value) for value in content.values())
    if isinstance(content, list | tuple):
        return " ".join(flatten(item) for item in content)
    return str(content) if content is not None else ""


def term_counts(text: str) -> tuple[Counter, set[str]]:
    """Word and phrase counts keyed by their usual spelling, and which of them are names.

    A name (customer, competitor, person, place) is a word that stays capitalised
    mid-sentence; words seen capitalised only at the start of a sentence or heading
    are ordinary words.
    """
    spellings: dict[str, Counter] = {}
    inner: dict[str, Counter] = {}  # spellings seen mid-sentence
    for sentence in SENTENCE_RE.split(text):
        for position, word in enumerate(WORD_RE.findall(sentence)):
            spellings.setdefault(word.lower(), Counter())[word] += 1
            if position:
                inner.setdefault(word.lower(), Counter())[word[:1].isupper()] += 1
    counts: Counter = Counter()
    names: set[str] = set()
    for key, forms in spellings.items():
        usual = forms.most_common(1)[0][0]
        counts[usual] = sum(forms.values())
        capitalised = inner.get(key)
        if capitalised and capitalised[True] >= 0.9 * capitalised.total() and not usual.isupper():
            names.add(usual)
    lowered = text.lower()
    for phrase in PHRASES:
        counts[phrase] = max(1, lowered.count(phrase.lower()))
    return counts, names - BRAND_WORDS


def rare_terms() -> list[str]:
    """Names and codes that occur a handful of times in a large library."""
    rng = random.Random("rare-terms")
    names = [p + s for p in RARE_PREFIXES for s in RARE_SUFFIXES]
    companies = [f"{name} {rng.choice(RARE_INDUSTRIES)}" for name in names]
    codes = [f"{rng.choice(['INV', 'PO', 'SKU', 'REQ'])}-{rng.randint(10000, 99999)}" for _ in range(200)]
    return names + companies + codes


def demo_text(demo: list[Asset], product: str | None = None) -> str:
    return " ".join(flatten(a.content) + " " + a.title for a in demo
                    if product is None or a.product == product)


def topic_pool(demo: list[Asset], product: str, overall: Counter, general: set[str]) -> list[str]:
    """The product's distinctive terms: frequent in its assets, rarer elsewhere."""
    counts, _ = term_counts(demo_text(demo, product))
    return [w for w, n in counts.most_common()
            if w.lower() not in general and len(w) > 2 and n >= 0.4 * overall[w]][:TOPIC_POOL]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """Ranks: general English, then the demo's sales words by frequency, business words,
    and a tail of names (customers, competitors, people) and rare terms."""
    demo = all_assets()
    general = list(dict.fromkeys(GENERAL_WORDS))
    seen = {w.lower() for w in general}
    counts, names = term_counts(demo_text(demo))
    sales = [w for w, _ in counts.most_common() if w not in names and w.lower() not in seen]
    seen |= {w.lower() for w in sales}
    business = [w for w in dict.fromkeys(BUSINESS_WORDS) if w not in seen]
    ranked = general + sales + business + sorted(names) + rare_terms()
    weights = [1 / (rank + ZIPF_SHIFT) ** ZIPF_EXPONENT for rank in range(1, len(ranked) + 1)]
    topics = {p: topic_pool(demo, p, counts, set(general)) for p in PRODUCTS}
    return Vocabulary(ranked, list(accumulate(weights)), topics)


# --------------------------------------------------------------------- text


def number(rng: random.Random) -> str:
    """A figure as collateral writes it: money, percentages, durations, counts."""
    kind = rng.randrange(6)
    if kind == 0:
        return f"${rng.randint(1, 950)},{rng.randint(0, 999):03d}"
    if kind == 1:
        return f"€{rng.randint(1, 950)}.{rng.randint(0, 999):03d}"
    if kind == 2:
        return f"{rng.randint(2, 95)}%"
    if kind == 3:
        return f"{rng.randint(2, 18)}.{rng.randint(0, 9)} months"
    if kind == 4:
        return f"{rng.randint(2, 60)} days"
    return f"{rng.randint(2, 40) * 50:,}"


def words(rng: random.Random, vocab: Vocabulary, topic: tuple[str, ...], count: int) -> list[str]:
    """Zipf draws from the whole vocabulary mixed with the asset's topic words and figures."""
    drawn = rng.choices(vocab.words, cum_weights=vocab.cum_weights, k=count)
    for i in range(count):
        roll = rng.random()
        if roll < TOPIC_SHARE:
            drawn[i] = rng.choice(topic)
        elif roll < TOPIC_SHARE + NUMBER_SHARE:
            drawn[i] = number(rng)
    return drawn


def prose(rng: random.Random, tokens: list[str]) -> str:
    """Tokens cut into sentences of 8 to 22 words."""
    sentences, start = [], 0
    while start < len(tokens):
        end = start + rng.randint(8, 22)
        chunk = tokens[start:end]
        sentences.append(chunk[0][:1].upper() + chunk[0][1:] + " " + " ".join(chunk[1:]) + ".")
        start = end
    return " ".join(sentences).replace(" .", ".")


def heading(rng: random.Random, topic: tuple[str, ...]) -> str:
    text = " ".join(rng.sample(topic, rng.randint(2, 4)))
    return text[:1].upper() + text[1:]


def page_words(rng: random.Random) -> int:
    return rng.randint(90, 150)  # ~120 words a page, slide or section


# ------------------------------------------------------------------ content


def pdf_content(rng: random.Random, vocab: Vocabulary, spec: Spec) -> list[str]:
    topic = spec.topic
    return [f"# {heading(rng, topic)}\n" + prose(rng, words(rng, vocab, topic, page_words(rng)))
            for _ in range(spec.pages)]


def small_table(rng: random.Random, topic: tuple[str, ...]) -> list[list[str]]:
    rows = [["Metric", "Before", "After"]]
    rows += [[heading(rng, topic), number(rng), number(rng)] for _ in range(3)]
    return rows


def pptx_content(rng: random.Random, vocab: Vocabulary, spec: Spec) -> list[dict]:
    topic, slides = spec.topic, []
    for i in range(spec.pages):
        tokens = words(rng, vocab, topic, page_words(rng))
        cut = len(tokens) * 2 // 3
        bullets = [prose(rng, tokens[j:j + 14]) for j in range(0, cut, 14)]
        slides.append({
            "title": heading(rng, topic),
            "bullets": bullets,
            "notes": prose(rng, tokens[cut:]),
            "table": small_table(rng, topic) if i % 6 == 5 else [],
        })
    return slides


def docx_content(rng: random.Random, vocab: Vocabulary, spec: Spec) -> list[dict]:
    topic, sections = spec.topic, []
    for i in range(spec.pages):
        tokens = words(rng, vocab, topic, page_words(rng))
        half = len(tokens) // 2
        sections.append({
            "heading": heading(rng, topic),
            "paragraphs": [prose(rng, tokens[:half]), prose(rng, tokens[half:])],
            "table": small_table(rng, topic) if i % 5 == 4 else [],
        })
    return sections


def xlsx_content(rng: random.Random, vocab: Vocabulary, spec: Spec) -> dict[str, list[list]]:
    topic, sheets = spec.topic, {}
    for i in range(spec.pages):
        name = f"{i + 1} {heading(rng, topic)}"[:31].strip("'")
        tokens = words(rng, vocab, topic, page_words(rng))
        rows: list[list] = [["Item", "Year 1", "Year 2", "Year 3"]]
        rows += [[" ".join(tokens[j:j + 10]), *(rng.randint(1, 500) * 100 for _ in range(3))]
                 for j in range(0, len(tokens), 10)]
        sheets[name] = rows
    return sheets


def md_content(rng: random.Random, vocab: Vocabulary, spec: Spec) -> str:
    topic = spec.topic
    parts = [f"# {spec.title}\n"]
    for _ in range(spec.pages):
        parts.append(f"## {heading(rng, topic)}\n\n{prose(rng, words(rng, vocab, topic, page_words(rng)))}\n")
    return "\n".join(parts)


CONTENT = {"pdf": pdf_content, "pptx": pptx_content, "docx": docx_content,
           "xlsx": xlsx_content, "md": md_content}
WRITERS = {"pdf": write_pdf, "pptx": write_pptx, "docx": write_docx, "xlsx": write_xlsx}


def write_spec(root: Path, spec: Spec) -> int:
    """Write one asset; returns its size in bytes."""
    rng = random.Random(f"{spec.index}:{spec.salt}:{spec.path}")
    content = CONTENT[spec.fmt](rng, vocabulary(), spec)
    path = root / spec.path
    if spec.fmt == "md":
        write_text(path, content)
    else:
        WRITERS[spec.fmt](path, content, title=spec.title, subject=PRODUCT_NAMES[spec.product],
                          keywords=", ".join(spec.tags), author=spec.owner)
    return path.stat().st_size


# --------------------------------------------------------------------- plan


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:48]


def expiry(rng: random.Random) -> str:
    """About 30% evergreen, 6% already expired, the rest due in 2027 or 2028."""
    roll = rng.random()
    if roll < 0.30:
        return ""
    if roll < 0.36:
        return f"2025-{rng.randint(1, 12):02d}-28"
    return f"{rng.choice([2027, 2028])}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def plan_asset(seed: int, index: int, pages: int) -> Spec:
    """The metadata of asset `index`; depends only on (seed, index, pages)."""
    rng = random.Random(f"{seed}:{index}")
    fmt = rng.choices(list(FORMAT_WEIGHTS), weights=list(FORMAT_WEIGHTS.values()))[0]
    kind = rng.choice(list(KINDS[fmt]))
    product = rng.choices(PRODUCTS, weights=[35, 20, 20, 15, 10])[0]
    region = rng.choices(REGIONS, weights=[35, 25, 10, 30])[0]
    topic = asset_topic(rng, product)
    title = f"{PRODUCT_NAMES[product]} {kind}: {heading(rng, topic)}"
    if region != "Global":
        title += f" ({region})"
    return Spec(
        index=index,
        path=f"{product.lower()}/{KINDS[fmt][kind]}/{index:05d}-{slug(title)}.{fmt}",
        title=title,
        product=product,
        personas=tuple(rng.sample(PERSONAS, rng.choice([1, 1, 2, 3]))),
        stage=rng.choice(STAGES),
        region=region,
        tags=tuple(rng.sample(TAGS, rng.randint(1, 4))),
        owner=rng.choice(OWNERS),
        expires=expiry(rng),
        approved=rng.random() > 0.04,
        fmt=fmt,
        pages=page_count(rng, pages),
        topic=topic,
        salt=f"seed-{seed}",
    )


def asset_topic(rng: random.Random, product: str) -> tuple[str, ...]:
    """The few product terms this asset is about; they recur on most of its pages."""
    return tuple(rng.sample(vocabulary().topics[product], TOPIC_WORDS))


def page_count(rng: random.Random, mean: int) -> int:
    return rng.randint(max(1, mean // 2), mean * 3 // 2)


def manifest_row(spec: Spec) -> list[str]:
    return [spec.path, spec.title, spec.product, ";".join(spec.personas), spec.stage, spec.region,
            ";".join(spec.tags), spec.owner, spec.expires, "yes" if spec.approved else "no"]


def write_manifest(root: Path, specs: list[Spec]) -> None:
    with (root / MANIFEST).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(MANIFEST_HEADER)
        writer.writerows(manifest_row(spec) for spec in specs)


def spec_from_row(row: dict[str, str], index: int, rng: random.Random, pages: int, salt: str) -> Spec:
    """Rebuild a spec from a manifest row, to rewrite that file with new text."""
    return Spec(
        index=index, path=row["path"], title=row["title"], product=row["product"],
        personas=tuple(row["persona"].split(";")), stage=row["stage"], region=row["region"],
        tags=tuple(row["tags"].split(";")), owner=row["owner"], expires=row["expires"],
        approved=row["approved"] == "yes", fmt=Path(row["path"]).suffix[1:],
        pages=page_count(rng, pages), topic=asset_topic(rng, row["product"]), salt=salt,
    )


# ------------------------------------------------------------------- run


def _write_one(job: tuple[Path, Spec]) -> int:
    return write_spec(*job)


def write_all(root: Path, specs: list[Spec], procs: int) -> tuple[int, float]:
    """Write the specs with `procs` processes; returns (bytes, seconds)."""
    vocabulary()  # built once here; forked workers inherit it instead of rebuilding
    start = time.perf_counter()
    jobs = [(root, spec) for spec in specs]
    with multiprocessing.Pool(procs) as pool:
        total = sum(pool.imap_unordered(_write_one, jobs, chunksize=4))
    return total, time.perf_counter() - start


def generate(root: Path, assets: int, seed: int, pages: int, procs: int) -> None:
    if root.exists() and any(root.iterdir()):
        raise SystemExit(f"{root} is not empty; generate into a new folder")
    root.mkdir(parents=True, exist_ok=True)
    specs = [plan_asset(seed, index, pages) for index in range(assets)]
    size, seconds = write_all(root, specs, procs)
    write_manifest(root, specs)
    formats = Counter(spec.fmt for spec in specs)
    report("generated", len(specs), size, seconds, sum(s.pages for s in specs))
    print("formats: " + ", ".join(f"{fmt} {formats[fmt]}" for fmt in FORMAT_WEIGHTS))


def change(root: Path, percent: float, seed: int, pages: int, procs: int) -> None:
    if not (root / MANIFEST).exists():
        raise SystemExit(f"{root} has no {MANIFEST}; generate a library there first")
    with (root / MANIFEST).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rng = random.Random(f"{seed}:change")
    chosen = sorted(rng.sample(range(len(rows)), max(1, round(len(rows) * percent / 100))))
    specs = [spec_from_row(rows[i], i, rng, pages, f"change-{seed}") for i in chosen]
    size, seconds = write_all(root, specs, procs)
    report("rewrote", len(specs), size, seconds, sum(s.pages for s in specs))


def report(action: str, files: int, size: int, seconds: float, pages: int) -> None:
    print(f"{action} {files} files, {pages} pages/slides/sections, {size / 2**20:.1f} MiB "
          f"in {seconds:.1f} s: {files / seconds:.1f} files/s, {pages / seconds:.0f} pages/s")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--assets", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pages", type=int, default=15, help="mean pages/slides/sections per asset")
    parser.add_argument("--procs", type=int, default=2)
    parser.add_argument("--change-percent", type=float, metavar="P",
                        help="rewrite P%% of the files of an existing library in OUT_DIR")
    return parser.parse_args(argv)


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    if args.change_percent is not None:
        change(args.out_dir, args.change_percent, args.seed, args.pages, args.procs)
    else:
        generate(args.out_dir, args.assets, args.seed, args.pages, args.procs)


if __name__ == "__main__":
    main(sys.argv[1:])

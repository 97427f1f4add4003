"""The built-in facet mapping, in the format of a library's own `facets.toml`.

Common English words of sales collateral only: no company, product or
document name. A library's `facets.toml` adds values or replaces the words of
a value listed here (docs/facets.md); `replace_defaults = true` drops these.
"""

DEFAULTS_TOML = r'''
[options]
# Each top-level folder whose name gives no other facet names a product.
product_from_top_folder = true

[kind]
"Case study" = ["case study", "case studies", "customer story", "customer stories", "success story",
                "success stories", "testimonial", "customer reference", "references", "customers"]
"Battlecard" = ["battlecard", "battle card", "competitive", "competitor", "competition", "comparison",
                "compare", "versus", "vs", "alternative", "alternatives"]
"Pricing" = ["pricing", "price", "prices", "price list", "plans", "billing", "quote", "discount", "rate card"]
"Security" = ["security", "compliance", "soc 2", "soc2", "iso 27001", "gdpr", "hipaa", "privacy", "trust center",
              "security questionnaire", "dpa", "data processing"]
"Playbook" = ["playbook", "handbook", "runbook", "objection", "objections", "objection handling",
              "sales guide", "positioning", "messaging"]
"Template" = ["template", "templates", "email template", "boilerplate", "sample email"]
"Deck" = ["deck", "decks", "presentation", "presentations", "slides", "pitch"]
"Datasheet" = ["datasheet", "data sheet", "one pager", "one-pager", "fact sheet", "brochure", "solution brief"]
"Whitepaper" = ["whitepaper", "white paper", "ebook", "e-book", "research paper"]
"FAQ" = ["faq", "faqs", "frequently asked questions", "questions"]
"Training" = ["training", "onboarding", "tutorial", "getting started", "quick start", "quickstart", "course"]
"Contract" = ["contract", "contracts", "legal", "terms", "agreement", "msa", "rfp", "rfi", "proposal"]
"Article" = ["blog", "post", "posts", "article", "news", "announcement", "press release", "press"]
"Demo" = ["demo", "demos", "video", "webinar", "recording"]

[persona]
"CFO" = ["cfo", "finance team", "financial officer", "controller", "procurement"]
"CIO" = ["cio", "cto", "it leader", "it team", "it admin", "administrator", "admins"]
"CISO" = ["ciso", "security team", "security officer", "infosec"]
"Developer" = ["developer", "developers", "engineer", "engineers", "engineering team", "devops"]
"Executive" = ["ceo", "executive", "executives", "c-level", "leadership", "founder", "founders"]
"Marketing" = ["marketer", "marketers", "marketing team", "cmo"]
"Sales" = ["seller", "sellers", "sales team", "account executive", "sdr", "bdr"]
"Legal" = ["legal team", "counsel", "lawyer", "lawyers"]
"Operations" = ["operations team", "ops team", "coo"]

[stage]
"Prospecting" = ["prospecting", "outbound", "cold email", "lead generation"]
"Discovery" = ["discovery", "qualification", "first call"]
"Evaluation" = ["evaluation", "demo", "trial", "proof of concept", "poc", "pilot"]
"Proposal" = ["proposal", "quote", "rfp", "business case", "roi"]
"Negotiation" = ["negotiation", "contract", "procurement"]
"Onboarding" = ["onboarding", "implementation", "getting started", "migration", "migrate"]
"Renewal" = ["renewal", "expansion", "upsell", "retention"]

[industry]
"Financial services" = ["bank", "banks", "banking", "fintech", "insurance", "financial services", "payments"]
"Healthcare" = ["healthcare", "health care", "hospital", "clinic", "pharma", "life sciences"]
"Retail" = ["retail", "retailer", "retailers", "ecommerce", "e-commerce", "online store"]
"Public sector" = ["government", "public sector", "federal", "municipal"]
"Education" = ["education", "university", "school", "k-12", "edtech"]
"Telecom" = ["telco", "telecom", "telecommunications"]
"Gaming" = ["gaming", "game studio", "games"]
"Manufacturing" = ["manufacturing", "industrial", "factory"]
"Media" = ["media", "publishing", "broadcast", "entertainment"]
"Logistics" = ["logistics", "shipping", "transport", "transportation"]
"Nonprofit" = ["nonprofit", "non-profit", "charity", "ngo"]
"Energy" = ["energy", "utilities", "utility", "oil and gas"]

[region]
"EMEA" = ["emea", "europe", "european", "eu", "uk", "dach", "nordics"]
"North America" = ["north america", "usa", "united states", "canada", "amer", "americas"]
"APAC" = ["apac", "asia", "asia pacific", "australia", "anz", "japan", "india", "singapore"]
"LATAM" = ["latam", "latin america", "brazil", "mexico"]
'''

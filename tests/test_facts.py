"""The course's facts hold to the fact sheet's rules wherever a rule can be checked.

Every citation is "outlet, date" and is listed in the book's References; the company is
never cited as its own source; dates are shown at the precision they are known to; and the
glossary and teaching notes say what the models and lessons compute. The texts are read
from the real sources (data sets, locale strings, lessons, quiz banks, book matter, library
code), so a new wrong citation or a contradicted note makes a test fail.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
from babel.messages.pofile import read_po
import pandas as pd
import pytest
import yaml

from course_utils import dataschema, datasets
from course_utils.book import matter
from course_utils.figures import tour
from course_utils.figures.commerce import milestone_table
from course_utils.explorers.diagnosis import case_figures
from course_utils.models.diagnosis_labels import metric_short_name
from course_utils.models import feed, network, timeline
from course_utils.models.diagnosis import diagnose
from course_utils.style import apply_style

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "course_utils"
MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
# ", 16 Jul 2020", ", Oct 2020", ", Q4 2022" or ", 2025" (the date of a citation, at its precision).
CITED_DATE = re.compile(rf", ((?:\d{{1,2}} )?{MONTH} \d{{4}}|Q[1-4] \d{{4}}|\d{{4}})(?![\d–-])")
# An outlet is a run of capitalised words, web addresses and bracketed names ("KrASIA (SCMP)").
OUTLET_WORD = re.compile(r"(?:[A-Z0-9][\w.&'’-]*|[a-z][\w-]*\.[a-z]{2,}|\([^()\s]+(?: [^()\s]+)*\))$")
# ", c. 2022": the case's own pages, which carry no date ("Youzan article, c. 2022", "Youzan site, c. 2022").
CIRCA = re.compile(r"\b(?!The\b)([A-Z][\w-]*(?: [a-z]+)?), c\. (\d{4})\b")
COMPANY = r"(?:WeChat|Weixin|Tencent|Pony Ma|微信|腾讯|马化腾)"
# The company, then at most a few words or a bracketed name, then ", date": the company as its own source.
COMPANY_CITATION = re.compile(rf"{COMPANY}(?:[^,;()\n]{{0,30}}|\s*\([^()]*\)), (?:(?:\d{{1,2}} )?{MONTH} |Q[1-4] )?\d{{4}}\b")


def outlet_before(text: str) -> str:
    """The outlet named just before a citation's ", date" (empty if none can be read)."""
    words: list[str] = []
    rest = text.rstrip()
    while rest:
        match = OUTLET_WORD.search(rest)
        if not match:
            break
        words.insert(0, match.group(0))
        if match.start() and rest[match.start() - 1] != " ":
            break  # "(TechNode": the outlet starts after a bracket or other mark
        rest = rest[:match.start()].rstrip()
    return " ".join(words)


def citations(text: str) -> list[str]:
    """Every "outlet, date" citation in a text."""
    found = []
    for match in CITED_DATE.finditer(text):
        date = match.group(1)
        outlet = outlet_before(text[:match.start()])
        if not outlet or (date.isdigit() and not re.search(r"[a-z][\w-]*\.[a-z]{2,}$", outlet)):
            continue  # no outlet; a bare year is a citation date only after a web address ("enbeike.cn, 2025")
        found.append(f"{outlet}, {date}")
    found += [f"{match.group(1)}, c. {match.group(2)}" for match in CIRCA.finditer(text)]
    return found


def _notebook_texts(folder: str) -> dict[str, str]:
    texts = {}
    for path in sorted((ROOT / folder).glob("*.ipynb")):
        notebook = nbformat.read(path, 4)
        for index, cell in enumerate(notebook.cells):
            texts[f"{folder}/{path.name} cell {index}"] = cell.source
    return texts


def course_texts() -> dict[str, str]:
    """Every text a learner or instructor reads that can cite a source, by where it is."""
    texts = {}
    for folder in ("lessons", "solutions", "exercises"):
        texts.update(_notebook_texts(folder))
    for path in sorted((PACKAGE / "locale").glob("*.pot")):
        with path.open("rb") as handle:
            for message in read_po(handle):
                if message.id:
                    english = message.id if isinstance(message.id, str) else " / ".join(message.id)
                    texts[f"locale {path.stem}: {english[:40]}"] = english
    patterns = ("quizbanks/*.yaml", "**/*.py", "templates/**/*.j2", "datafiles/*.md")
    for pattern in patterns:
        for path in sorted(PACKAGE.glob(pattern)):
            texts[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
    for pattern in ("teaching-notes/*.md", "front/*.md", "front/*.yaml", "back/glossary.yaml", "back/formulas.yaml", "templates/**/*.j2"):
        for path in sorted((ROOT / "book").glob(pattern)):
            texts[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
    for name in ("milestones", "reported_growth"):
        for index, source in enumerate(datasets.load(name)["source"]):
            texts[f"{name}.csv row {index + 2}"] = source
    for link in network.LINKS:
        texts[f"network link {link.key}"] = link.citation
    return texts


def references() -> set[str]:
    data = yaml.safe_load((ROOT / "book" / "back" / "references.yaml").read_text(encoding="utf-8"))
    return {entry["cite"] for group in ("case", "sources") for entry in data[group]}


# -- the citation reader itself ---------------------------------------------------------

def test_the_citation_reader_finds_outlets_in_prose():
    text = ("Live streaming entered beta in early October 2020 (KrASIA (SCMP), Oct 2020), shop links the same "
            "month (SCMP, 13 Oct 2020 and China Daily, 7 Jan 2022 where sourced); WeChat Store, Q1 2025 "
            "(enbeike.cn, 2025). In 2021, 2022 and 2023 nothing is cited. The case says so (Youzan site, c. 2022).")
    assert citations(text) == ["KrASIA (SCMP), Oct 2020", "SCMP, 13 Oct 2020", "China Daily, 7 Jan 2022",
                               "WeChat Store, Q1 2025", "enbeike.cn, 2025", "Youzan site, c. 2022"]
    assert COMPANY_CITATION.search("the beta (WeChat, 22 Jan 2020)")
    assert COMPANY_CITATION.search("Tencent (Pony Ma), Jan 2024") and COMPANY_CITATION.search("Tencent results, Q4 2022")
    assert not COMPANY_CITATION.search("upgraded to WeChat Store (TapTechNews, Aug 2024)")


# -- (a) every cited outlet is in References -----------------------------------------------

def test_every_cited_outlet_is_in_the_references():
    listed = references()
    missing = {}
    for where, text in course_texts().items():
        for cite in citations(text):
            if cite not in listed and not COMPANY_CITATION.search(cite):
                missing.setdefault(cite, where)
    assert not missing, f"cited but not in book/back/references.yaml: {missing}"


def test_the_data_sets_cite_outlets_that_are_referenced():
    listed = references()
    for name in ("milestones", "reported_growth"):
        sources = set(datasets.load(name)["source"])
        assert sources <= listed, sources - listed


# -- (b) never the company as its own source -------------------------------------------------

def test_no_citation_names_the_company_as_its_own_source():
    found = {where: match.group(0) for where, text in course_texts().items()
             for match in [COMPANY_CITATION.search(text)] if match}
    assert not found, found
    dated = [cite for cite in references() if CITED_DATE.search(cite)]
    assert not [cite for cite in dated if re.match(COMPANY, cite)]


def test_confidence_letters_are_defined_as_the_fact_sheet_defines_them():
    texts = course_texts()
    template = ROOT / "book" / "templates" / "coursebook" / "appendices.html.j2"
    texts[str(template.relative_to(ROOT))] = template.read_text(encoding="utf-8")
    definition = re.compile(r"\bH\**\s*(?:=|\(|:)?\s*(?:high\b|an official)", re.IGNORECASE)
    checked = 0
    for where, text in texts.items():
        for match in definition.finditer(text):
            if "M" not in text[match.end():match.end() + 250]:
                continue  # "H" alone (a marker or a label), not a definition of the grades
            checked += 1
            assert "official source" in text[match.start():match.end() + 250], (where, text[match.start():][:120])
    assert checked >= 4  # the data cards, lesson 0, lesson 3's exhibit note and the book appendix


# -- (c) dates carry their precision -----------------------------------------------------------

def test_quarter_and_month_dates_are_shown_at_their_precision():
    milestones = datasets.load("milestones")
    shown = milestone_table(milestones).reset_index(drop=True)
    ordered = milestones.sort_values("date", kind="stable").reset_index(drop=True)
    for row, when in zip(ordered.itertuples(), shown["when"]):
        if row.date_precision == "quarter":
            assert when == f"Q{(row.date.month - 1) // 3 + 1} {row.date.year}"
        elif row.date_precision == "month":
            assert when == row.date.strftime("%b %Y")
        else:
            assert when == f"{row.date.day} {row.date.strftime('%b %Y')}"
    assert "Q4 2022" in set(shown["when"])  # in-feed ads: the fact sheet gives only the quarter
    book = matter.timeline(PACKAGE / "datafiles" / "milestones.csv", [])
    assert [row["when"] for row in book] == shown["when"].tolist()


def test_the_timeline_summary_and_chart_show_the_precision():
    apply_style()
    milestones = datasets.load("milestones")
    quarter = milestones[milestones["date_precision"] == "quarter"].iloc[0]
    cutoff = timeline.period_end(quarter["date"], "quarter")
    summary = tour.timeline_summary(milestones, cutoff)
    assert timeline.date_label(quarter["date"], "quarter") in summary
    assert quarter["date"].strftime("%b %Y") not in summary
    fig = tour.timeline_figure(milestones)
    spans = [line for line in fig.axes[0].get_lines() if line.get_linewidth() == 4 and len(line.get_xdata()) == 2]
    assert len(spans) == (milestones["date_precision"] != "day").sum()


def test_a_quarter_date_that_is_not_a_quarter_start_is_refused_on_load():
    raw = pd.read_csv(PACKAGE / "datafiles" / "milestones.csv", dtype=str, keep_default_na=False)
    row = raw.index[raw["date_precision"] == "quarter"][0]
    raw.loc[row, "date"] = "2022-11-01"
    with pytest.raises(datasets.CourseDataError, match="first day of a quarter"):
        dataschema.check_frame(raw, datasets.spec("milestones"), "milestones.csv", layout="milestones")


def test_no_lesson_formats_milestone_dates_by_hand():
    for where, source in _notebook_texts("lessons").items():
        if "milestones" in source:
            assert "strftime" not in source, where


def test_titles_end_with_the_last_year_of_the_timeline():
    from course_utils.figures.tour import timeline_figure

    milestones = datasets.load("milestones")
    last = milestones["date"].max().year
    titles = [timeline_figure(milestones).axes[0].get_title()]
    titles += [source for source in _notebook_texts("lessons").values()
               if "timeline_figure(" in source or "milestone_table(" in source]
    for title in titles:
        ranges = re.findall(r"2020[–-](\d{4})", title)
        assert ranges and all(int(end) == last for end in ranges), title


# -- (d) glossary and notes agree with the models and the lessons ---------------------------------

def _glossary() -> dict[str, str]:
    entries = yaml.safe_load((ROOT / "book" / "back" / "glossary.yaml").read_text(encoding="utf-8"))
    return {entry["term"]: entry["definition"] for entry in entries}


UP, DOWN = ("higher", "more", "strong", "broad", "wide", "wider"), ("lower", "less", "weak", "weaker", "narrow")
MEASURE = r"(?:relevance|reach|diversity)"


def _claims(text: str) -> dict[str, str]:
    """{"reach": "higher", ...} from "higher reach", "broad reach and diversity", "lower relevance"."""
    claims = {}
    for word, measures in re.findall(rf"\b({'|'.join(UP + DOWN)}) ({MEASURE}(?: and {MEASURE})?)\b", text):
        for measure in measures.split(" and "):
            claims[measure] = "higher" if word in UP else "lower"
    return claims


def test_glossary_recommendation_entries_agree_with_the_feed_model():
    world = feed.default_world()
    runs = {"Social recommendation": feed.simulate_feed(world, 1.0),
            "Algorithmic recommendation": feed.simulate_feed(world, 0.0)}
    glossary = _glossary()
    for term, other in (("Social recommendation", "Algorithmic recommendation"),
                        ("Algorithmic recommendation", "Social recommendation")):
        claims = _claims(glossary[term])
        assert claims, (term, "should say how it does on relevance, reach or diversity")
        for measure, direction in claims.items():
            higher = runs[term][measure] > runs[other][measure]
            assert higher == (direction == "higher"), (term, measure, runs[term][measure], runs[other][measure])


def test_teaching_note_on_recommendation_agrees_with_the_feed_model():
    world = feed.default_world()
    social, algorithmic = feed.simulate_feed(world, 1.0), feed.simulate_feed(world, 0.0)
    note = (ROOT / "book" / "teaching-notes" / "01.md").read_text(encoding="utf-8")
    wins = {mode: re.search(rf"\b{mode}(?: recommendation)?(?: wins)? on ([^;.,]+)", note, re.IGNORECASE)
            for mode in ("social", "algorithmic")}
    assert all(wins.values()), "the note should say what each kind of recommendation wins on"
    for mode, mine, theirs in (("social", social, algorithmic), ("algorithmic", algorithmic, social)):
        for measure in re.findall(r"relevance|reach|diversity", wins[mode].group(1)):
            assert mine[measure] > theirs[measure], (mode, measure)


def test_binding_constraint_is_defined_as_the_lesson_computes_it():
    definition = _glossary()["Binding constraint"]
    assert "lowest score" in definition
    tea = diagnose(*case_figures("tea"))
    assert tea.binding == min(tea.scores, key=tea.scores.get)
    note = (ROOT / "book" / "teaching-notes" / "04.md").read_text(encoding="utf-8")
    about_tea = [sentence for sentence in re.split(r"(?<=\.)\s", note) if "tea brand" in sentence]
    assert any(metric_short_name(tea.lever.key) in sentence for sentence in about_tea), about_tea
    assert "repeat purchase is the lever" not in note


def test_growth_read_literally_agrees_between_exhibit_and_text():
    reported = datasets.load("reported_growth").set_index("metric", drop=False)
    gmv = reported.loc[["live_commerce_gmv"]]
    multiple = timeline.implied_multiples(gmv)[0]
    reading = tour.growth_table(gmv)["Read literally"].iloc[0]
    assert reading.startswith(f"{multiple:.3g}×")
    words = {8: "eight", 9: "nine", 10: "ten"}
    texts = [source for source in _notebook_texts("lessons").values() if "live-commerce" in source and "8×" in source]
    texts.append((ROOT / "book" / "teaching-notes" / "00.md").read_text(encoding="utf-8"))
    for text in texts:
        assert f"{words[int(multiple)]} times" in text and "at least eight times" not in text, text[:80]
    orders = tour.growth_table(reported.loc[["channels_orders"]])["Read literally"].iloc[0]
    assert orders.startswith(reported.loc["channels_orders", "qualifier"])  # ">244 %" is a lower bound


def test_gifting_is_defined_as_the_record_describes_it():
    definition = next(d for term, d in _glossary().items() if "送礼物" in term or "gift" in term.lower())
    event = datasets.load("milestones").query("event.str.contains('送礼物')", engine="python")["event"].iloc[0]
    limit = re.search(r"RMB ([\d,]+)", event).group(1)
    assert f"RMB {limit}" in definition and "WeChat Store" in definition
    assert "recipient fills in the address" in definition


def test_quotes_keep_the_record_s_wording():
    milestones = datasets.load("milestones")
    assert milestones["event_zh"].str.contains("全鹅厂的希望").any()
    offenders = [where for where, text in course_texts().items() if "全场的希望" in text]
    assert not offenders, offenders


def test_features_known_only_as_announced_are_worded_as_announcements():
    """The fact sheet has the 2022 Open Class announce tipping and WeCom groups for live viewers, with no launch
    date (tipping's is on its could-not-verify list): the timeline must not present the announcement day as a launch."""
    milestones = datasets.load("milestones")
    day = milestones[milestones["date"] == pd.Timestamp("2022-01-06")]
    for words in ("Tipping", "WeCom groups"):
        rows = day[day["event"].str.contains(words)]
        assert len(rows) == 1 and "announced" in rows["event"].iloc[0], rows["event"].tolist()
        assert rows["event_zh"].iloc[0].startswith("宣布"), rows["event_zh"].tolist()

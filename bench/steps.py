"""Measurements that run in their own process (``python bench/steps.py STEP JSON-ARGS``).

Each prints one JSON line on stdout.  A fresh process per step keeps the memory figures honest and
stops one step's caches from flattering the next.
"""

from __future__ import annotations

import contextlib
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def vm_hwm_mb() -> float:
    """This process's peak resident memory (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    k = max(0, min(len(s) - 1, round(q / 100 * (len(s) - 1))))
    return s[k]


def load_cleaned(corpus: Path, limit: int | None = None) -> tuple[list[Any], float]:
    from kbio_tui.ingest import iter_input_files, load_file

    t = time.perf_counter()
    arts = []
    for f in iter_input_files([corpus]):
        if f.name == "truth.json":  # the generator's labels, not an article
            continue
        for r in load_file(f):
            if r.article is not None:
                arts.append(r.article)
        if limit and len(arts) >= limit:
            break
    return arts, time.perf_counter() - t


# ---- ingest --------------------------------------------------------------------------------------


def step_ingest(a: dict) -> dict:
    from kbio_tui.pipeline import ingest_paths

    # The article files only: the generator's truth.json (labels, not an article) once counted as
    # 1,000 more "articles" in a 1k run and doubled the published rate.
    files = sorted(p for p in Path(a["corpus"]).iterdir() if p.name != "truth.json")
    t = time.perf_counter()
    outcomes = ingest_paths(files, a["index"], workers=a.get("workers", 2), rebuild=a.get("rebuild", False))
    dt = time.perf_counter() - t
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.status.value] = counts.get(o.status.value, 0) + 1
    fails = [f"{o.source}: {o.reason}" for o in outcomes if o.status.value == "failed"][:5]
    articles = sum(counts.get(k, 0) for k in ("added", "updated", "unchanged"))
    return {
        "seconds": dt,
        "outcomes": counts,
        "n": len(outcomes),
        "articles": articles,
        "failures": fails,
        "hwm_mb": vm_hwm_mb(),
    }


def step_bare(a: dict) -> dict:
    """Bare Whoosh: the same cleaned text into the same schema, no extraction, default writer."""
    from whoosh.filedb.filestore import FileStorage

    from kbio_tui.index.docs import article_meta, date_key
    from kbio_tui.index.schema import INDEX_NAME, KIND_ARTICLE, build_schema

    arts, load_s = load_cleaned(Path(a["corpus"]))
    Path(a["index"]).mkdir(parents=True, exist_ok=True)
    ix = FileStorage(a["index"]).create_index(build_schema(), indexname=INDEX_NAME)
    t = time.perf_counter()
    batch = a.get("batch", 500)
    for lo in range(0, len(arts), batch):
        w = ix.writer()
        for art in arts[lo : lo + batch]:
            w.add_document(
                kind=KIND_ARTICLE,
                a_id=art.id,
                pub=date_key(art.published),
                title=art.title,
                content="\n\n".join([art.text, art.author or "", art.outlet or ""]),
                outlet=art.outlet or "",
                a_meta=article_meta(art),
            )
        w.commit()
    index_s = time.perf_counter() - t
    return {"n": len(arts), "load_seconds": load_s, "index_seconds": index_s}


def step_split(a: dict) -> dict:
    """Issue 3's speed bar: extraction alone vs indexing alone, one process, same articles.

    The two alternate in chunks of 100 articles (extract a chunk, then index it), so a change in the
    machine's load during the run lands on both sides instead of on whichever ran second."""
    import gc

    from kbio_tui.extract import extract
    from kbio_tui.index import IndexWriter

    arts, load_s = load_cleaned(Path(a["corpus"]), a["limit"])
    arts = arts[: a["limit"]]
    gc.freeze()  # the loaded articles are long-lived: keep GC passes off them for both sides alike
    ext_s = idx_s = 0.0
    chunk = 100
    with IndexWriter(a["index"], rebuild=True) as w:
        for lo in range(0, len(arts), chunk):
            t = time.perf_counter()
            extracted = [extract(x) for x in arts[lo : lo + chunk]]
            ext_s += time.perf_counter() - t
            t = time.perf_counter()
            for x in extracted:
                w.add(x)
            if w.pending >= 500:
                w.commit()
            idx_s += time.perf_counter() - t
        t = time.perf_counter()
        w.commit()
        idx_s += time.perf_counter() - t
    return {"n": len(arts), "load_seconds": load_s, "extract_seconds": ext_s, "index_seconds": idx_s}


# ---- queries -------------------------------------------------------------------------------------


def query_mix(truth_people: list[str], seed: int = 1) -> list[tuple[str, str]]:
    """(kind, query) pairs: a fixed mix drawn from the generator's vocabulary."""
    import vocab as V

    r = random.Random(seed)
    nouns = [n for n in V.NOUNS if "-" not in n]
    mix: list[tuple[str, str]] = []
    mix += [("term", w) for w in r.sample(nouns, 8) + r.sample(V.ADJ, 2) + ["biosimilar", "trastuzumab"]]
    mix += [("and", f"{x} {y}") for x, y in zip(r.sample(nouns, 5), r.sample(nouns, 5), strict=True)]
    mix += [("and", f"{x} AND {r.choice(V.DISEASES).split()[0]}") for x in r.sample(nouns, 3)]
    mix += [
        ("phrase", f'"{p}"')
        for p in (
            "upfront fee",
            "fusion protein",
            "member companies",
            "National Assembly",
            "subcutaneous formulation",
            "supply chain",
            "phase 3 trial",
            "turning point",
        )
    ]
    mix += [
        ("prefix", p)
        for p in ("bio*", "pha*", "cli*", "reg*", "manu*", "immu*", "onc*", "sub*", "comp*", "thera*")
    ]
    mix += [("person", f'person:"{n}"') for n in truth_people[:6]]
    mix += [("org", f"org:{o}") for o in ("MFDS", "KHIDI", "FDA", '"Korea Biosimilar Society"', "HIRA")]
    mix += [
        ("date", d)
        for d in (
            "date:2025-12",
            "date:2024-01..2024-03",
            "date:2025",
            "biosimilar date:2025-06..2025-12",
            "plant date:2024",
        )
    ]
    return mix


def step_query(a: dict) -> dict:
    from kbio_tui.index import open_reader
    from kbio_tui.index.api import QuerySyntaxError
    from kbio_tui.models import EntityType
    from kbio_tui.tui.screens.main import ARTICLE_LIMIT, FIRST_RESULTS

    t = time.perf_counter()
    reader = open_reader(a["index"])
    open_s = time.perf_counter() - t
    # The app builds these per-snapshot tables in a thread right after it opens the index (and
    # after each refresh), so a person page never waits for them; do the same, timed on its own.
    t = time.perf_counter()
    reader.warm()
    warm_s = time.perf_counter() - t
    mix = query_mix(a["people"])
    per_kind: dict[str, list[float]] = {}
    all_t: list[float] = []
    slow: list[tuple[float, str]] = []
    partial = 0
    errors: list[str] = []
    first_t: list[float] = []  # each query's first run: no help from the reader's per-snapshot caches
    full_t: list[float] = []  # the rest's search: all ARTICLE_LIMIT rows, as the app asks next
    full_kind: dict[str, list[float]] = {}
    for _pass in range(2):
        for kind, q in mix:
            # What the app waits for before it draws: the first rows and the snippets of those on screen.
            t = time.perf_counter()
            try:
                res = reader.search(q, limit=FIRST_RESULTS)
                reader.snippets(q, [h.article.id for h in res.hits[:10]])
                partial += res.partial
            except QuerySyntaxError as exc:
                errors.append(f"{q}: {exc}")
            dt = (time.perf_counter() - t) * 1000
            per_kind.setdefault(kind, []).append(dt)
            all_t.append(dt)
            if _pass == 0:
                first_t.append(dt)
            slow.append((dt, q))
            t = time.perf_counter()
            with contextlib.suppress(QuerySyntaxError):
                reader.search(q, limit=ARTICLE_LIMIT)
            dt = (time.perf_counter() - t) * 1000
            full_t.append(dt)
            full_kind.setdefault(kind, []).append(dt)
    slow.sort(reverse=True)
    # person -> quotes, and the whole person page (entity + quotes + articles)
    people = reader.entities(EntityType.PERSON, limit=1000)
    r = random.Random(3)
    pick = people[:10] + r.sample(people[10:], min(30, max(0, len(people) - 10)))
    q_t: list[float] = []
    page_t: list[float] = []
    max_quotes = 0
    for e in pick:
        t = time.perf_counter()
        qs = reader.quotes_by(e.id)
        q_t.append((time.perf_counter() - t) * 1000)
        max_quotes = max(max_quotes, len(qs))
        t = time.perf_counter()
        reader.entity(e.id)
        reader.quotes_by(e.id)
        reader.articles_mentioning(e.id, limit=500)  # as the person page asks
        page_t.append((time.perf_counter() - t) * 1000)
    ent_t: list[float] = []
    for _ in range(2):
        for typ in (EntityType.PERSON, EntityType.ORG, EntityType.PRODUCT, EntityType.LAW, EntityType.PLACE):
            t = time.perf_counter()
            reader.entities(typ, limit=500)  # as the entity pane asks
            ent_t.append((time.perf_counter() - t) * 1000)
        for sub in ("kim", "lee", "bio", "korea"):
            t = time.perf_counter()
            typ = EntityType.PERSON if sub in ("kim", "lee") else EntityType.ORG
            reader.entities(typ, contains=sub, limit=500)
            ent_t.append((time.perf_counter() - t) * 1000)
    stats = reader.stats()
    return {
        "open_ms": open_s * 1000,
        "warm_ms": warm_s * 1000,
        "search_p50": pct(all_t, 50),
        "search_p95": pct(all_t, 95),
        "search_first_p95": pct(first_t, 95),
        "first_rows": FIRST_RESULTS,
        "full_rows": ARTICLE_LIMIT,
        "full_p50": pct(full_t, 50),
        "full_p95": pct(full_t, 95),
        "full_by_kind": {k: [pct(v, 50), pct(v, 95)] for k, v in full_kind.items()},
        "by_kind": {k: [pct(v, 50), pct(v, 95)] for k, v in per_kind.items()},
        "slowest": [[round(d), q] for d, q in slow[:6]],
        "partial": partial,
        "errors": errors[:5],
        "quotes_p50": pct(q_t, 50),
        "quotes_p95": pct(q_t, 95),
        "max_quotes": max_quotes,
        "page_p50": pct(page_t, 50),
        "page_p95": pct(page_t, 95),
        "entities_p50": pct(ent_t, 50),
        "entities_p95": pct(ent_t, 95),
        "stats": stats.model_dump(mode="json"),
        "hwm_mb": vm_hwm_mb(),
        "people_entities": len(people),
    }


def step_export(a: dict) -> dict:
    from kbio_tui.export import write_jsonl
    from kbio_tui.index import open_reader

    reader = open_reader(a["index"])
    t = time.perf_counter()
    it = reader.iter_articles() if hasattr(reader, "iter_articles") else reader.all_articles()
    with open(a["out"], "w", encoding="utf-8") as f:
        n = write_jsonl(it, f)
    return {"n": n, "seconds": time.perf_counter() - t}


def step_app(a: dict) -> dict:
    """Issue 4's in-app figures: the real app under ``run_test()`` (see app_latency.py)."""
    import app_latency

    return app_latency.measure(
        Path(a["index"]),
        query_mix(a["people"]),
        people=a.get("top", 10),
        random_people=a.get("random", 20),
        timeout=a.get("timeout", 10.0),
        passes=a.get("passes", 1),
    )


STEPS = {
    "ingest": step_ingest,
    "bare": step_bare,
    "split": step_split,
    "query": step_query,
    "export": step_export,
    "app": step_app,
}

if __name__ == "__main__":
    out = STEPS[sys.argv[1]](json.loads(sys.argv[2]))
    print(json.dumps(out, default=str))

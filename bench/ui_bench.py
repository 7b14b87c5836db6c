"""Benchmarks 2, 3 and 4 — open, scroll, hold ↓, memory — each in a child process (`ui_child`).

Method (details in `bench.pilot_tools` and `bench.ui_child`): the app runs headless under
Textual's Pilot at 100×40 against the fake API over HTTP; frames are observed by wrapping
`App._display` and include turning the update into terminal bytes. A key is delivered the way
the terminal driver delivers it, and the figure is the time to the first frame that shows its
effect. Textual paints on a 60 Hz timer, so 0–16.7 ms of every key→frame figure is waiting for
the next tick by design.
"""

from __future__ import annotations

from bench.common import Options, Row, Servers, median, ms, percentile, run_child

OPEN = "2. Open"
SCROLL = "3. Scroll"
MEMORY = "4. Memory"


def _urls(servers: Servers) -> list[str]:
    return ["--real", servers.real.url, "--fast", servers.fast.url]


def run_open(options: Options, servers: Servers) -> list[Row]:
    """Enter in the contact prompt → first frame with the newest subject, median of several."""
    reps = 4 if options.quick else 8
    result = run_child("bench.ui_child", ["open", *_urls(servers), "--reps", str(reps)])
    times: list[float] = result["times"]
    target = options.latency + 0.100
    value = median(times)
    return [
        Row(
            OPEN,
            "Enter on a contact → first rows (median)",
            f"≤ {ms(target)} (latency + 100 ms)",
            ms(value),
            value <= target,
            f"n={len(times)}, max {ms(max(times))}; 1st open {ms(times[0])}",
        )
    ]


def run_scroll(options: Options, servers: Servers) -> list[Row]:
    """Key → frame with 100, 1,000 and 10,000 messages loaded, then holding ↓ at 30 keys/s."""
    rows: list[Row] = []
    keys = 40 if options.quick else 90
    medians: dict[int, float] = {}
    for size in (100, 1_000, 10_000):
        try:
            result = run_child(
                "bench.ui_child",
                ["scroll", *_urls(servers), "--size", str(size), "--keys", str(keys)],
                timeout=300,
            )
        except RuntimeError as error:
            rows.append(Row(SCROLL, f"key → frame, {size:,} loaded", "", str(error)[:120], False))
            continue
        times: list[float] = result["times"]
        sizes: list[int] = result["bytes"]
        med, p99 = median(times), percentile(times, 99)
        medians[size] = med
        note = f"n={len(times)}, {result['loaded']:,} loaded; {median(sizes):.0f} B/frame"
        rows.append(Row(SCROLL, f"key → frame, {size:,} loaded: median", "", ms(med), None))
        rows.append(
            Row(
                SCROLL, f"key → frame, {size:,} loaded: p99", "≤ 33 ms", ms(p99), p99 <= 0.033, note
            )
        )
    if 100 in medians and 10_000 in medians:
        ratio = medians[10_000] / medians[100] if medians[100] else 0.0
        rows.append(
            Row(
                SCROLL,
                "key → frame median at 10,000 vs at 100 (the floor)",
                "≤ 1.10×",
                f"{ratio:.2f}×",
                ratio <= 1.10,
                f"{ms(medians[10_000])} against {ms(medians[100])}",
            )
        )
    seconds = 6.0 if options.quick else 12.0
    try:
        result = run_child(
            "bench.ui_child",
            ["hold", *_urls(servers), "--seconds", str(seconds), "--page-size", "50"],
            timeout=120,
        )
    except RuntimeError as error:
        rows.append(Row(SCROLL, "holding ↓ at 30 keys/s", "", str(error)[:120], False))
        return rows
    gaps: list[float] = result["gaps"]
    longest = max(gaps, default=0.0)
    lost = result["keys"] - (result["final"] or 0)
    rows.append(
        Row(
            SCROLL,
            f"holding ↓ 30 keys/s, {ms(options.latency)} latency: longest stall",
            "≤ 100 ms",
            ms(longest),
            longest <= 0.100,
            f"{result['keys']} keys, {lost} lost; loaded {result['loaded_before']}→"
            f"{result['loaded_after']} (page {result['page_size']}); "
            f"median gap {ms(median(gaps))}, p99 {ms(percentile(gaps, 99))}",
        )
    )
    return rows


MEMORY_TARGET_MB = 80.0
"""Issue 24: peak RSS at 10,000 messages, bodies shown, scrolled to the end (issue 13 had 100)."""
GROWTH_LIMIT_MB = 1.0
"""What ten passes may add to the RSS after the first one: allocator noise, not a leak."""


def run_memory(options: Options, servers: Servers) -> list[Row]:
    """Peak RSS of a fresh process holding 1,000 / 10,000 messages (app, and client only), and
    the RSS over ten passes over 10,000 (with the detail pane converting each body shown)."""
    rows: list[Row] = []
    try:
        base = run_child("bench.ui_child", ["memory-app", *_urls(servers), "--size", "0"])
        rows.append(
            Row(MEMORY, "app at the prompt (baseline)", "", f"{base['rss_mb']:.0f} MB", None)
        )
    except RuntimeError as error:
        rows.append(Row(MEMORY, "app at the prompt (baseline)", "", str(error)[:120], None))
    client_10k = 0.0
    for size in (1_000, 10_000):
        for mode, label in (("memory-client", "client only"), ("memory-app", "app")):
            name = f"peak RSS, {size:,} messages, {label}"
            try:
                result = run_child(
                    "bench.ui_child", [mode, *_urls(servers), "--size", str(size)], timeout=300
                )
            except RuntimeError as error:
                rows.append(Row(MEMORY, name, "", str(error)[:120], False))
                continue
            rss = float(result["rss_mb"])
            if mode == "memory-client" and size == 10_000:
                client_10k = rss
                name = "floor: peak RSS, 10,000 messages held by the client alone (no UI)"
            note = f"{result['loaded']:,} loaded"
            if mode == "memory-app":
                note += ", scrolled to the end, 100×40"
            rows.append(Row(MEMORY, name, "", f"{rss:.0f} MB", None, note))
    passes = 3 if options.quick else 10
    name = "peak RSS, 10,000 messages, bodies shown, scrolled to the end"
    try:
        result = run_child(
            "bench.ui_child",
            [
                "passes",
                *_urls(servers),
                "--size",
                "10000",
                "--passes",
                str(passes),
                "--width",
                "130",
            ],
            timeout=900,
        )
    except RuntimeError as error:
        rows.append(Row(MEMORY, name, "", str(error)[:120], False))
        return rows
    peak = float(result["peak_mb"])
    ratio = f"; {peak / client_10k:.2f}× the client-only floor" if client_10k else ""
    rows.append(
        Row(
            MEMORY,
            name,
            f"≤ {MEMORY_TARGET_MB:.0f} MB",
            f"{peak:.0f} MB",
            peak <= MEMORY_TARGET_MB,
            f"{result['loaded']:,} loaded, 130×40 (the detail pane converts the body of the "
            f"highlighted message){ratio}",
        )
    )
    after: list[float] = result["after_passes_mb"]
    growth = after[-1] - after[0]
    rows.append(
        Row(
            MEMORY,
            f"RSS after each of {len(after)} passes over the 10,000 rows",
            f"last ≤ first + {GROWTH_LIMIT_MB:.0f} MB",
            f"{after[0]:.1f} → {after[-1]:.1f} MB",
            growth <= GROWTH_LIMIT_MB,
            f"{' / '.join(f'{value:.1f}' for value in after)} MB; {result['frames']:,} frames "
            f"drawn in {result['seconds']:.0f} s; peak after the passes "
            f"{result['final_peak_mb']:.0f} MB",
        )
    )
    return rows

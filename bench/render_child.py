"""Child of the render benchmark's issue-23 comparison: times one renderer on the corpus.

Run as a script with PYTHONPATH set to the tree whose `lemtui` is to be timed (today's, or the
one of an earlier commit extracted by `render_bench`): `python render_child.py ENTRIES ROOT
REPS`. ENTRIES is a JSON list of {"name", "body", "html", "history"}; every entry is rendered
once to warm up, then `REPS` times, and the minimum (the figure least disturbed by the other
processes of a shared machine) is printed per name as JSON. It refuses to time a `lemtui`
that is not under ROOT, so an editable install can never time the wrong tree.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main() -> int:
    entries_path, root, reps = sys.argv[1], Path(sys.argv[2]).resolve(), int(sys.argv[3])
    import lemtui
    from lemtui.mail.render import render_body

    if root not in Path(lemtui.__file__).resolve().parents:
        print(json.dumps({"error": f"lemtui imported from {lemtui.__file__}, not {root}"}))
        return 1
    entries = json.loads(Path(entries_path).read_text(encoding="utf-8"))
    for entry in entries:
        render_body(entry["body"], is_html=entry["html"], history=entry["history"])
    best: dict[str, float] = {}
    for entry in entries:
        body, is_html, history = entry["body"], entry["html"], entry["history"]
        fastest = float("inf")
        for _ in range(reps):
            started = time.perf_counter()
            render_body(body, is_html=is_html, history=history)
            fastest = min(fastest, time.perf_counter() - started)
        best[entry["name"]] = fastest
    print(json.dumps(best))
    return 0


if __name__ == "__main__":
    sys.exit(main())

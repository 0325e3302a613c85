"""Rebuild ``theme/assets/javascripts/search/worker.js`` from Material's own search worker.

The theme's worker is two parts: a hand-written prelude (everything above
:data:`MARKER` in the existing file: the licence notice and the code that
loads the prebuilt index) and Material 9.8.1's minified worker with the
string replacements in :data:`PATCHES`. Run this after upgrading Material;
it fails loudly if a replacement no longer matches exactly once, which means
the prelude and patches need a fresh look. ``tests/test_searchindex.py``
checks that the committed file equals what this script would write.

Usage::

    python scripts/patch_search_worker.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import material

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "theme" / "assets" / "javascripts" / "search" / "worker.js"
MARKER = "/* ---- Material for MkDocs 9.8.1 search worker, patched by scripts/patch_search_worker.py ---- */\n"

# (what Material's worker says, what ours says, why)
PATCHES = [
    # The index: take the prebuilt one when it matches the docs, else build as Material does.
    ('this.index=lunr(function(){this.metadataWhitelist=["position"]',
     'this.index=__briefing.index(e,r)||lunr(function(){this.metadataWhitelist=["position"]'),
    # Highlighting: the prebuilt index holds no term positions. Keep the match data for now…
    ('for(let l of this.index.fields){if(typeof c[l]=="undefined")continue;let m=[];',
     'if(this.index.__briefingPipeline)c.__briefingMeta=u.metadata;else '
     'for(let l of this.index.fields){if(typeof c[l]=="undefined")continue;let m=[];'),
    # … and highlight once the results are sorted and grouped, re-tokenizing only the ones shown first.
    ("return _({items:[...n.values()]},", "return _({items:__briefing.highlight(this.index,[...n.values()],ae,q,oe)},"),
    # Setup: load the prebuilt index before the Search object is made.
    ("case 0:return yield Ie(t.data.config),de=new U(t.data),{type:1}",
     "case 0:return yield Ie(t.data.config),yield __briefing.load(t.data.config),de=new U(t.data),{type:1}"),
    # Our worker sits in assets/javascripts/search/, not .../workers/: find lunr's language files from there.
    ('[i]=n.src.split("/worker")', '[i]=n.src.split("/search/worker")'),
]


def patched_material() -> str:
    """Material's installed search worker with :data:`PATCHES` applied (no source map comment)."""
    workers = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "workers"
    (src,) = sorted(workers.glob("search.*.min.js"))
    text = src.read_text(encoding="utf-8")
    text = text.replace("\n//# sourceMappingURL=" + src.name + ".map", "")
    for old, new in PATCHES:
        if text.count(old) != 1:
            raise SystemExit(f"{src.name}: expected exactly one {old[:60]!r}…; Material changed, review the patches")
        text = text.replace(old, new)
    return text.rstrip("\n") + "\n"


def compose() -> str:
    """The whole worker: the prelude from the committed file, the marker, the patched Material worker."""
    current = TARGET.read_text(encoding="utf-8")
    if MARKER not in current:
        raise SystemExit(f"{TARGET}: marker line missing")
    return current.split(MARKER)[0] + MARKER + patched_material()


def main() -> None:
    """Command line entry point."""
    TARGET.write_text(compose(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()

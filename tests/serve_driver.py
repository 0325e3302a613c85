"""The builds of ``serve --dirty``, one process, one build per request: for tests/test_serve_rebuilds.py.

    python -m tests.serve_driver ENGINE SITE_DIR URL            # serve: reads a config path per line on stdin
    python -m tests.serve_driver ENGINE SITE_DIR URL --clean CONFIG   # one clean build, as `build` makes it

In serve mode each line on stdin names the config file to build with, and each build is the engine's
own ``serve`` builder's (``commands/serve.py``): the config loaded again from that file, ``site_url``
the server's URL, ``build(config, serve_url=URL, dirty=True)``, the plugins' ``on_startup`` called
once, with the first config (the plugin instances then live on across builds, as in ``serve``).
A failed build is what the server would log; it does not end the process. After each build one JSON
line on stdout: ``{"ok": bool, "error": str, "log": [every log message of that build], "markdown": [made,
most alive]}``: how many Python-Markdown converters the build made (MkDocs makes one per page it converts)
and the most of them alive at once, which tells whether what each page's conversion leaves in
reference cycles is freed as the build goes or piles up to its end.

``--clean`` makes the reference: a fresh process, ``on_startup(command="build", dirty=False)`` and a
clean ``build(config)`` with the same ``site_url``, which is what ``mkdocs build`` does with it.
"""

from __future__ import annotations

import importlib
import json
import logging
import sys
import weakref


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


class _Converters:
    """Counts the ``markdown.Markdown`` instances made, and the most alive at once (when the next one is made)."""

    def __init__(self) -> None:
        import markdown

        self.alive: weakref.WeakSet = weakref.WeakSet()
        self.made = self.most = 0
        init = markdown.Markdown.__init__

        def counted_init(md, *args, **kwargs):
            init(md, *args, **kwargs)
            self.alive.add(md)
            self.made += 1
            self.most = max(self.most, len(self.alive))

        markdown.Markdown.__init__ = counted_init

    def take(self) -> list[int]:
        """[made, most alive] since the last call."""
        got = [self.made, self.most]
        self.made = self.most = 0
        return got


def main(argv: list[str]) -> int:
    engine, site_dir, url = argv[:3]
    if engine == "properdocs":
        importlib.import_module("properdocs.replacement")  # what its CLI does: mkdocs.* imports are properdocs.*
    build = importlib.import_module(f"{engine}.commands.build").build
    load_config = importlib.import_module(f"{engine}.config").load_config
    collect = _Collect()
    for name in {engine, "mkdocs"}:  # plugins log under mkdocs.plugins.* whichever engine runs them
        logger = logging.getLogger(name)
        logger.addHandler(collect)
        logger.setLevel(logging.INFO)

    def get_config(path: str):
        config = load_config(config_file=path, site_dir=site_dir)
        config.site_url = url
        return config

    if argv[3:4] == ["--clean"]:
        config = get_config(argv[4])
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        config.plugins.on_shutdown()
        return 0
    started = False
    converters = _Converters()
    for line in sys.stdin:
        collect.messages = []
        ok, error = True, ""
        try:
            config = get_config(line.strip())
            if not started:
                config.plugins.on_startup(command="serve", dirty=True)
                started = True
            build(config, serve_url=url, dirty=True)
        except Exception as exc:  # the server logs it and waits for the next edit
            ok, error = False, f"{type(exc).__name__}: {exc}"
        print(json.dumps({"ok": ok, "error": error, "log": collect.messages, "markdown": converters.take()}),
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

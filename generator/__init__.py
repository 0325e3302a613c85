"""Briefing-site generator: articles and YAML facts -> cross-linked Markdown.

The core is a pure pipeline, one module per stage, each with one public entry
point::

    load(content_dir)          -> RawContent        (generator.load)
    validate(raw)              -> Content           (generator.validate)
    link(content)              -> LinkedSite        (generator.link)
    render(linked)             -> list[Page]        (generator.render)
    export(linked)             -> list[Page]        (generator.export: the data downloads)
    write(pages, out_dir)      -> list[Path]        (generator.write)

``generator.pipeline.generate`` runs load -> validate -> link -> render -> export and is what
both the CLI and the MkDocs adapter call. The core never imports MkDocs.
"""

__version__ = "0.1.0"

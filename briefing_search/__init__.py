"""``briefing-search``: a prebuilt search index for Material for MkDocs, and the worker that loads it.

A plugin of its own, outside the ``generator`` core: the core writes Markdown and never knows how
a site searches. :mod:`briefing_search.plugin` is the MkDocs/ProperDocs plugin;
:mod:`briefing_search.index` holds the index, kept per page (``SearchIndex.set_page`` and
``remove_page`` replace one page's entries, for builds that rebuild a few pages);
``assets/worker.js`` is the worker, the one place the BM25 scoring is written.
"""

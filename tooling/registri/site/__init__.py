"""The internal site: an MkDocs plugin that adds the register's pages to `mkdocs build`.

plugin.py hooks into MkDocs; data.py gathers the model (register, history, findings); views.py
turns it into plain values for templates; pages.py renders the pages; charts.py draws SVG charts.
"""

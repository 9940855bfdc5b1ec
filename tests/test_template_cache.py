"""Compiled templates kept between builds (site/render.py bytecode_cache): never a stale page.

Real Jinja environments over template files in a temporary folder, as MkDocs and the plugin make them.
"""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader, select_autoescape

from registri import cache
from registri.site import render


def environment(templates, **settings) -> Environment:
    return Environment(loader=FileSystemLoader(str(templates)), auto_reload=False, **settings)


def test_a_compiled_template_is_kept_and_a_changed_source_is_compiled_again(tmp_path):
    templates, store = tmp_path / "templates", tmp_path / "cache"
    templates.mkdir()
    (templates / "page.html").write_text("<p>{{ word }} lama</p>", encoding="utf-8")
    first = environment(templates)
    render.bytecode_cache(first, store)
    assert first.get_template("page.html").render(word="arsip") == "<p>arsip lama</p>"
    kept = list(store.glob("jinja-*/__jinja2_*.cache"))
    assert len(kept) == 1
    again = environment(templates)
    render.bytecode_cache(again, store)
    assert again.get_template("page.html").render(word="arsip") == "<p>arsip lama</p>"
    (templates / "page.html").write_text("<p>{{ word }} baru</p>", encoding="utf-8")
    changed = environment(templates)
    render.bytecode_cache(changed, store)
    assert changed.get_template("page.html").render(word="arsip") == "<p>arsip baru</p>"


def test_another_code_version_or_setting_takes_another_folder_and_the_old_one_goes(tmp_path, monkeypatch):
    store = tmp_path / "cache"
    render.bytecode_cache(environment(tmp_path), store)
    first = {p.name for p in store.iterdir()}
    render.bytecode_cache(environment(tmp_path, trim_blocks=True), store)
    trimmed = {p.name for p in store.iterdir()}
    assert len(first) == len(trimmed) == 1 and first != trimmed
    render.bytecode_cache(environment(tmp_path, trim_blocks=True, autoescape=True), store)
    assert {p.name for p in store.iterdir()} not in (first, trimmed)      # escaping is compiled in
    render.bytecode_cache(environment(tmp_path, trim_blocks=True), store)
    monkeypatch.setattr(render, "code_version", lambda: "kode-lain")
    render.bytecode_cache(environment(tmp_path, trim_blocks=True), store)
    assert {p.name for p in store.iterdir()} not in (first, trimmed)
    assert cache.code_version() != "kode-lain"


def test_escaping_decided_by_a_function_is_not_cached(tmp_path):
    env = environment(tmp_path, autoescape=select_autoescape(["html"]))
    render.bytecode_cache(env, tmp_path / "cache")
    assert env.bytecode_cache is None and not (tmp_path / "cache").exists()

"""The kind registry is the one place a kind is declared, and reference fields are declared on the schema."""

from __future__ import annotations

import typing

from pydantic import BaseModel

from generator.kinds import KINDS
from generator.render import TEMPLATES
from generator.schema import ID_PATTERN, Refers, _fields, references


def _models(model: type[BaseModel], seen: set) -> None:
    if model in seen:
        return
    seen.add(model)
    for info in model.model_fields.values():
        stack = [info.annotation]
        while stack:
            tp = stack.pop()
            if isinstance(tp, type) and issubclass(tp, BaseModel):
                _models(tp, seen)
            else:
                stack.extend(typing.get_args(tp))


def test_every_kind_has_its_templates_and_a_unique_folder():
    assert len({k.folder for k in KINDS.values()}) == len(KINDS)
    for kind in KINDS.values():
        assert (TEMPLATES / kind.page).is_file(), kind.page
        assert (TEMPLATES / kind.index).is_file(), kind.index


def test_every_reference_names_a_registered_kind():
    seen: set = set()
    for kind in KINDS.values():
        _models(kind.model, seen)
    declared = [refers for model in seen for _n, _a, refers in _fields(model) if refers]
    assert len(declared) >= 9
    for refers in declared:
        assert refers.kind in KINDS, refers
        if refers.relation_from:
            assert any(refers.relation_from in m.model_fields for m in seen), refers


def test_every_id_field_is_a_declared_reference():
    """An id-typed field without a Refers declaration would escape both validation and backlinks."""
    seen: set = set()
    for kind in KINDS.values():
        _models(kind.model, seen)
    for model in seen:
        for name, _alias, refers in _fields(model):
            info = model.model_fields[name]
            text = repr(info.annotation) + repr(info.metadata)
            # `body` names an issuing body of briefing.yml, not an entity; the schema checks it.
            if ID_PATTERN in text and (model.__name__, name) != ("Resolution", "body"):
                assert refers is not None, f"{model.__name__}.{name} holds ids but declares no Refers"


def test_references_yield_locations_and_relations():
    from generator.schema import Resolution

    res = Resolution.model_validate({
        "title": "Resolution 1", "date": "2016-03-02", "outcome": "adopted", "symbol": "S/RES/1 (2016)",
        "vote": {"for": 13, "against": 1, "abstain": 1, "against_members": ["x"], "abstaining_members": ["y"]},
        "summary": "s", "triggers": ["e"],
        "measures": [{"measure": "m", "change": "introduced", "detail": "d",
                      "sources": [{"article": "a", "quote": "eight chars"}]}],
        "actors": [{"actor": "z", "role": "drafter", "sources": [{"document": "S/RES/1 (2016)"}]}],
        "sources": [{"document": "S/RES/1 (2016)"}]})
    got = [(loc, r.kind, v, rel) for loc, r, v, rel in references(res)]
    assert got == [
        (("triggers", 0), "event", "e", "trigger"),
        (("measures", 0, "measure"), "measure", "m", "introduced"),
        (("measures", 0, "sources", 0, "article"), "article", "a", None),
        (("actors", 0, "actor"), "actor", "z", "drafter"),
        (("vote", "against_members", 0), "actor", "x", "voted-against"),
        (("vote", "abstaining_members", 0), "actor", "y", "abstained"),
    ]
    assert isinstance(Refers("actor"), Refers)


def _with_designation(tmp_path, text):
    from tests.conftest import make_content

    content = make_content(tmp_path)
    (content / "designations").mkdir()
    (content / "designations" / "example-vessel.yaml").write_text(
        "# yaml-language-server: $schema=../../schema/designation.schema.json\n" + text, encoding="utf-8")
    return content


_VESSEL = """name: Example Vessel
kind: vessel
aliases: [Old Name]
imo: "1234567"
listed_on: 2016-03-02
listed_by: "2270"
actors: [north-korea]
summary: A vessel the resolution listed.
sources:
  - document: S/RES/2270 (2016)
"""


def test_a_designation_is_linked_both_ways(tmp_path):
    from generator.pipeline import generate

    pages = {p.path: p.text for p in generate(_with_designation(tmp_path, _VESSEL)).pages}
    page = pages["designations/example-vessel.md"]
    assert "| IMO number | 1234567 |" in page and "[Resolution 2270 (2016)](../resolutions/2270.md)" in page
    assert "[North Korea](../actors/north-korea.md)" in page
    line = "- [Example Vessel](../designations/example-vessel.md) (vessel, IMO 1234567), listed 2 March 2016"
    assert line in pages["resolutions/2270.md"] and line in pages["actors/north-korea.md"]
    assert "[Example Vessel](example-vessel.md)" in pages["designations/index.md"]


def test_a_designation_is_checked_like_any_fact(tmp_path):
    import pytest

    from generator.errors import ContentError
    from generator.pipeline import check

    with pytest.raises(ContentError) as info:
        check(_with_designation(tmp_path / "a", _VESSEL.replace("kind: vessel", "kind: entity")))
    shown = [p.format() for p in info.value.problems]
    assert any("example-vessel.yaml:5:" in s and "only a vessel has an IMO number" in s for s in shown), shown
    with pytest.raises(ContentError) as info:
        check(_with_designation(tmp_path / "b", _VESSEL.replace('listed_by: "2270"', "listed_by: 9999")))
    shown = [p.format() for p in info.value.problems]
    assert any("example-vessel.yaml:7:1: error: unknown resolution id '9999'" in s for s in shown), shown


def test_articles_that_name_a_designation_or_its_alias_link_to_it(tmp_path):
    from generator.pipeline import generate

    content = _with_designation(tmp_path, _VESSEL)
    article = content / "articles" / "2016-03-02-test-article.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nThe Old Name sailed on, and Example Vessel was seen "
                       "in port.\n", encoding="utf-8")
    pages = {p.path: p.text for p in generate(content).pages}
    body = pages["articles/2016-03-02-test-article.md"]
    assert "The [Old Name](../designations/example-vessel.md) sailed on" in body
    assert "and Example Vessel was seen" in body  # later mentions in the same section stay plain text
    listed = pages["designations/example-vessel.md"]
    assert "## Articles that mention it" in listed
    assert "- [A test article about resolution 2270](../articles/2016-03-02-test-article.md#p3): The Old Name" in listed


def test_a_name_an_actor_and_a_designation_share_links_to_the_actor(tmp_path):
    from generator.pipeline import generate

    content = _with_designation(tmp_path, _VESSEL.replace("aliases: [Old Name]", "aliases: [Wang Yi]"))
    pages = {p.path: p.text for p in generate(content).pages}
    body = pages["articles/2016-03-02-test-article.md"]
    assert "[Wang Yi](../actors/wang-yi.md)" in body and "designations/example-vessel.md" not in body

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

"""``contracts._result.assemble`` and ``builder``: building a frozen result without its
``__init__`` gives the same object as the constructor, and anything they cannot build goes
through the constructor."""

import dataclasses
from types import MappingProxyType

import numpy as np
import pytest

from contracts._equilibria import Equilibrium, EquilibriumResult
from contracts._result import Result, assemble, builder


def _fields(obj) -> dict:
    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}


def test_same_fields_as_the_constructor():
    x = np.array([0.25, 0.75])
    kw = dict(strategies=(x, x), payoffs=(1.0, 2.0), regret=0.0, players=("a", "b"),
              actions=(("u", "d"), ("l", "r")))
    fast, slow = assemble(Equilibrium, **kw), Equilibrium(**kw)
    assert type(fast) is Equilibrium and fast == slow
    assert _fields(fast).keys() == _fields(slow).keys()
    assert vars(fast).keys() == vars(slow).keys()
    kw = dict(equilibria=(slow,), method="m", exact=False, complete=True, converged=True,
              iterations=3, max_regret=0.0, degenerate=None, message="", extra={"k": 1},
              kind="mixed")
    fast, slow = assemble(EquilibriumResult, **kw), EquilibriumResult(**kw)
    assert repr(fast) == repr(slow) and str(fast) == str(slow)
    assert fast.to_dict() == slow.to_dict()
    assert isinstance(fast.extra, MappingProxyType) and dict(fast.extra) == {"k": 1}
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.method = "other"


def test_missing_or_unknown_fields_go_through_the_constructor():
    with pytest.raises(TypeError):
        assemble(Equilibrium, strategies=())                     # payoffs missing
    with pytest.raises(TypeError):
        assemble(Equilibrium, strategies=(), payoffs=(), regret=0.0, players=(), actions=(),
                 colour="red")
    partial = assemble(EquilibriumResult, method="m")              # defaults filled as usual
    assert partial.kind == "mixed" and isinstance(partial.extra, MappingProxyType)


def test_a_class_with_its_own_post_init_is_constructed():
    calls = []

    @dataclasses.dataclass(frozen=True, repr=False)
    class Checked(Result):
        value: int
        extra: dict = dataclasses.field(default_factory=dict)

        def __post_init__(self):
            calls.append(self.value)
            super().__post_init__()

    out = assemble(Checked, value=4, extra={})
    assert calls == [4] and out.value == 4 and isinstance(out.extra, MappingProxyType)


def test_builder_gives_the_constructors_object():
    x = np.array([0.25, 0.75])
    args = ((x, x), (1.0, 2.0), 0.0, ("a", "b"), (("u", "d"), ("l", "r")))
    fast, slow = builder(Equilibrium)(*args), Equilibrium(*args)
    assert type(fast) is Equilibrium and fast == slow and vars(fast) == vars(slow)
    for extra in ({"k": 1}, MappingProxyType({"k": 1}), None):
        args = ((slow,), "m", False, True, True, 3, 0.0, None, "", extra, "mixed")
        fast, slow_res = builder(EquilibriumResult)(*args), EquilibriumResult(*args)
        assert repr(fast) == repr(slow_res) and str(fast) == str(slow_res)
        assert fast.to_dict() == slow_res.to_dict()
        assert vars(fast).keys() == vars(slow_res).keys()
        if extra is not None:
            assert isinstance(fast.extra, MappingProxyType) and dict(fast.extra) == {"k": 1}
    mutable = {"k": 1}
    made = builder(EquilibriumResult)((), "m", False, True, True, 3, 0.0, None, "", mutable,
                                      "mixed")
    mutable["k"] = 2                       # the result holds a read-only copy
    assert made.extra["k"] == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.method = "other"
    with pytest.raises(TypeError):
        builder(Equilibrium)((x, x), (1.0, 2.0))                   # every field, by position
    assert builder(Equilibrium) is builder(Equilibrium)            # made once


def test_builder_of_a_class_with_its_own_post_init_is_the_class():
    @dataclasses.dataclass(frozen=True, repr=False)
    class Checked(Result):
        value: int

        def __post_init__(self):
            super().__post_init__()

    assert builder(Checked) is Checked

"""A cheaper ``__init__`` for the engine's frozen dataclasses.

A frozen dataclass sets each field through ``object.__setattr__`` to get round its own
``__setattr__``; the engine builds a few hundred such records per partner, so that cost shows
(see benchmarks/bench_engine.py). :func:`fast_init` replaces the generated ``__init__`` by one
that stores the fields directly (into the instance ``__dict__``, or through each slot's
descriptor for a slots class): same signature, same defaults, same frozen instances.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

T = TypeVar("T")


def fast_init(cls: type[T]) -> type[T]:
    """Use on top of ``@dataclass(frozen=True)``; fields may have plain defaults only."""
    slotted = "__slots__" in cls.__dict__
    namespace: dict[str, Any] = {}
    params: list[str] = []
    body: list[str] = [] if slotted else ["    d = self.__dict__"]
    for i, f in enumerate(dataclasses.fields(cls)):  # type: ignore[arg-type]
        if f.default_factory is not dataclasses.MISSING or not f.init:
            raise TypeError(f"{cls.__name__}.{f.name}: only plain fields are supported")
        if f.default is dataclasses.MISSING:
            params.append(f.name)
        else:
            namespace[f"_default{i}"] = f.default
            params.append(f"{f.name}=_default{i}")
        if slotted:
            namespace[f"_set{i}"] = getattr(cls, f.name).__set__
            body.append(f"    _set{i}(self, {f.name})")
        else:
            body.append(f"    d[{f.name!r}] = {f.name}")
    source = f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body or ["    pass"])
    exec(source, namespace)  # the same technique dataclasses uses to build __init__
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init  # type: ignore[method-assign]
    return cls

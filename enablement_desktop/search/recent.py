"""What a search reads per asset, kept for the next searches: the least recently used goes first."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

V = TypeVar("V")


class Recent(Generic[V]):
    """asset id → a value made once, kept while it is among the `size` most recently used."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._values: OrderedDict[int, V] = OrderedDict()

    def clear(self) -> None:
        self._values.clear()

    def get(self, asset: int, make: Callable[[], V]) -> V:
        found = self._values.get(asset)
        if found is not None:
            self._values.move_to_end(asset)
            return found
        found = self._values[asset] = make()
        if len(self._values) > self._size:
            self._values.popitem(last=False)
        return found

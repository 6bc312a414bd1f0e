"""A message that carries its stable code: scripts match the code (``font-substitution``),
people read the message, in whichever interface language it was made."""

from __future__ import annotations


class Coded(str):
    code: str

    def __new__(cls, message: str, code: str) -> Coded:
        self = super().__new__(cls, message)
        self.code = code
        return self

    def __reduce__(self) -> tuple[type[Coded], tuple[str, str]]:  # kept through a worker's pickle
        return Coded, (str(self), self.code)

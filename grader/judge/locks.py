"""Locked answers, as okpy locks its tests: what a student folder carries instead of the answers.

A locked value is a salted, deliberately slow hash of a canonical form of the answer, so a local
check can say right or wrong without the folder holding the answer in readable form. This deters
reading the answers, not a determined brute force of a multiple-choice question; the grading that
counts always rebuilds the answers from the bank.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import numpy as np

ITERATIONS = 2000
#: Significant figures of locked numbers; a neighbour in the last figure also matches, so any
#: answer within about one unit of the 4th figure checks as right locally.
SIGFIGS = 4
#: Coarser precisions at which named mistakes (never the answers) are also locked, so that a
#: rounded mistake is still named locally, as it is when graded.
ROUNDED_SIGFIGS = (2, 3)


def digest(salt: str, *parts: Any) -> str:
    message = "\x1f".join(map(str, parts)).encode()
    return hashlib.pbkdf2_hmac("sha256", message, salt.encode(), ITERATIONS).hex()[:32]


def canonical(x: float, exact: bool, sigfigs: int = SIGFIGS) -> list[str]:
    """The forms under which an entry is locked (the first) or looked up (all): at ``SIGFIGS``
    itself and its neighbours in the last figure, at a coarser precision itself alone."""
    if exact:
        return [str(int(round(x)))] if float(x).is_integer() else [repr(float(x))]
    if abs(x) < 1e-9:
        return ["0"]
    mantissa, exponent = f"{x:.{sigfigs - 1}e}".split("e")
    digits = int(mantissa.replace(".", "").replace("-", ""))
    sign = "-" if x < 0 else ""
    near = (digits, digits - 1, digits + 1) if sigfigs == SIGFIGS else (digits,)
    return [f"{sign}{d / 10 ** (sigfigs - 1):.{sigfigs - 1}f}e{int(exponent)}" for d in near]


def lock_array(salt: str, key: str, values: np.ndarray, exact: bool, sigfigs: int = SIGFIGS) -> list[str]:
    return [digest(salt, key, i, canonical(float(v), exact, sigfigs)[0]) for i, v in enumerate(np.ravel(values))]


def matches(salt: str, key: str, values: np.ndarray, locked: list[str], exact: bool, sigfigs: int = SIGFIGS) -> np.ndarray:
    """Entrywise: does each value match its locked entry (at ``sigfigs``)?"""
    flat = np.ravel(values)
    if flat.size != len(locked):
        return np.zeros(flat.size, dtype=bool)
    return np.array([any(digest(salt, key, i, form) == locked[i] for form in canonical(float(v), exact, sigfigs))
                     for i, v in enumerate(flat)])


def sealed_length(payloads: list[Any]) -> int:
    """One length for a group of sealed tokens: the longest payload's, rounded up to 64 bytes."""
    return -(-max(len(json.dumps(p).encode()) for p in payloads) // 64) * 64


def seal(salt: str, key: str, payload: Any, length: int = 0) -> str:
    """Encrypt ``payload`` (JSON) so that only ``key`` (e.g. an option's label) opens it; padded
    with spaces (JSON ignores them) to ``length`` bytes so that its size tells nothing."""
    data = json.dumps(payload).encode().ljust(length)
    stream = hashlib.shake_256(f"{salt}\x1f{key}".encode()).digest(len(data))
    return bytes(a ^ b for a, b in zip(data, stream)).hex()


def unseal(salt: str, key: str, token: str) -> Any:
    data = bytes.fromhex(token)
    stream = hashlib.shake_256(f"{salt}\x1f{key}".encode()).digest(len(data))
    return json.loads(bytes(a ^ b for a, b in zip(data, stream)))

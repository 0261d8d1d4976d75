# What a student who read the grader's source writes to get past its source policy: every name
# below comes from a module the policy allows (typing.sys, dataclasses.builtins), and dunder
# names are spelled at run time.
import dataclasses
import typing

import numpy as np

sys = typing.sys
os = sys.modules["os"]
BUILTINS = dataclasses.builtins
load_module = getattr(BUILTINS, "__imp" + "ort__")
open_file = getattr(BUILTINS, "op" + "en")


def product(A, B):
    """The right answer, returned only when an attack worked: points then prove the attack."""
    return (np.asarray(A)[:, :, None] * np.asarray(B)[None, :, :]).sum(axis=1)


def wrong(A, B):
    return np.zeros((np.shape(A)[0], np.shape(B)[1]))


def attempt(action):
    """True when ``action`` ran without an exception."""
    try:
        action()
        return True
    except BaseException:
        return False

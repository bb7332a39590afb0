"""A safe arithmetic parser for payoff and parameter strings, with size limits.

``parse_arithmetic("2*b - c/2", symbols)`` returns a sympy expression. Only numbers, names,
``+ - * / **``, parentheses and a few functions (``exp log sqrt Min Max Abs min max``) are allowed;
nothing is ``eval``-ed. Implicit multiplication after a number (``2b``, ``3(x+1)``) is accepted.
Numeric powers are evaluated only when the result stays small (``9**9**9**9`` is refused at
once instead of being computed), and the text length and nesting depth are bounded.
"""

from __future__ import annotations

import ast
import math
import re

__all__ = ["parse_arithmetic", "MAX_LENGTH", "MAX_DIGITS", "MAX_DEPTH"]

#: longest accepted expression (characters)
MAX_LENGTH = 10_000
#: largest number of decimal digits a numeric power may produce
MAX_DIGITS = 10_000
#: deepest nesting of operations
MAX_DEPTH = 100

_FUNCTIONS = {"exp": "exp", "log": "log", "sqrt": "sqrt", "Min": "Min", "Max": "Max",
              "Abs": "Abs", "min": "Min", "max": "Max", "abs": "Abs"}
_IMPLICIT = re.compile(r"(?<![A-Za-z_0-9.])(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)\s*(?=[A-Za-z_(])")
_CLOSE_OPEN = re.compile(r"\)\s*(?=[A-Za-z_0-9(])")


class _Refused(ValueError):
    pass


def _digits(value) -> float:
    """About how many decimal digits the integer part (or 1/x) of a sympy number has."""
    import sympy as sp
    if value == 0:
        return 0.0
    try:
        return abs(float(sp.log(abs(value), 10).evalf(15)))
    except (TypeError, ValueError, OverflowError):
        return float("inf")


def parse_arithmetic(text: str, symbols: dict, where: str = "parse_arithmetic"):
    """Parse ``text`` into a sympy expression; unknown names become real Symbols in ``symbols``.

    Raises ``ValueError`` (with the reason) for anything else than arithmetic, for text longer
    than ``MAX_LENGTH`` or nested deeper than ``MAX_DEPTH``, and for numeric powers whose value
    would have more than ``MAX_DIGITS`` digits.

    Examples
    --------
    >>> syms = {}
    >>> parse_arithmetic("2b - c/2", syms), sorted(syms)
    (2*b - c/2, ['b', 'c'])
    >>> parse_arithmetic("9**9**9**9", {})
    Traceback (most recent call last):
    ...
    ValueError: the power 9**387420489 would have about 3.7e+08 digits (limit 10000)
    """
    import sympy as sp

    if len(text) > MAX_LENGTH:
        raise ValueError(f"the expression has {len(text)} characters (limit {MAX_LENGTH})")
    src = _CLOSE_OPEN.sub(")*", _IMPLICIT.sub(r"\1*", text.strip()))
    try:
        tree = ast.parse(src, mode="eval")
    except SyntaxError as exc:
        raise ValueError(f"not an arithmetic expression ({exc.msg})") from None
    except (RecursionError, MemoryError):
        raise ValueError("the expression is nested too deeply") from None

    def walk(node, depth):
        if depth > MAX_DEPTH:
            raise ValueError(f"the expression is nested more than {MAX_DEPTH} deep")
        if isinstance(node, ast.Expression):
            return walk(node.body, depth)
        if isinstance(node, ast.Constant):
            v = node.value
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise ValueError(f"{v!r} is not a number")
            if isinstance(v, float):
                if not math.isfinite(v):
                    raise ValueError(f"{v!r} is not finite")
                return sp.Float(v) if not v.is_integer() or "e" in src.lower() else sp.Integer(
                    int(v))
            return sp.Integer(v)
        if isinstance(node, ast.Name):
            if node.id in _FUNCTIONS:
                raise ValueError(f"{node.id} is a function; call it as {node.id}(...)")
            sym = symbols.get(node.id)
            if sym is None:
                sym = sp.Symbol(node.id, real=True)
                symbols[node.id] = sym
            return sym
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
            v = walk(node.operand, depth + 1)
            return -v if isinstance(node.op, ast.USub) else v
        if isinstance(node, ast.BinOp):
            a = walk(node.left, depth + 1)
            b = walk(node.right, depth + 1)
            if isinstance(node.op, ast.Add):
                return a + b
            if isinstance(node.op, ast.Sub):
                return a - b
            if isinstance(node.op, ast.Mult):
                return a * b
            if isinstance(node.op, ast.Div):
                if b == 0:
                    raise ValueError("division by zero")
                return a / b
            if isinstance(node.op, ast.Pow):
                if a.is_number and b.is_number:
                    size = _digits(a) * abs(float(b)) if b.is_finite else float("inf")
                    if size > MAX_DIGITS:
                        raise ValueError(f"the power {a}**{b} would have about {size:.2g} digits "
                                         f"(limit {MAX_DIGITS})")
                return a ** b
            raise ValueError(f"operator {type(node.op).__name__} is not allowed (use + - * / **)")
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in _FUNCTIONS \
                    or node.keywords:
                raise ValueError("only exp, log, sqrt, min, max and abs may be called")
            args = [walk(x, depth + 1) for x in node.args]
            if not args:
                raise ValueError(f"{node.func.id}() needs an argument")
            fn = getattr(sp, _FUNCTIONS[node.func.id])
            if fn is sp.exp and args[0].is_number and abs(float(args[0])) > 1e5:
                raise ValueError(f"exp({args[0]}) is out of range")
            return fn(*args)
        raise ValueError(f"{type(node).__name__} is not allowed in an arithmetic expression")

    return walk(tree, 0)

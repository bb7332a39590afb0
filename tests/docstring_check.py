"""Numpydoc validation of every public name of ``contracts`` (used by test_docstrings.py).

Run ``python tests/docstring_check.py [module-prefix]`` to list the problems, one per line.
A public name is one listed in the ``__all__`` of a public module (no part starting with ``_``),
and each public method or property of a public class defined in the package.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import sys
import warnings

# Checked numpydoc codes: a summary, every parameter documented with a type and a description,
# no unknown parameters, a Returns (or Yields) section with a description, and an example.
CHECKS = {
    "SS01",
    "SS03",
    "PR01",
    "PR02",
    "PR04",
    "PR07",
    "RT01",
    "RT03",
    "YD01",
    "GL07",
    "EX01",
}
# Examples are required of functions and classes; methods and properties may rely on their class's.
METHOD_EXEMPT = {"EX01"}
# Dataclass-generated dunder and inherited methods are not part of the documented surface.
SKIP_METHODS = {"to_dict", "to_dataframe", "to_json", "to_numpy"}


def _public_modules():
    import contracts

    yield "contracts"
    for info in pkgutil.walk_packages(contracts.__path__, "contracts."):
        if any(part.startswith("_") for part in info.name.split(".")):
            continue
        yield info.name


def public_objects(prefix: str = "contracts"):
    """Return ``{qualified name: (object, is_method)}`` for every public name under ``prefix``."""
    out: dict[str, tuple[object, bool]] = {}
    seen: set[int] = set()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for modname in _public_modules():
            if not modname.startswith(prefix) and not prefix.startswith(modname):
                continue
            mod = importlib.import_module(modname)
            for name in getattr(mod, "__all__", ()):
                obj = getattr(mod, name, None)
                if obj is None or inspect.ismodule(obj) or id(obj) in seen:
                    continue
                if not (inspect.isclass(obj) or inspect.isfunction(obj)):
                    continue
                home = getattr(obj, "__module__", "") or ""
                if not home.startswith("contracts"):
                    continue
                seen.add(id(obj))
                qual = f"{home}.{obj.__qualname__}"
                if not qual.startswith(prefix):
                    continue
                out[qual] = (obj, "class" if inspect.isclass(obj) else "function")
                if inspect.isclass(obj):
                    for mname, member in vars(obj).items():
                        if mname.startswith("_") or mname in SKIP_METHODS:
                            continue
                        if isinstance(member, property):
                            out[f"{qual}.{mname}"] = (member, "property")
                        elif inspect.isfunction(member) or isinstance(
                            member, (classmethod, staticmethod)
                        ):
                            out[f"{qual}.{mname}"] = (member, "method")
    return out


def _attributes(obj) -> set[str]:
    """Names documented in a class docstring's Attributes section."""
    from numpydoc.docscrape import ClassDoc

    try:
        doc = ClassDoc(obj, config={"show_class_members": False})
    except Exception:
        return set()
    names = set()
    for item in doc["Attributes"]:
        for name in item.name.split(","):
            names.add(name.strip().split(" ")[0])
    return names


def problems(prefix: str = "contracts") -> list[str]:
    """Return one line ``name: CODE message`` per failed check under ``prefix``."""
    from numpydoc.validate import validate

    lines = []
    for qual, (obj, kind) in sorted(public_objects(prefix).items()):
        if kind == "property":
            # A property needs a one-line summary; the rest is its class's documentation.
            doc = inspect.getdoc(obj) or ""
            if not doc.strip():
                lines.append(f"{qual}: SS01 No summary found")
            continue
        try:
            result = validate(qual)
        except Exception as exc:  # pragma: no cover - reported, not hidden
            lines.append(f"{qual}: ERR {type(exc).__name__}: {exc}")
            continue
        for code, message in result["errors"]:
            if code not in CHECKS or (kind == "method" and code in METHOD_EXEMPT):
                continue
            if kind == "class" and code == "PR01":
                # Dataclass fields may be documented as Attributes instead of Parameters.
                missing = set(re.findall(r"'\*{0,2}(\w+)'", message))
                if missing <= _attributes(obj):
                    continue
            lines.append(f"{qual}: {code} {message}")
    return lines


if __name__ == "__main__":
    # check this checkout's package, not whichever copy is installed
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1]))
    found = problems(sys.argv[1] if len(sys.argv) > 1 else "contracts")
    print("\n".join(found))
    print(f"{len(found)} problems", file=sys.stderr)

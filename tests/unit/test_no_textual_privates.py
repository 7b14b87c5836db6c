"""No private Textual name is used outside `lemtui.tui.textual_private`.

Private names change in any Textual release; one documented module owns the few with no
public replacement. This test reads every lemtui module as source and fails on:
- `something._name` where `_name` is not an attribute the module's own classes keep (a
  private of another object, such as `app._driver`);
- `self._name` in a class with a Textual base, where that base uses `self._name` itself
  (reading or overwriting Textual's own private state: `_driver`, `_options`, `_line_cache`).
Attributes lemtui classes define for themselves (`self._anchor`) are theirs to use.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from functools import cache
from pathlib import Path

import lemtui

OWNER = "lemtui.tui.textual_private"
PACKAGE = Path(lemtui.__file__).parent


def _modules() -> list[str]:
    names = [m.name for m in pkgutil.walk_packages(lemtui.__path__, "lemtui.")]
    return [name for name in names if name != "lemtui.__main__"]  # importing it runs the app


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


@cache
def _textual_source(cls: type) -> str:
    try:
        return inspect.getsource(cls)
    except (OSError, TypeError):
        return ""


def _textual_uses(cls: type, name: str) -> bool:
    """Whether a Textual class in `cls`'s ancestry uses `self.<name>` or defines `name`."""
    pattern = re.compile(rf"\bself\.{re.escape(name)}\b|\bdef {re.escape(name)}\b")
    return any(
        base.__module__.startswith("textual.") and pattern.search(_textual_source(base))
        for base in cls.__mro__
    )


def _self_attributes(node: ast.ClassDef) -> set[str]:
    names: set[str] = set()
    for child in ast.walk(node):
        if (
            isinstance(child, ast.Attribute)
            and isinstance(child.value, ast.Name)
            and child.value.id == "self"
            and _private(child.attr)
        ):
            names.add(child.attr)
        elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) and _private(child.name):
            names.add(child.name)
    return names


def test_no_private_of_another_object() -> None:
    found: list[str] = []
    for name in _modules():
        if name == OWNER:
            continue
        path = PACKAGE.joinpath(*name.split(".")[1:])
        source = (path / "__init__.py" if path.is_dir() else path.with_suffix(".py")).read_text()
        nodes = list(ast.walk(ast.parse(source)))
        own = {
            node.attr
            for node in nodes
            if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in ("self", "cls")
        }
        for node in nodes:
            if not (isinstance(node, ast.Attribute) and _private(node.attr)):
                continue
            if node.attr in own:  # the module's own classes keep it (`other._value` in __eq__)
                continue
            found.append(f"{name}:{node.lineno}: .{node.attr}")
    assert found == []


def test_no_textual_private_through_self() -> None:
    found: list[str] = []
    for name in _modules():
        if name == OWNER:
            continue
        module = importlib.import_module(name)
        source = inspect.getsource(module)
        classes = {
            node.name: node
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.ClassDef)
        }
        for cls_name, cls in vars(module).items():
            if not (inspect.isclass(cls) and cls.__module__ == name and cls_name in classes):
                continue
            if not any(base.__module__.startswith("textual.") for base in cls.__mro__):
                continue
            for attribute in sorted(_self_attributes(classes[cls_name])):
                if _textual_uses(cls, attribute):
                    found.append(f"{name}.{cls_name}: self.{attribute}")
    assert found == []


def test_the_check_sees_a_textual_private() -> None:
    """The check is not blind: Textual's App keeps its driver in `self._driver`."""
    from textual.app import App
    from textual.widgets import OptionList

    assert _textual_uses(App, "_driver")
    assert _textual_uses(OptionList, "_options")
    assert not _textual_uses(App, "_lemtui_own_attribute")

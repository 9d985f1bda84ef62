#!/usr/bin/env python3
"""Finds circles in a crate's import graph between files, and fails when there is one.

Why: a module that both uses and is used by another cannot be understood (or moved) on its
own; the layers of ARCHITECTURE.md only hold if the graph has no circle. Each file is a node;
an edge is a `use` (re-exports included) or a `crate::`/`super::`/`self::` path in the code.
A path through a re-export counts as a use of the file that defines the item, as rustc
resolves it; `mod x;` declarations (ownership) are not uses.

    scripts/import-cycles.py crates/core [--allow inbox:sync] ...
"""

import os
import re
import sys

RUST_KEYWORDS = {"crate", "super", "self", "Self"}


def strip(source: str) -> str:
    """The source without comments, strings and chars (same length, blanked), so braces and
    paths inside them are not read as code."""
    out = []
    i, n = 0, len(source)
    while i < n:
        c = source[i]
        if source.startswith("//", i):
            j = source.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif source.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if source.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif source.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            out.append(re.sub(r"[^\n]", " ", source[i:j]))
            i = j
        elif c == "r" and re.match(r'r#*"', source[i:]) and (i == 0 or not (source[i - 1].isalnum() or source[i - 1] == "_")):
            hashes = re.match(r"r(#*)\"", source[i:]).group(1)
            end = source.find('"' + hashes, i + 2 + len(hashes))
            end = n if end < 0 else end + 1 + len(hashes)
            out.append(re.sub(r"[^\n]", " ", source[i:end]))
            i = end
        elif c == '"':
            j = i + 1
            while j < n and source[j] != '"':
                j += 2 if source[j] == "\\" else 1
            out.append(re.sub(r"[^\n]", " ", source[i : j + 1]))
            i = j + 1
        elif c == "'":
            m = re.match(r"'(\\.[^']*|[^\\'])'", source[i:])
            if m:
                out.append(" " * len(m.group(0)))
                i += len(m.group(0))
            else:  # a lifetime
                out.append(c)
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


class Module:
    def __init__(self, path, file, parent):
        self.path = path  # tuple of names from the crate root
        self.file = file
        self.parent = parent
        self.children = {}
        self.reexports = {}  # name -> absolute path tuple it points at
        self.globs = []  # absolute module paths glob re-exported


def child_file(parent_file, parent_is_dir_owner, name, attr_path):
    base = os.path.dirname(parent_file)
    if attr_path:
        return os.path.normpath(os.path.join(base, attr_path))
    if not parent_is_dir_owner:
        stem = os.path.splitext(os.path.basename(parent_file))[0]
        base = os.path.join(base, stem)
    for candidate in (os.path.join(base, name + ".rs"), os.path.join(base, name, "mod.rs")):
        if os.path.exists(candidate):
            return candidate
    return None


def owns_dir(file):
    return os.path.basename(file) in ("mod.rs", "lib.rs", "main.rs")


MOD_DECL = re.compile(r'(?:#\[path\s*=\s*"([^"]+)"\]\s*)?(?:#\[[^\]]*\]\s*)*(?:pub(?:\([^)]*\))?\s+)?mod\s+([A-Za-z_]\w*)\s*;')
MOD_PATH_ATTR = re.compile(r'#\[path\s*=\s*"([^"]+)"\]\s*(?:#\[[^\]]*\]\s*)*(?:pub(?:\([^)]*\))?\s+)?mod\s+([A-Za-z_]\w*)\s*;')


def load_modules(root_file):
    modules = {}
    sources = {}

    def visit(path, file, parent):
        module = Module(path, file, parent)
        modules[path] = module
        raw = open(file, encoding="utf-8").read()
        sources[file] = raw
        # #[path] attributes live in the raw text (strings are blanked in the stripped one).
        attrs = {m.group(2): m.group(1) for m in MOD_PATH_ATTR.finditer(raw)}
        code = strip(raw)
        for m in MOD_DECL.finditer(code):
            name = m.group(2)
            f = child_file(file, owns_dir(file), name, attrs.get(name))
            if f:
                module.children[name] = visit(path + (name,), f, module)
        return module

    visit((), root_file, None)
    return modules, sources


def split_use_tree(tree):
    """Expands `a::{b, c::{d, e as f}, self}` into lists of segments (renames dropped, the
    visible name returned beside each)."""
    tree = re.sub(r"\s+", "", tree)
    results = []

    def expand(prefix, text):
        depth, start, parts = 0, 0, []
        for i, ch in enumerate(text):
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            elif ch == "," and depth == 0:
                parts.append(text[start:i])
                start = i + 1
        parts.append(text[start:])
        for part in parts:
            if not part:
                continue
            brace = part.find("{")
            if brace >= 0:
                head = part[:brace].rstrip(":").split("::") if part[:brace].rstrip(":") else []
                expand(prefix + [h for h in head if h], part[brace + 1 : part.rfind("}")])
            else:
                segs_text = part
                segs = [s for s in segs_text.split("::") if s]
                if segs and segs[-1] == "self":
                    segs = segs[:-1]
                results.append((prefix + segs, None))

    expand([], tree)
    return results


USE_STMT = re.compile(r"\b(pub(?:\([^)]*\))?\s+)?use\s+([^;]+);")
INLINE_PATH = re.compile(r"(?<![\w:])((?:crate|super|self)(?:\s*::\s*[A-Za-z_]\w*)+)")
INLINE_MOD = re.compile(r"\bmod\s+([A-Za-z_]\w*)\s*\{")


def use_trees(code):
    """(is_pub, [(segments, visible_name)]) for every use statement, renames handled."""
    out = []
    for m in USE_STMT.finditer(code):
        body = m.group(2)
        # Handle `as` renames before whitespace is removed.
        body = re.sub(r"\s+as\s+([A-Za-z_]\w*)", r"@\1", body)
        items = []
        for segs, _ in split_use_tree(body):
            alias = None
            if segs and "@" in segs[-1]:
                last, alias = segs[-1].split("@", 1)
                segs = segs[:-1] + [last]
            items.append((segs, alias or (segs[-1] if segs else None)))
        out.append((bool(m.group(1)), m.start(), items))
    return out


def inline_module_at(code, offset):
    """The inline module names (outermost first) enclosing `offset` in the file."""
    stack = []
    depth = 0
    opens = {m.end() - 1: m.group(1) for m in INLINE_MOD.finditer(code)}
    for i, ch in enumerate(code[:offset]):
        if ch == "{":
            depth += 1
            if i in opens:
                stack.append((opens[i], depth))
        elif ch == "}":
            if stack and stack[-1][1] == depth:
                stack.pop()
            depth -= 1
    return [name for name, _ in stack]


def absolute(module, inline, segs, modules):
    """The absolute path of `segs` as written in `module` (inside `inline` modules), or None for
    an external crate."""
    if not segs:
        return None
    here = list(module.path) + inline
    first = segs[0]
    if first == "crate":
        return tuple(segs[1:])
    if first in ("super", "self"):
        base = here
        rest = list(segs)
        while rest and rest[0] in ("super", "self"):
            if rest[0] == "super":
                base = base[:-1]
            rest = rest[1:]
        return tuple(base + rest)
    # 2018 paths: a child module of the current module, else an external crate or prelude.
    if not inline and first in module.children:
        return tuple(module.path) + tuple(segs)
    return None


def resolve(path, modules, seen=None):
    """The module (node) that defines the item at `path`, following re-exports."""
    seen = seen or set()
    if path in seen:
        return None
    seen.add(path)
    node = modules.get(())
    consumed = 0
    for seg in path:
        child = node.children.get(seg)
        if child is None:
            break
        node, consumed = child, consumed + 1
    rest = path[consumed:]
    if not rest:
        return node
    name = rest[0]
    if name in node.reexports:
        target = resolve(node.reexports[name], modules, seen)
        return target or node
    for glob in node.globs:
        target_mod = modules.get(glob)
        if target_mod and (name in target_mod.reexports):
            target = resolve(glob + (name,), modules, seen)
            if target:
                return target
    return node


def crate_graph(crate_dir, strict):
    src = os.path.join(crate_dir, "src")
    root = os.path.join(src, "lib.rs")
    if not os.path.exists(root):
        root = os.path.join(src, "main.rs")
    modules, sources = load_modules(root)
    by_path = modules
    # First pass: re-exports, so paths can be followed to where items are defined.
    parsed = {}
    for module in modules.values():
        code = strip(sources[module.file])
        parsed[module.file] = code
        for is_pub, offset, items in use_trees(code):
            if not is_pub:
                continue
            inline = inline_module_at(code, offset)
            if inline:
                continue
            for segs, name in items:
                target = absolute(module, [], segs, by_path)
                if target is None:
                    continue
                if segs[-1] == "*":
                    module.globs.append(target[:-1])
                elif name:
                    module.reexports[name] = target
    edges = {}
    for module in modules.values():
        code = parsed[module.file]
        found = []
        for _, offset, items in use_trees(code):
            inline = inline_module_at(code, offset)
            for segs, _ in items:
                if segs and segs[-1] == "*":
                    segs = segs[:-1]
                target = absolute(module, inline, segs, by_path)
                if target is not None:
                    found.append((target, inline))
        # Paths in the code itself (use statements were read above).
        code_only = USE_STMT.sub(lambda m: " " * len(m.group(0)), code)
        for m in INLINE_PATH.finditer(code_only):
            segs = [s.strip() for s in m.group(1).split("::")]
            inline = inline_module_at(code, m.start())
            target = absolute(module, inline, segs, by_path)
            if target is not None:
                found.append((target, inline))
        for target, inline in found:
            # An inline module (`mod tests { … }`) is a module of its own: what its code uses is
            # not used by the file's module (owning is not using).
            source = module.file + "".join("::" + name for name in inline)
            if strict:
                node = modules.get(())
                for seg in target:
                    if seg not in node.children:
                        break
                    node = node.children[seg]
            else:
                node = resolve(target, by_path)
            if node is not None and node.file != module.file:
                edges.setdefault(source, set()).add(node.file)
    return modules, edges


def cycles(edges):
    """Strongly connected components with more than one file (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    nodes = set(edges) | {w for ws in edges.values() for w in ws}
    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return out


def area(file, src):
    rel = os.path.relpath(file.split("::")[0], src)
    head = rel.split(os.sep)[0]
    return os.path.splitext(head)[0]


def main(argv):
    strict = "--strict" in argv
    allowed = set()
    crates = []
    it = iter(argv)
    for a in it:
        if a == "--allow":
            x, y = next(it).split(":")
            allowed.add(frozenset((x, y)))
        elif a != "--strict":
            crates.append(a)
    failed = False
    for crate in crates:
        _, edges = crate_graph(crate, strict)
        src = os.path.join(crate, "src")
        # An allowed pair of areas (top folders) is one node: their circle is intended.
        merged = {}
        def node(f):
            a = area(f, src)
            for pair in allowed:
                if a in pair:
                    return "|".join(sorted(pair))
            base, _, inline = f.partition("::")
            return os.path.relpath(base, crate) + (("::" + inline) if inline else "")
        for v, ws in edges.items():
            for w in ws:
                nv, nw = node(v), node(w)
                if nv != nw:
                    merged.setdefault(nv, set()).add(nw)
        found = cycles(merged)
        for comp in found:
            failed = True
            print(f"{crate}: files in a circle of imports: {', '.join(comp)}")
            for v in comp:
                for w in sorted(merged.get(v, ())):
                    if w in comp:
                        print(f"    {v} -> {w}")
        if not found:
            print(f"{crate}: no circle between files")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

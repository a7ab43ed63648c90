#!/usr/bin/env python3
"""Renders charts/holdfast with its default values into deploy/kubernetes/holdfast.yaml.

Helm is not installable on the machines this project is built on, so this renders the small
subset of Helm's template language the chart uses (if/with/range/end, include of the chart's
helpers, toYaml, nindent, quote, default, keys/sortAlpha, len/add1/lt) and fails on anything else.
Usage: python3 deploy/render-plain.py   (then commit deploy/kubernetes/holdfast.yaml)
"""
import pathlib
import re
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
CHART = ROOT / "charts" / "holdfast"
NAMESPACE = "holdfast"
TEMPLATES = ["operator-deployment.yaml", "agent-daemonset.yaml", "rbac.yaml", "server.yaml",
             "certificates.yaml", "monitoring.yaml"]
TAG = re.compile(r"\{\{(-?)\s*((?:`[^`]*`|.)*?)\s*(-?)\}\}", re.S)


def trim(text):
    """Applies Helm's whitespace trimming: {{- eats whitespace before, -}} after."""
    out, pos = [], 0
    for m in TAG.finditer(text):
        before = text[pos:m.start()]
        if m.group(1):
            before = before.rstrip(" \t\n")
        out.append(before)
        out.append("\x00" + m.group(2) + "\x01")
        pos = m.end()
        if m.group(3):
            while pos < len(text) and text[pos] in " \t\n":
                pos += 1
    out.append(text[pos:])
    return "".join(out)


class Renderer:
    def __init__(self, values):
        self.values = values
        self.chart = yaml.safe_load((CHART / "Chart.yaml").read_text())

    def lookup(self, path, scope):
        if path == ".":
            return scope["."]
        if path.startswith("$") and path[1:].split(".")[0] in scope:
            head, _, rest = path[1:].partition(".")
            value = scope[head]
            return self.walk(value, rest) if rest else value
        if path.startswith("$."):
            path = path[1:]
        if path.startswith(".Values."):
            return self.walk(self.values, path[len(".Values."):])
        if path == ".Release.Namespace":
            return NAMESPACE
        if path == ".Release.Name":
            return "holdfast"
        if path == ".Release.Service":
            return "kubectl"
        if path == ".Chart.AppVersion":
            return self.chart["appVersion"]
        raise SystemExit("render-plain: unknown value " + path)

    @staticmethod
    def walk(value, dotted):
        for part in dotted.split("."):
            value = value[part]
        return value

    def expr(self, text, scope):
        """Evaluates a pipeline of the forms the chart uses."""
        stages = [s.strip() for s in text.split("|")]
        value = self.term(stages[0], scope)
        for stage in stages[1:]:
            fn, *args = stage.split()
            if fn == "nindent":
                n = int(args[0])
                value = "\n" + "\n".join(" " * n + line if line else line for line in str(value).split("\n"))
            elif fn == "indent":
                n = int(args[0])
                value = "\n".join(" " * n + line if line else line for line in str(value).split("\n"))
            elif fn == "quote":
                value = '"' + str(value) + '"'
            elif fn == "default":
                fallback = self.term(" ".join(args), scope)
                value = value if value else fallback
            elif fn == "sortAlpha":
                value = sorted(value)
            else:
                raise SystemExit("render-plain: unknown function " + fn)
        return value

    def term(self, text, scope):
        text = text.strip()
        if text.startswith("(") and text.endswith(")"):
            return self.term(text[1:-1], scope)
        if text.startswith('"'):
            return text.strip('"')
        if text.startswith("`") and text.endswith("`"):
            return text[1:-1]
        parts = text.split()
        if parts[0] == "include":
            name = parts[1].strip('"')
            return self.helper(name, scope)
        if parts[0] == "toYaml":
            return yaml.safe_dump(self.term(" ".join(parts[1:]), scope), default_flow_style=False,
                                  sort_keys=False).rstrip("\n")
        if parts[0] == "list":
            return [self.term(p, scope) for p in parts[1:]]
        if parts[0] == "keys":
            return list(self.term(parts[1], scope).keys())
        if parts[0] == "not":
            return not self.term(" ".join(parts[1:]), scope)
        if parts[0] == "len":
            return len(self.term(parts[1], scope))
        if parts[0] == "add1":
            return self.term(parts[1], scope) + 1
        if parts[0] == "lt":
            rest = " ".join(parts[1:])
            m = re.match(r"(\(.*?\)|\S+)\s+(\(.*\)|\S+)$", rest)
            return self.term(m.group(1), scope) < self.term(m.group(2), scope)
        if parts[0] == "join":
            return parts[1].strip('"').join(self.term(parts[2], scope))
        if parts[0] == "Files.Get" or parts[0] == ".Files.Get":
            return (CHART / parts[1].strip('"')).read_text()
        if len(parts) == 1:
            return self.lookup(parts[0], scope)
        raise SystemExit("render-plain: cannot evaluate " + text)

    def helper(self, name, scope):
        helpers = trim((CHART / "templates" / "_helpers.tpl").read_text())
        starts = [m for m in re.finditer("\x00define \"([^\"]+)\"\x01", helpers)]
        for k, m in enumerate(starts):
            if m.group(1) == name:
                end = starts[k + 1].start() if k + 1 < len(starts) else len(helpers)
                body = helpers[m.end():end].rstrip()
                if not body.endswith("\x00end\x01"):
                    raise SystemExit("render-plain: helper " + name + " does not end with end")
                return self.render(body[: -len("\x00end\x01")], scope).strip("\n")
        raise SystemExit("render-plain: no helper " + name)

    def render(self, text, scope):
        out, pos = [], 0
        tokens = re.split("(\x00[^\x01]*\x01)", text)
        i = 0

        def block(start):
            """Returns (body, else_body, index after end) of the block opened at tokens[start]."""
            depth, j, body, other, in_else = 0, start + 1, [], [], False
            while j < len(tokens):
                t = tokens[j]
                if t.startswith("\x00"):
                    word = t[1:-1].split()[0] if t[1:-1].split() else ""
                    if word in ("if", "range", "with", "define"):
                        depth += 1
                    elif word == "end":
                        if depth == 0:
                            return "".join(body), "".join(other), j + 1
                        depth -= 1
                    elif word == "else" and depth == 0:
                        in_else = True
                        j += 1
                        continue
                (other if in_else else body).append(t)
                j += 1
            raise SystemExit("render-plain: unclosed block")

        while i < len(tokens):
            t = tokens[i]
            if not t.startswith("\x00"):
                out.append(t)
                i += 1
                continue
            code = t[1:-1].strip()
            word = code.split()[0] if code else ""
            if code.startswith("/*"):
                i += 1
            elif word == "if":
                body, other, i = block(i)
                out.append(self.render(body if self.expr(code[2:], scope) else other, scope))
            elif word == "with":
                body, other, i = block(i)
                value = self.expr(code[4:], scope)
                if value:
                    out.append(self.render(body, dict(scope, **{".": value})))
            elif word == "range":
                body, other, i = block(i)
                m = re.match(r"range\s+\$(\w+)(?:,\s*\$(\w+))?\s*:=\s*(.*)$", code)
                items = self.expr(m.group(3), scope)
                pairs = sorted(items.items()) if isinstance(items, dict) else list(enumerate(items))
                for k, v in pairs:
                    inner = dict(scope)
                    if m.group(2):
                        inner[m.group(1)], inner[m.group(2)] = k, v
                    else:
                        inner[m.group(1)] = v
                    out.append(self.render(body, inner))
            elif word.startswith("$") and ":=" in code:
                name, value = code.split(":=", 1)
                scope[name.strip()[1:]] = self.expr(value, scope)
                i += 1
            else:
                out.append(str(self.expr(code, scope)))
                i += 1
        return "".join(out)


def main():
    values = yaml.safe_load((CHART / "values.yaml").read_text())
    renderer = Renderer(values)
    documents = []
    for name in TEMPLATES:
        text = renderer.render(trim((CHART / "templates" / name).read_text()), {".": None})
        for doc in text.split("\n---"):
            if yaml.safe_load(doc):
                documents.append(doc.strip("\n-").strip("\n"))
    header = ("# Holdfast with the chart's default values in namespace holdfast; generated by\n"
              "# deploy/render-plain.py from charts/holdfast: edit the chart, then run it again.\n"
              "# kubectl create namespace holdfast && kubectl apply -f crds.yaml -f holdfast.yaml\n")
    result = header + "".join("---\n" + d + "\n" for d in documents)
    for doc in yaml.safe_load_all(result):
        if doc is not None and ("kind" not in doc or "metadata" not in doc):
            sys.exit("render-plain: a document without kind or metadata")
    (ROOT / "deploy" / "kubernetes" / "holdfast.yaml").write_text(result)
    print("rendered", len(documents), "objects")


if __name__ == "__main__":
    main()

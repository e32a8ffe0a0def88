"""The OpenAPI description made readable: each operation with its parameters, body fields
and answers, for the documentation page."""

from typing import Any


def _resolve(schema: dict, node: dict) -> dict:
    seen = 0
    while "$ref" in node and seen < 10:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema.get("components", {}).get("schemas", {}).get(name, {})
        seen += 1
    return node


def type_name(schema: dict, node: dict) -> str:
    """A short name for a JSON schema: "integer", "tekst", "liste av tekst", "a | b"."""
    node = node or {}
    if "$ref" in node:
        return node["$ref"].rsplit("/", 1)[-1]
    for combiner in ("anyOf", "oneOf"):
        if combiner in node:
            names = [type_name(schema, part) for part in node[combiner]]
            return " | ".join(dict.fromkeys(names))
    if "enum" in node:
        return " | ".join(f"«{value}»" for value in node["enum"])
    if "const" in node:
        return f"«{node['const']}»"
    kind = node.get("type", "")
    if kind == "array":
        return f"[{type_name(schema, node.get('items', {}))}]"
    if kind == "string" and node.get("format"):
        return f"string ({node['format']})"
    return str(kind or "any")


def _limits(node: dict) -> str:
    words = []
    for key, label in (
        ("minimum", "≥"),
        ("maximum", "≤"),
        ("minLength", "min. lengde"),
        ("maxLength", "maks. lengde"),
        ("maxItems", "maks. antall"),
        ("pattern", "mønster"),
    ):
        if key in node:
            words.append(f"{label} {node[key]}")
    for part in node.get("anyOf", []):
        if part.get("type") != "null":
            words.extend(w for w in [_limits(part)] if w)
    return ", ".join(words)


def _fields(schema: dict, node: dict) -> list[dict[str, Any]]:
    node = _resolve(schema, node)
    required = set(node.get("required", []))
    return [
        {
            "name": name,
            "type": type_name(schema, prop),
            "required": name in required,
            "description": prop.get("description", ""),
            "limits": _limits(prop),
        }
        for name, prop in node.get("properties", {}).items()
    ]


def describe(schema: dict) -> dict[str, Any]:
    operations = []
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            body = (
                operation.get("requestBody", {})
                .get("content", {})
                .get("application/json", {})
                .get("schema")
            )
            answers = []
            for code, answer in operation.get("responses", {}).items():
                content = answer.get("content", {})
                body_schema = next(iter(content.values()), {}).get("schema", {})
                answers.append(
                    {
                        "code": code,
                        "type": type_name(schema, body_schema) if body_schema else "",
                        "content_type": next(iter(content), ""),
                    }
                )
            operations.append(
                {
                    "id": operation.get("operationId", f"{method}-{path}"),
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "needs_token": {} not in operation.get("security", [{}]),
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "in": parameter["in"],
                            "required": parameter.get("required", False),
                            "type": type_name(schema, parameter.get("schema", {})),
                            "description": parameter.get("description", "")
                            or parameter.get("schema", {}).get("description", ""),
                            "limits": _limits(parameter.get("schema", {})),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                    "body": _fields(schema, body) if body else [],
                    "answers": answers,
                }
            )
    models = [
        {"name": name, "fields": _fields(schema, node)}
        for name, node in sorted(schema.get("components", {}).get("schemas", {}).items())
        if node.get("properties")
    ]
    return {
        "title": schema.get("info", {}).get("title", ""),
        "version": schema.get("info", {}).get("version", ""),
        "description": schema.get("info", {}).get("description", ""),
        "operations": operations,
        "models": models,
    }

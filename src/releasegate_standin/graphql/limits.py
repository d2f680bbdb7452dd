"""GitHub's GraphQL resource limits, checked before a query runs, and its rate-limit cost.

A connection whose nodes or edges are asked for needs ``first`` or ``last`` (at most 100;
``totalCount`` alone needs neither, as on GitHub); a query may ask for at most
500,000 nodes in all; and its cost is the number of connection requests it implies divided
by 100 (at least 1), as https://docs.github.com/graphql/overview/rate-limits-and-query-limits-for-the-graphql-api
describes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLBoolean,
    GraphQLError,
    GraphQLInt,
    GraphQLNamedType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
    value_from_ast,
)

MAX_PAGE = 100
MAX_NODES = 500_000


@dataclass
class Cost:
    requests: int = 0
    nodes: int = 0
    errors: list[GraphQLError] = field(default_factory=list)

    @property
    def points(self) -> int:
        return max(1, round(self.requests / 100))


def query_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any],
) -> Cost:
    """What the operation costs, with an error for each limit it breaks."""
    walker = _Walker(schema, document, variables)
    operation = walker.operation(operation_name)
    root = schema.mutation_type if operation and operation.operation.value == "mutation" else None
    if operation is not None:
        walker.walk(operation.selection_set, root or schema.query_type, 1)
    return walker.cost


class _Walker:
    def __init__(
        self, schema: GraphQLSchema, document: DocumentNode, variables: Mapping[str, Any]
    ) -> None:
        self.schema, self.variables, self.cost = schema, dict(variables), Cost()
        self.operations = [
            d for d in document.definitions if isinstance(d, OperationDefinitionNode)
        ]
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }

    def operation(self, name: str | None) -> OperationDefinitionNode | None:
        if name is None:
            return self.operations[0] if len(self.operations) == 1 else None
        return next((op for op in self.operations if op.name and op.name.value == name), None)

    def walk(self, selections: SelectionSetNode, parent: Any, multiplier: int) -> None:
        for selection in selections.selections:
            if self._skipped(selection):
                continue
            if isinstance(selection, FieldNode):
                self._field(selection, parent, multiplier)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self.schema.get_type(condition.name.value) if condition else parent
                self.walk(selection.selection_set, target, multiplier)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                if fragment is not None:
                    target = self.schema.get_type(fragment.type_condition.name.value)
                    self.walk(fragment.selection_set, target, multiplier)

    def _field(self, node: FieldNode, parent: Any, multiplier: int) -> None:
        definition = getattr(parent, "fields", {}).get(node.name.value)
        if definition is None:
            return  # __typename, or something validation has already reported
        returned: GraphQLNamedType = get_named_type(definition.type)
        if returned.name.endswith("Connection"):
            multiplier = self._connection(node, multiplier)
        if node.selection_set is not None:
            self.walk(node.selection_set, returned, multiplier)

    def _connection(self, node: FieldNode, multiplier: int) -> int:
        name = node.name.value
        first, last = self._argument(node, "first"), self._argument(node, "last")
        size = first if first is not None else last
        if size is None:
            # GitHub answers `totalCount` (or `pageInfo`) alone without a page size; it is
            # asking for nodes or edges that needs one.
            if self._asks_for_items(node.selection_set):
                self._error(
                    node,
                    "MISSING_PAGINATION_BOUNDARIES",
                    f"You must provide a `first` or `last` value to properly paginate the "
                    f"`{name}` connection.",
                )
            self.cost.requests += multiplier
            return multiplier
        if not 0 <= size <= MAX_PAGE:
            which = "first" if first is not None else "last"
            self._error(
                node,
                "EXCESSIVE_PAGINATION",
                f"Requesting {size} records on the `{name}` connection exceeds the `{which}` "
                f"limit of {MAX_PAGE} records.",
            )
            return multiplier
        self.cost.requests += multiplier
        self.cost.nodes += multiplier * size
        if self.cost.nodes > MAX_NODES and not any(
            e.extensions and e.extensions.get("type") == "MAX_NODE_LIMIT_EXCEEDED"
            for e in self.cost.errors
        ):
            self._error(
                node,
                "MAX_NODE_LIMIT_EXCEEDED",
                f"By the time this query traverses to the {name} connection, it is requesting "
                f"up to {self.cost.nodes:,} possible nodes which exceeds the maximum limit of "
                f"{MAX_NODES:,}.",
            )
        return multiplier * max(size, 1)

    def _asks_for_items(self, selections: SelectionSetNode | None) -> bool:
        for selection in selections.selections if selections else ():
            if isinstance(selection, FieldNode) and selection.name.value in ("nodes", "edges"):
                return True
            if isinstance(selection, InlineFragmentNode) and self._asks_for_items(
                selection.selection_set
            ):
                return True
            if isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                if fragment is not None and self._asks_for_items(fragment.selection_set):
                    return True
        return False

    def _argument(self, node: FieldNode, name: str) -> int | None:
        for argument in node.arguments or ():
            if argument.name.value == name:
                value = value_from_ast(argument.value, GraphQLInt, self.variables)
                return value if isinstance(value, int) else None
        return None

    def _skipped(self, node: Any) -> bool:
        for directive in node.directives or ():
            for argument in directive.arguments or ():
                value = value_from_ast(argument.value, GraphQLBoolean, self.variables)
                if directive.name.value == "include" and value is False:
                    return True
                if directive.name.value == "skip" and value is True:
                    return True
        return False

    def _error(self, node: FieldNode, kind: str, message: str) -> None:
        self.cost.errors.append(GraphQLError(message, node, extensions={"type": kind}))

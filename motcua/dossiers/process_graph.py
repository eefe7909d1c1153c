"""The shape of an internal process as a pure graph: validation and the critical path.

Assumptions:
- Nodes are step keys; `None` stands for BẮT ĐẦU (as an edge source) and KẾT THÚC (as a target).
- Edges are the transitions taken on `approve`. Several edges out of a step fork parallel
  branches; a step with several incoming edges waits for all of them (join).
- Going back ("return") is an outcome handled at run time, never an edge, so the approve graph
  must be acyclic.
- A working day is 8 working hours. Calendar days and months have no exact conversion.

No Django import: this module is unit-tested without a database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cached_property
from typing import Any

HOURS_PER_WORKING_DAY = Decimal(8)
# Mirrors motcua.dossiers.models.Outcome (a test keeps them equal).
KNOWN_OUTCOMES = frozenset({"approve", "return", "supplement", "refuse", "forward"})
START_LABEL = "BẮT ĐẦU"
END_LABEL = "KẾT THÚC"

Node = str | None
Edge = tuple[Node, Node]


@dataclass(frozen=True)
class Step:
    key: str
    allotted_hours: Decimal = Decimal(0)
    outcomes: tuple[str, ...] = ("approve",)


@dataclass(frozen=True)
class Graph:
    """Steps (in their display order) and approve edges. Immutable, so safe to cache."""

    steps: tuple[Step, ...] = ()
    edges: tuple[Edge, ...] = ()

    @cached_property
    def by_key(self) -> dict[str, Step]:
        """First step of each key (duplicates are reported by `validate`)."""
        out: dict[str, Step] = {}
        for step in self.steps:
            out.setdefault(step.key, step)
        return out

    @cached_property
    def out_edges(self) -> dict[Node, list[Node]]:
        return _adjacency((s, t) for s, t in self.edges)

    @cached_property
    def in_edges(self) -> dict[Node, list[Node]]:
        return _adjacency((t, s) for s, t in self.edges)


def _adjacency(pairs: Iterable[Edge]) -> dict[Node, list[Node]]:
    adj: dict[Node, list[Node]] = {}
    for a, b in pairs:
        targets = adj.setdefault(a, [])
        if b not in targets:
            targets.append(b)
    return adj


def build(steps: Iterable[Step], edges: Iterable[Edge]) -> Graph:
    return Graph(steps=tuple(steps), edges=tuple(edges))


def graph_from_dicts(
    steps: Iterable[Mapping[str, Any]], edges: Iterable[Mapping[str, Any]]
) -> Graph:
    """Build a graph from the service/JSON shape: steps {key, allotted_hours, outcomes, ...},
    edges {source, target}. Raises ValueError (Vietnamese) on a malformed item."""
    return build(
        (_step_from_dict(s) for s in steps),
        ((_node(e, "source"), _node(e, "target")) for e in edges),
    )


def _step_from_dict(data: Mapping[str, Any]) -> Step:
    key = data.get("key")
    if not isinstance(key, str) or not key:
        raise ValueError(f"Bước thiếu mã (key): {dict(data)!r}.")
    outcomes = data.get("outcomes", ["approve"])
    if not isinstance(outcomes, list | tuple) or not all(isinstance(o, str) for o in outcomes):
        raise ValueError(f"Kết quả cho phép của bước '{key}' phải là danh sách chuỗi.")
    return Step(key, parse_hours(data.get("allotted_hours"), key), tuple(outcomes))


def parse_hours(value: Any, key: str = "?") -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ValueError(f"Thời gian của bước '{key}' không hợp lệ: {value!r}.")
    try:
        hours = Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError(f"Thời gian của bước '{key}' không hợp lệ: {value!r}.") from exc
    if not hours.is_finite():
        raise ValueError(f"Thời gian của bước '{key}' không hợp lệ: {value!r}.")
    return hours


def _node(edge: Mapping[str, Any], end: str) -> Node:
    if end not in edge:
        raise ValueError(f"Chuyển bước thiếu '{end}': {dict(edge)!r}.")
    value = edge[end]
    if value is not None and (not isinstance(value, str) or not value):
        raise ValueError(f"Chuyển bước có '{end}' không hợp lệ: {value!r}.")
    return value


# --- navigation -------------------------------------------------------------------------------


def successors(graph: Graph, key: Node) -> list[Node]:
    """Targets of the approve edges out of `key` (`None` = start); `None` in the result = end."""
    return list(graph.out_edges.get(key, []))


def predecessors(graph: Graph, key: Node) -> list[Node]:
    """Sources of the edges into `key` (`None` = end); `None` in the result = start."""
    return list(graph.in_edges.get(key, []))


def start_steps(graph: Graph) -> list[str]:
    return [k for k in successors(graph, None) if k is not None]


def end_steps(graph: Graph) -> list[str]:
    """Steps whose approval can finish the process."""
    return [k for k in predecessors(graph, None) if k is not None]


def is_join(graph: Graph, key: str) -> bool:
    """True when `key` waits for several predecessors (a parallel join)."""
    return len(predecessors(graph, key)) > 1


def is_fork(graph: Graph, key: str) -> bool:
    return len(successors(graph, key)) > 1


def label(node: Node, *, as_source: bool) -> str:
    if node is None:
        return START_LABEL if as_source else END_LABEL
    return f"'{node}'"


# --- reachability and cycles ------------------------------------------------------------------


def _reach(adj: Mapping[Node, list[Node]], origin: Node) -> set[Node]:
    """Nodes reachable from `origin` following `adj` (origin excluded unless on a cycle)."""
    seen: set[Node] = set()
    stack = list(adj.get(origin, []))
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        if node is not None:
            stack.extend(adj.get(node, []))
    return seen


def reachable_from_start(graph: Graph) -> set[str]:
    return {k for k in _reach(graph.out_edges, None) if k is not None}


def reaching_end(graph: Graph) -> set[str]:
    return {k for k in _reach(graph.in_edges, None) if k is not None}


def find_cycle(graph: Graph) -> list[str] | None:
    """One cycle among the step edges as [a, b, ..., a], or None when acyclic."""
    colour: dict[str, int] = {}  # 1 = on the stack, 2 = done
    for root in graph.by_key:
        if root not in colour:
            cycle = _cycle_from(graph, root, colour)
            if cycle:
                return cycle
    return None


def _cycle_from(graph: Graph, root: str, colour: dict[str, int]) -> list[str] | None:
    path: list[str] = [root]
    iters = [iter(_step_successors(graph, root))]
    colour[root] = 1
    while iters:
        nxt = next(iters[-1], None)
        if nxt is None:
            colour[path.pop()] = 2
            iters.pop()
        elif colour.get(nxt) == 1:
            return [*path[path.index(nxt) :], nxt]
        elif nxt not in colour:
            colour[nxt] = 1
            path.append(nxt)
            iters.append(iter(_step_successors(graph, nxt)))
    return None


def _step_successors(graph: Graph, key: str) -> list[str]:
    return [t for t in graph.out_edges.get(key, []) if t is not None and t in graph.by_key]


def topological_order(graph: Graph) -> list[str]:
    """Step keys so that every edge goes forward. Raises ValueError on a cycle."""
    indegree = dict.fromkeys(graph.by_key, 0)
    for key in graph.by_key:
        for target in _step_successors(graph, key):
            indegree[target] += 1
    ready = [k for k in graph.by_key if indegree[k] == 0]
    order: list[str] = []
    while ready:
        key = ready.pop(0)
        order.append(key)
        for target in _step_successors(graph, key):
            indegree[target] -= 1
            if indegree[target] == 0:
                ready.append(target)
    if len(order) != len(indegree):
        raise ValueError("Quy trình có vòng lặp, không tính được đường găng.")
    return order


# --- validation -------------------------------------------------------------------------------


def _check_steps_exist(graph: Graph) -> list[str]:
    return [] if graph.steps else ["Quy trình chưa có bước nào."]


def _check_duplicates(graph: Graph) -> list[str]:
    seen: set[str] = set()
    problems: list[str] = []
    for step in graph.steps:
        if step.key in seen:
            problems.append(f"Mã bước '{step.key}' bị trùng.")
        seen.add(step.key)
    return problems


def _check_edges(graph: Graph) -> list[str]:
    problems: list[str] = []
    seen: set[Edge] = set()
    for source, target in graph.edges:
        for node in (source, target):
            if node is not None and node not in graph.by_key:
                problems.append(f"Chuyển bước tham chiếu bước không tồn tại: '{node}'.")
        if source is None and target is None:
            problems.append(f"Không được chuyển thẳng từ {START_LABEL} tới {END_LABEL}.")
        if (source, target) in seen:
            problems.append(
                f"Chuyển bước {label(source, as_source=True)} → "
                f"{label(target, as_source=False)} bị lặp."
            )
        seen.add((source, target))
    return problems


def _check_outcomes(graph: Graph) -> list[str]:
    problems: list[str] = []
    for step in graph.steps:
        unknown = [o for o in step.outcomes if o not in KNOWN_OUTCOMES]
        if unknown:
            problems.append(
                f"Bước '{step.key}' có kết quả không hợp lệ: {', '.join(unknown)} "
                f"(cho phép: {', '.join(sorted(KNOWN_OUTCOMES))})."
            )
        if "approve" not in step.outcomes:
            problems.append(f"Bước '{step.key}' thiếu kết quả 'approve' nên không thể chuyển tiếp.")
        if step.allotted_hours < 0:
            problems.append(f"Thời gian của bước '{step.key}' không được âm.")
    return problems


def _check_reachability(graph: Graph) -> list[str]:
    if not graph.steps:
        return []
    if not start_steps(graph):
        return [f"Quy trình chưa có bước bắt đầu (cần chuyển bước từ {START_LABEL})."]
    problems: list[str] = []
    if None not in _reach(graph.out_edges, None):
        problems.append(f"Không có đường đi từ {START_LABEL} tới {END_LABEL}.")
    from_start, to_end = reachable_from_start(graph), reaching_end(graph)
    for key in graph.by_key:
        if key not in from_start:
            problems.append(f"Bước '{key}' không thể tới được từ {START_LABEL} (bước mồ côi).")
        elif key not in to_end:
            problems.append(f"Từ bước '{key}' không thể tới {END_LABEL}.")
    return problems


def _check_cycles(graph: Graph) -> list[str]:
    cycle = find_cycle(graph)
    if cycle is None:
        return []
    return [
        f"Quy trình có vòng lặp: {' → '.join(cycle)}. Trả lại bước trước là kết quả 'return' "
        "của bước, không phải một chuyển bước."
    ]


CHECKS: tuple[Callable[[Graph], list[str]], ...] = (
    _check_steps_exist,
    _check_duplicates,
    _check_edges,
    _check_outcomes,
    _check_reachability,
    _check_cycles,
)


def storage_problems(graph: Graph) -> list[str]:
    """Problems that prevent storing the graph as rows at all: duplicate keys, edges to steps
    that do not exist. (Drafts may otherwise be incomplete; `validate` runs at publish.)"""
    dangling = sorted(
        {n for e in graph.edges for n in e if n is not None and n not in graph.by_key}
    )
    return _check_duplicates(graph) + [
        f"Chuyển bước tham chiếu bước không tồn tại: '{n}'." for n in dangling
    ]


def validate(graph: Graph) -> list[str]:
    """Every problem that prevents publishing, in Vietnamese; empty when the graph is sound."""
    return [problem for check in CHECKS for problem in check(graph)]


# --- time -------------------------------------------------------------------------------------


def critical_path_hours(graph: Graph) -> Decimal:
    """The longest BẮT ĐẦU → KẾT THÚC path by the sum of allotted hours: parallel branches
    count with the longest of them, since a join waits for all. Edges to unknown steps are
    ignored; 0 when no path reaches the end. Raises ValueError on a cycle."""
    best: dict[str, Decimal] = {}
    for key in topological_order(graph):
        preds = [p for p in predecessors(graph, key) if p is None or p in best]
        if preds:
            before = max(Decimal(0) if p is None else best[p] for p in preds)
            best[key] = before + graph.by_key[key].allotted_hours
    finals = [best[k] for k in end_steps(graph) if k in best]
    return max(finals, default=Decimal(0))


def working_hours_of(value: Decimal, unit: str) -> Decimal | None:
    """A procedure time limit in working hours; None for calendar days/months (no exact rule)."""
    if unit == "working_days":
        return value * HOURS_PER_WORKING_DAY
    if unit == "hours":
        return value
    return None

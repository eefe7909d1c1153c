"""`motcua.dossiers.process_graph`: pure validation and critical path, no database."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.dossiers import process_graph as pg
from motcua.dossiers.models import Outcome
from motcua.dossiers.process_graph import Edge, Graph, Step


def graph(hours: dict[str, int | str], edges: list[Edge]) -> Graph:
    return pg.build((Step(k, Decimal(str(h))) for k, h in hours.items()), edges)


LINEAR = graph(
    {"a": 1, "b": 2, "c": 3},
    [(None, "a"), ("a", "b"), ("b", "c"), ("c", None)],
)
# a forks to b (10 h) and c (4 h), both join at d.
DIAMOND = graph(
    {"a": 1, "b": 10, "c": 4, "d": 2},
    [(None, "a"), ("a", "b"), ("a", "c"), ("b", "d"), ("c", "d"), ("d", None)],
)


def test_known_outcomes_mirror_the_model_choices() -> None:
    assert frozenset(Outcome.values) == pg.KNOWN_OUTCOMES


def test_sound_graphs_have_no_problems() -> None:
    assert pg.validate(LINEAR) == []
    assert pg.validate(DIAMOND) == []


def test_navigation() -> None:
    assert pg.start_steps(DIAMOND) == ["a"]
    assert pg.successors(DIAMOND, None) == ["a"]
    assert pg.successors(DIAMOND, "a") == ["b", "c"]
    assert pg.successors(DIAMOND, "d") == [None]
    assert pg.predecessors(DIAMOND, "a") == [None]
    assert pg.predecessors(DIAMOND, "d") == ["b", "c"]
    assert pg.end_steps(DIAMOND) == ["d"]
    assert pg.is_join(DIAMOND, "d")
    assert not pg.is_join(DIAMOND, "b")
    assert pg.is_fork(DIAMOND, "a")


def test_critical_path_takes_the_longest_parallel_branch() -> None:
    assert pg.critical_path_hours(LINEAR) == Decimal(6)
    assert pg.critical_path_hours(DIAMOND) == Decimal(13)


def test_critical_path_with_fractional_hours() -> None:
    g = graph({"a": "0.5", "b": "1.25"}, [(None, "a"), ("a", "b"), ("b", None)])
    assert pg.critical_path_hours(g) == Decimal("1.75")


def test_critical_path_refuses_a_cycle() -> None:
    g = graph({"a": 1, "b": 1}, [(None, "a"), ("a", "b"), ("b", "a"), ("b", None)])
    with pytest.raises(ValueError, match="vòng lặp"):
        pg.critical_path_hours(g)


def test_no_start_edge() -> None:
    problems = pg.validate(graph({"a": 1}, [("a", None)]))
    assert problems == ["Quy trình chưa có bước bắt đầu (cần chuyển bước từ BẮT ĐẦU)."]


def test_end_not_reachable() -> None:
    problems = pg.validate(graph({"a": 1, "b": 1}, [(None, "a"), ("a", "b")]))
    assert "Không có đường đi từ BẮT ĐẦU tới KẾT THÚC." in problems
    assert "Từ bước 'b' không thể tới KẾT THÚC." in problems


def test_orphan_step() -> None:
    g = graph({"a": 1, "x": 1}, [(None, "a"), ("a", None), ("x", None)])
    assert pg.validate(g) == ["Bước 'x' không thể tới được từ BẮT ĐẦU (bước mồ côi)."]


def test_dead_end_step() -> None:
    g = graph({"a": 1, "b": 1}, [(None, "a"), ("a", None), ("a", "b")])
    assert pg.validate(g) == ["Từ bước 'b' không thể tới KẾT THÚC."]


def test_cycle_among_approve_edges() -> None:
    g = graph(
        {"a": 1, "b": 1, "c": 1},
        [(None, "a"), ("a", "b"), ("b", "c"), ("c", "a"), ("c", None)],
    )
    problems = pg.validate(g)
    assert len(problems) == 1
    assert problems[0].startswith("Quy trình có vòng lặp: a → b → c → a.")
    assert pg.find_cycle(g) == ["a", "b", "c", "a"]


def test_self_loop_is_a_cycle() -> None:
    g = graph({"a": 1}, [(None, "a"), ("a", "a"), ("a", None)])
    assert pg.find_cycle(g) == ["a", "a"]


def test_unknown_outcomes_and_missing_approve() -> None:
    g = pg.build([Step("a", Decimal(1), ("approve", "bounce")), Step("b", Decimal(1), ("return",))],
                 [(None, "a"), ("a", "b"), ("b", None)])  # fmt: skip
    problems = pg.validate(g)
    assert any("'a' có kết quả không hợp lệ: bounce" in p for p in problems)
    assert "Bước 'b' thiếu kết quả 'approve' nên không thể chuyển tiếp." in problems


def test_duplicate_keys_unknown_edges_and_negative_hours() -> None:
    g = pg.build(
        [Step("a", Decimal(1)), Step("a", Decimal(2)), Step("b", Decimal(-1))],
        [(None, "a"), ("a", "b"), ("a", "b"), ("b", "zz"), ("b", None), (None, None)],
    )
    problems = pg.validate(g)
    assert "Mã bước 'a' bị trùng." in problems
    assert "Chuyển bước tham chiếu bước không tồn tại: 'zz'." in problems
    assert "Chuyển bước 'a' → 'b' bị lặp." in problems
    assert "Không được chuyển thẳng từ BẮT ĐẦU tới KẾT THÚC." in problems
    assert "Thời gian của bước 'b' không được âm." in problems


def test_empty_graph() -> None:
    assert pg.validate(Graph()) == ["Quy trình chưa có bước nào."]
    assert pg.critical_path_hours(Graph()) == 0


def test_graph_from_dicts() -> None:
    g = pg.graph_from_dicts(
        [{"key": "a", "allotted_hours": "2.5", "outcomes": ["approve", "return"]}],
        [{"source": None, "target": "a"}, {"source": "a", "target": None}],
    )
    assert g.steps == (Step("a", Decimal("2.5"), ("approve", "return")),)
    assert pg.critical_path_hours(g) == Decimal("2.5")


@pytest.mark.parametrize(
    ("steps", "edges", "message"),
    [
        ([{"allotted_hours": 1}], [], "thiếu mã"),
        ([{"key": "a", "allotted_hours": "x"}], [], "không hợp lệ"),
        ([{"key": "a", "allotted_hours": None}], [], "không hợp lệ"),
        ([{"key": "a", "allotted_hours": 1, "outcomes": "approve"}], [], "danh sách"),
        ([], [{"source": None}], "thiếu 'target'"),
        ([], [{"source": 3, "target": None}], "'source' không hợp lệ"),
    ],
)
def test_graph_from_dicts_rejects_malformed_items(
    steps: list[dict[str, object]], edges: list[dict[str, object]], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        pg.graph_from_dicts(steps, edges)


@pytest.mark.parametrize(
    ("value", "unit", "hours"),
    [
        (Decimal(5), "working_days", Decimal(40)),
        (Decimal("0.5"), "working_days", Decimal(4)),
        (Decimal(4), "hours", Decimal(4)),
        (Decimal(15), "days", None),
        (Decimal(1), "months", None),
    ],
)
def test_working_hours_of(value: Decimal, unit: str, hours: Decimal | None) -> None:
    assert pg.working_hours_of(value, unit) == hours


# --- property: longest path equals brute force on random DAGs --------------------------------


@st.composite
def random_dags(draw: st.DrawFn) -> Graph:
    n = draw(st.integers(min_value=1, max_value=7))
    keys = [f"s{i}" for i in range(n)]
    hours = draw(st.lists(st.integers(0, 40), min_size=n, max_size=n))
    pairs = [(keys[i], keys[j]) for i in range(n) for j in range(i + 1, n)]
    inner = [p for p in pairs if draw(st.booleans())]
    starts = [(None, k) for k in keys if draw(st.booleans())]
    ends = [(k, None) for k in keys if draw(st.booleans())]
    edges: list[Edge] = [*starts, *inner, *ends]
    order = draw(st.permutations(keys))  # the steps' listing order must not matter
    by_key = dict(zip(keys, hours, strict=True))
    return pg.build((Step(k, Decimal(by_key[k])) for k in order), edges)


def brute_force_longest(g: Graph) -> Decimal:
    best = Decimal(0)
    stack: list[tuple[str | None, Decimal]] = [(None, Decimal(0))]
    while stack:
        node, total = stack.pop()
        for nxt in pg.successors(g, node):
            if nxt is None:
                best = max(best, total)
            else:
                stack.append((nxt, total + g.by_key[nxt].allotted_hours))
    return best


@settings(max_examples=300, deadline=None)
@given(random_dags())
def test_critical_path_matches_brute_force(g: Graph) -> None:
    assert pg.find_cycle(g) is None
    assert pg.critical_path_hours(g) == brute_force_longest(g)


@settings(max_examples=200, deadline=None)
@given(random_dags())
def test_sound_dags_have_every_step_on_a_start_to_end_path(g: Graph) -> None:
    if pg.validate(g) == []:
        for key in g.by_key:
            assert key in pg.reachable_from_start(g)
            assert key in pg.reaching_end(g)
        assert pg.critical_path_hours(g) >= max(s.allotted_hours for s in g.steps)

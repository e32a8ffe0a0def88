import pytest

from .factories import make_action, make_goal, make_process, make_strategy


@pytest.fixture
def process(db):
    return make_process()


@pytest.fixture
def goal(process):
    return make_goal(process)


@pytest.fixture
def strategy(goal):
    return make_strategy(goal)


@pytest.fixture
def action(strategy):
    return make_action(strategy)

"""Factories for import tests: the input factories, made through the services."""

from sammen.inputs.tests.factories import (
    make_activity,
    make_focus_area,
    make_input,
    make_method,
    make_process,
)

__all__ = ["make_activity", "make_focus_area", "make_input", "make_method", "make_process"]

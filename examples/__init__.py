"""The fictional example dataset and a generator of larger synthetic data with known truth.

``examples/debriefs`` and ``examples/tables`` hold a small, hand-written network whose
ground truth is ``examples/ground_truth.yaml``; :mod:`casegraph.examples.generator` writes person
records and whole datasets of any size with their truth, for tests and benchmarks.
"""

from casegraph.examples.dataset import generate_dataset
from casegraph.examples.people import generate_person_records

__all__ = ["generate_dataset", "generate_person_records"]

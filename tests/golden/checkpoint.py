#!/usr/bin/env python3
"""PyTorch's own checkpoint formats, which torch.load must name rather than misread.

Run:  /usr/bin/python3 tests/golden/checkpoint.py
Writes tests/golden/checkpoint.pt (torch.save's zip format) and
tests/golden/checkpoint_legacy.pt (its legacy pickle format).
"""
import os

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
state = {"w": torch.tensor([1.0, 2.0])}
torch.save(state, os.path.join(HERE, "checkpoint.pt"))
torch.save(state, os.path.join(HERE, "checkpoint_legacy.pt"), _use_new_zipfile_serialization=False)

#!/usr/bin/env python3
"""Run our own reference cases (tests/cases, made by tests/reference/cli_cases.R)
with the shared checker ../shared/reference/check.py, which reads cases beside
itself: we point it at tests/ instead.  usage: check_cases.py FKSTAT GROUP..."""
import importlib.util, os, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
checker = os.path.join(root, "..", "shared", "reference", "check.py")
spec = importlib.util.spec_from_file_location("check", checker)
check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check)
check.HERE = os.path.join(root, "tests")
check.main()

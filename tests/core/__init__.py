"""Tests of the modules every stage uses: artifacts.py (the files stages hand each other),
registry.py (plugins), timephrase.py."""

"""Installs the app package without a bench, so `pytest` can import `syndic_maroc.core`.

The bench installs the same package with `pip install -e apps/syndic_maroc` (flit); this file
exists for the core tests on a clean clone, which need neither Frappe nor a site.
"""

from setuptools import find_packages, setup

setup(
	name="syndic_maroc_bench",
	version="0.1.0",
	package_dir={"": "apps/syndic_maroc"},
	packages=find_packages("apps/syndic_maroc", include=["syndic_maroc", "syndic_maroc.*"]),
	python_requires=">=3.10",
)

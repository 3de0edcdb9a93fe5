"""Transactions of the money cycle's background jobs (call issuing, notices).

A job commits its progress piece by piece (a batch of invoices, one notice) so a failure loses
at most one piece and a retry completes it. Tests run in one transaction that they roll back:
there the commits are skipped and a deadlock is raised, not retried.
"""

import random
import time

import frappe


def commit() -> None:
	"""Make a piece of work durable (skipped in tests: they keep their single transaction)."""
	if not frappe.flags.in_test:
		frappe.db.commit()


def rollback() -> None:
	if not frappe.flags.in_test:
		frappe.db.rollback()


def deadlock_pause(attempt: int, attempts: int) -> None:
	"""A deadlock with a parallel worker: roll back and wait a little before trying again, or
	raise when out of attempts (and always in tests)."""
	if frappe.flags.in_test or attempt >= attempts:
		raise
	frappe.db.rollback()
	time.sleep(random.uniform(0.05, 0.3) * attempt)


def call_progress(call_name: str, done: int, total: int, title: str, description: str | None = None) -> None:
	"""The progress bar on the Call for Funds form (issuing, notices, cancelling)."""
	frappe.publish_progress(
		done * 100 / total if total else 100,
		title=title,
		doctype="Call for Funds",
		docname=call_name,
		description=description,
	)

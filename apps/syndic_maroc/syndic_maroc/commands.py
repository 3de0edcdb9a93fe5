"""Bench commands of syndic_maroc (Frappe discovers the `commands` list of `<app>.commands`)."""

import click
from frappe.commands import get_site, pass_context


@click.command("syndic-demo")
@click.option(
	"--reset", is_flag=True, default=False, help="Delete the demo records first, then load them again"
)
@click.option(
	"--no-books",
	is_flag=True,
	default=False,
	help="The registry only: no budget, call, payment, supplier invoice or reminder",
)
@pass_context
def syndic_demo(context, reset=False, no_books=False):
	"""Load the demo résidences (Casablanca, Marrakech) and their books of the current fiscal
	year; running it twice creates nothing twice."""
	import frappe

	from syndic_maroc.demo.loader import load

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	# messages in the site's language (the desk's default), not the CLI's English
	frappe.local.lang = frappe.db.get_single_value("System Settings", "language") or "fr"
	try:
		load(reset=reset, books=not no_books)
	finally:
		frappe.destroy()


@click.command("syndic-reindex")
@click.option("--residence", default=None, help="Only the documents of this Residence")
@click.option("--force", is_flag=True, default=False, help="Embed again even the unchanged documents")
@pass_context
def syndic_reindex(context, residence=None, force=False):
	"""Rebuild the assistant's document index (vector store) from the site: every File attached to
	a source record and every read Incoming Document; prints the chunks written per second.
	Run it after changing the embedder (site config syndic_assistant_embedder)."""
	import frappe

	from syndic_maroc.assistant.indexer import reindex

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		reindex(residence=residence, force=force, echo=click.echo)
	finally:
		frappe.destroy()


commands = [syndic_demo, syndic_reindex]

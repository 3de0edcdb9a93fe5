"""Zéro saisie on a real site: generated Moroccan documents go through the File hook and the real
job function (the reading pipeline, matching, duplicates, preview), then approval creates the
ERPNext drafts.

A module fixture commits one résidence (company with the décret 2.23.700 chart, RIB, three
co-owners) and two suppliers, and removes them at the end. Every test runs inside the `db`
fixture's rollback: the job's commits are switched off (`no_commit`) and nothing is queued
(`frappe.flags.intake_no_enqueue`); the job function is called synchronously. The last test
really queues a document on `ocr` and waits for the running worker (skipped without one).
"""

import json
import random
import sys
import threading
import time
import uuid
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
if str(REPO) not in sys.path:
	sys.path.insert(0, str(REPO))

for _mod in ("reportlab", "pypdfium2", "PIL"):
	pytest.importorskip(_mod, reason=f"{_mod} (requirements-intake.txt) is needed for the intake corpus")

from tests.corpus import invoices, statements, utility

pytestmark = pytest.mark.site

DT = "Incoming Document"


def uid() -> str:
	return uuid.uuid4().hex[:6].upper()


def digits(rng: random.Random, n: int) -> str:
	return "".join(str(rng.randint(0, 9)) for _ in range(n))


# --- fixtures ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def res(site):
	from syndic_maroc.core.identifiers import compute_rib_key

	frappe = site
	frappe.db.rollback()
	frappe.set_user("Administrator")
	tag = uid()
	rng = random.Random(tag)
	first22 = "007780" + digits(rng, 16)
	rib = first22 + compute_rib_key(first22)
	residence = frappe.get_doc(
		{
			"doctype": "Residence",
			"residence_name": f"Résidence Intake {tag}",
			"abbr": f"I{tag}",
			"total_tantiemes": 1000,
			"bank_name": "Attijariwafa bank",
			"rib": rib,
		}
	).insert()
	owners = [
		frappe.get_doc(
			{
				"doctype": "Co-owner",
				"full_name": f"{name} {tag}",
				"email": f"o{i}.{tag.lower()}@example.ma",
			}
		).insert()
		for i, name in enumerate(("Karim Zemmouri", "Salma Berrada", "Omar Chraibi"))
	]
	group = frappe.db.get_value("Supplier Group", {"is_group": 0}, "name")
	ice = "00" + digits(rng, 13)
	cleaning = frappe.get_doc(
		{
			"doctype": "Supplier",
			"supplier_name": f"Nettoyage Al Amane {tag}",
			"supplier_group": group,
			"supplier_ice": ice,
			"service_category": "Cleaning",
		}
	).insert()
	created_redal = None
	if not frappe.db.exists("Supplier", "Redal"):
		created_redal = frappe.get_doc(
			{
				"doctype": "Supplier",
				"supplier_name": "Redal",
				"supplier_group": group,
				"service_category": "Utility Distributor",
			}
		).insert()
	frappe.db.commit()
	yield frappe._dict(
		name=residence.name,
		company=residence.company,
		rib=rib,
		tag=tag,
		owners=owners,
		supplier=cleaning.name,
		supplier_ice=ice,
	)
	frappe.db.rollback()
	steps = [(DT, name) for name in frappe.get_all(DT, filters={"residence": residence.name}, pluck="name")]
	steps += [("Co-owner", owner.name) for owner in owners] + [("Supplier", cleaning.name)]
	if created_redal:
		steps.append(("Supplier", created_redal.name))
	steps += [("Residence", residence.name), ("Company", residence.company)]
	for doctype, name in steps:  # each on its own: one failure must not leave the rest behind
		try:
			if frappe.db.exists(doctype, name):
				frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
				frappe.db.commit()
		except Exception as e:
			frappe.db.rollback()
			print(f"cleanup: could not delete {doctype} {name}: {e}")


@pytest.fixture
def sync(db, monkeypatch):
	"""The job runs in the test's transaction: no commit, nothing queued."""
	from syndic_maroc.intake import jobs

	monkeypatch.setattr(jobs, "_commit", lambda: None)
	db.flags.intake_no_enqueue = True
	yield db
	db.flags.intake_no_enqueue = False


@pytest.fixture
def no_llm(monkeypatch):
	"""Ollama configured but down (nothing listens on port 9)."""
	_with_ollama(monkeypatch, "http://127.0.0.1:9")


def _with_ollama(monkeypatch, host, **settings):
	from syndic_maroc.intake import jobs

	real_config, real_settings = jobs.intake_config, jobs.get_settings

	def config(s=None):
		cfg = real_config(s)
		cfg.ollama_host, cfg.ollama_timeout = host, 5.0
		return cfg

	def get_settings():
		s = real_settings()
		if settings:
			s = type(s)(s.as_dict())
			s.update(settings)
		return s

	monkeypatch.setattr(jobs, "intake_config", config)
	monkeypatch.setattr(jobs, "get_settings", get_settings)


class FakeOllama:
	"""An Ollama /api/chat that answers with the ground truth of the document being read."""

	def __init__(self):
		self.answer: dict = {}
		self.requests: list[dict] = []  # the /api/chat bodies received
		fake = self

		class Handler(BaseHTTPRequestHandler):
			def log_message(self, *args):
				pass

			def do_GET(self):
				self._send({"models": []})

			def do_POST(self):
				fake.requests.append(
					json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
				)
				self._send(
					{
						"message": {
							"role": "assistant",
							"content": json.dumps(fake.answer),
						},
						"done": True,
					}
				)

			def _send(self, payload):
				body = json.dumps(payload).encode()
				self.send_response(200)
				self.send_header("Content-Type", "application/json")
				self.send_header("Content-Length", str(len(body)))
				self.end_headers()
				self.wfile.write(body)

		self.server = HTTPServer(("127.0.0.1", 0), Handler)
		self.host = f"http://127.0.0.1:{self.server.server_port}"
		threading.Thread(target=self.server.serve_forever, daemon=True).start()

	def close(self):
		self.server.shutdown()


# --- documents -----------------------------------------------------------------------------------


def make_invoice(res, tmp_path, i=1, **override) -> tuple[Path, dict]:
	truth = invoices.make(random.Random(f"{res.tag}-inv-{i}"), i)  # i % 8 == 1: NETTOYAGE AL AMANE
	truth.update(
		ice=res.supplier_ice,
		customer_name=f"Syndicat des copropriétaires {res.name}",
		invoice_number=f"F2025-{random.Random(f'{res.tag}{i}').randint(1000, 9999)}",
		**override,
	)
	path = tmp_path / f"invoice_{i}.pdf"
	invoices.draw(truth, path)
	return path, truth


def make_bill(res, tmp_path) -> tuple[Path, dict]:
	truth = utility.make(random.Random(f"{res.tag}-bill"), 2)  # Redal
	path = tmp_path / "bill.pdf"
	utility.draw(truth, path)
	return path, truth


def make_statement(res, tmp_path, lines: list[dict]) -> tuple[Path, dict]:
	"""A 20-line Attijariwafa statement on the résidence's RIB, with `lines` put in it."""
	truth = statements.make(random.Random(f"{res.tag}-stmt"), 0, n_lines=20)
	truth["rib"] = res.rib
	txns = truth["transactions"]
	for k, extra in zip((3, 7, 12), lines, strict=False):
		txns[k].update(
			label=extra["label"],
			credit=extra["credit"],
			debit=None,
			reference=extra.get("reference", ""),
		)
	debit = sum(Decimal(t["debit"] or 0) for t in txns)
	credit = sum(Decimal(t["credit"] or 0) for t in txns)
	truth["total_debit"], truth["total_credit"] = str(debit), str(credit)
	truth["closing_balance"] = str(Decimal(truth["opening_balance"]) + credit - debit)
	path = tmp_path / "statement.pdf"
	statements.draw(truth, path)
	return path, truth


def upload(frappe, path: Path, residence: str | None = None, content: bytes | None = None):
	"""An Incoming Document with the file attached to it, as the form does; returns its name."""
	doc = frappe.get_doc({"doctype": DT, "residence": residence}).insert()
	frappe.get_doc(
		{
			"doctype": "File",
			"file_name": path.name,
			"attached_to_doctype": DT,
			"attached_to_name": doc.name,
			"attached_to_field": "file",
			"is_private": 1,
			"content": content if content is not None else path.read_bytes(),
		}
	).insert()
	assert frappe.db.get_value(DT, doc.name, "file"), "the File hook sets the document's file"
	return doc.name


def read(frappe, name: str):
	from syndic_maroc.intake.jobs import process_incoming_document

	process_incoming_document(name)
	return frappe.get_doc(DT, name)


def sales_invoice(frappe, res, owner, amount) -> str:
	"""A submitted co-owner invoice (a call for funds) in the résidence's company."""

	def acc(number):
		return frappe.db.get_value("Account", {"company": res.company, "account_number": number}, "name")

	si = frappe.get_doc(
		{
			"doctype": "Sales Invoice",
			"customer": owner.customer,
			"company": res.company,
			"debit_to": acc("3421"),
			"disable_rounded_total": 1,
			"due_date": frappe.utils.add_days(frappe.utils.nowdate(), 30),
			"items": [
				{
					"item_name": "Appel de fonds",
					"qty": 1,
					"rate": amount,
					"income_account": acc("7111"),
					"uom": frappe.db.get_value("UOM", {}, "name"),
				}
			],
		}
	).insert()
	si.submit()
	return si.name


# --- tests ---------------------------------------------------------------------------------------


def test_digital_invoice_is_read_then_approved_as_a_draft_purchase_invoice(sync, res, tmp_path, no_llm):
	frappe = sync
	path, truth = make_invoice(res, tmp_path)
	doc = read(frappe, upload(frappe, path))  # no résidence given: found from the text

	assert doc.status == "To Review", doc.failure_reason  # LLM down → always reviewed
	assert doc.doc_class == "Supplier Invoice" and doc.engine == "text" and doc.file_hash and doc.pages == 1
	assert doc.residence == res.name and doc.company == res.company
	assert doc.supplier == res.supplier  # by ICE
	assert doc.supplier_ice == res.supplier_ice
	assert doc.invoice_number == truth["invoice_number"]
	assert str(doc.invoice_date) == truth["invoice_date"]
	assert Decimal(str(doc.total_ht)) == Decimal(truth["total_ht"])
	assert Decimal(str(doc.total_tva)) == Decimal(truth["total_tva"])
	assert Decimal(str(doc.total_ttc)) == Decimal(truth["total_ttc"])
	assert doc.expense_account == frappe.db.get_value(
		"Account", {"company": res.company, "account_number": "6131"}
	)
	assert doc.llm_status == "Unavailable" and doc.preview_image and doc.confidence > 0
	assert json.loads(doc.extracted_json)["doc_class"] == "supplier_invoice"
	assert "invoice_number" in json.loads(doc.field_confidence)

	from syndic_maroc.api.intake import approve

	created = approve(doc.name)
	doc.reload()
	assert (doc.status, doc.reference_doctype, doc.reference_name) == (
		"Approved",
		"Purchase Invoice",
		created["name"],
	)
	pi = frappe.get_doc("Purchase Invoice", created["name"])
	assert pi.docstatus == 0 and pi.company == res.company and pi.supplier == res.supplier
	assert pi.bill_no == truth["invoice_number"] and str(pi.bill_date) == truth["invoice_date"]
	assert Decimal(str(pi.net_total)) == Decimal(truth["total_ht"])
	assert Decimal(str(pi.grand_total)) == Decimal(truth["total_ttc"])  # TVA is a cost of the syndicat
	assert {row.expense_account for row in pi.items} == {doc.expense_account}
	assert [t.account_head for t in pi.taxes] == [doc.expense_account]
	assert pi.credit_to == frappe.db.get_value("Account", {"company": res.company, "account_number": "4411"})
	assert frappe.db.exists(
		"File",
		{
			"attached_to_doctype": "Purchase Invoice",
			"attached_to_name": pi.name,
			"file_url": doc.file,
		},
	)
	assert not doc.corrected_fields
	with pytest.raises(frappe.ValidationError):
		approve(doc.name)  # approved once, never twice


def test_utility_bill_becomes_a_purchase_invoice_on_the_water_or_electricity_account(
	sync, res, tmp_path, no_llm
):
	frappe = sync
	path, truth = make_bill(res, tmp_path)
	doc = read(frappe, upload(frappe, path, res.name))
	assert doc.status == "To Review" and doc.doc_class == "Utility Bill"
	assert doc.supplier == "Redal" and doc.supplier_name == "Redal"
	assert doc.invoice_number == truth["bill_number"] and doc.contract_number == truth["contract_number"]
	assert Decimal(str(doc.amount_due)) == Decimal(truth["amount_due"])
	assert str(doc.due_date) == truth["due_date"]
	number = "6111" if truth["service"] == "water" else "6112"
	assert doc.expense_account == frappe.db.get_value(
		"Account", {"company": res.company, "account_number": number}
	)

	from syndic_maroc.api.intake import approve

	pi = frappe.get_doc("Purchase Invoice", approve(doc.name)["name"])
	assert pi.supplier == "Redal" and pi.company == res.company and pi.bill_no == truth["bill_number"]
	assert Decimal(str(pi.grand_total)) == Decimal(truth["amount_due"]) and not pi.taxes
	assert pi.items[0].expense_account == doc.expense_account


def test_statement_lines_become_bank_transactions_matched_only_when_unambiguous(sync, res, tmp_path, no_llm):
	frappe = sync
	karim, salma, omar = res.owners
	clear = sales_invoice(frappe, res, karim, 1234.57)
	twins = [
		sales_invoice(frappe, res, salma, 987.43),
		sales_invoice(frappe, res, omar, 987.43),
	]
	path, _truth = make_statement(
		res,
		tmp_path,
		[
			{
				"label": f"VIREMENT RECU DE M. ZEMMOURI KARIM {res.tag}",
				"credit": "1234.57",
			},
			{"label": "VERSEMENT ESPECE", "credit": "987.43"},
		],
	)
	doc = read(frappe, upload(frappe, path))
	assert doc.doc_class == "Bank Statement" and doc.status == "To Review"
	assert doc.residence == res.name  # by the statement's RIB
	assert doc.rib == res.rib and len(doc.transactions) == 20 and not doc.validation_issues
	rows = {row.credit: row for row in doc.transactions if row.credit}
	matched = rows[1234.57]
	assert matched.label == f"VIREMENT RECU DE M. ZEMMOURI KARIM {res.tag}"
	assert (matched.match_status, matched.matched_invoice, matched.co_owner) == (
		"Matched",
		clear,
		karim.name,
	)
	ambiguous = rows[987.43]
	assert ambiguous.match_status == "Ambiguous" and not ambiguous.matched_invoice
	assert set(ambiguous.candidates.split(", ")) == set(twins)

	from syndic_maroc.api.intake import approve

	created = approve(doc.name)
	doc.reload()
	assert doc.status == "Approved" and created["doctype"] == "Bank Account"
	account = frappe.db.get_value("Residence", res.name, "bank_account")
	assert doc.bank_account == account
	bts = frappe.get_all(
		"Bank Transaction",
		filters={"transaction_id": ("like", f"{doc.name}-%")},
		fields=[
			"name",
			"deposit",
			"withdrawal",
			"party",
			"bank_account",
			"docstatus",
			"reference_number",
		],
	)
	assert len(bts) == 20 and {b.bank_account for b in bts} == {account} and {b.docstatus for b in bts} == {1}
	row = next(r for r in doc.transactions if r.name == matched.name)
	bt = frappe.get_doc("Bank Transaction", row.bank_transaction)
	assert (bt.deposit, bt.party_type, bt.party) == (
		1234.57,
		"Customer",
		karim.customer,
	)
	pe = frappe.get_doc("Payment Entry", row.payment_entry)
	assert pe.docstatus == 0 and pe.references[0].reference_name == clear and pe.paid_amount == 1234.57
	amb = next(r for r in doc.transactions if r.name == ambiguous.name)
	assert amb.bank_transaction and not amb.payment_entry
	assert not frappe.db.get_value("Bank Transaction", amb.bank_transaction, "party")


def test_the_same_bill_twice_is_a_duplicate_never_a_second_document(sync, res, tmp_path, no_llm):
	frappe = sync
	path, truth = make_invoice(res, tmp_path, i=9)
	first = read(frappe, upload(frappe, path, res.name))
	assert first.status == "To Review"
	again = read(frappe, upload(frappe, path, res.name))  # same bytes
	assert (again.status, again.duplicate_of) == (
		"Duplicate",
		first.name,
	) and not again.file_hash
	# the same invoice scanned again (other bytes): same supplier + number
	from syndic_maroc.intake.reading.imaging import preview_png

	png = preview_png(path.read_bytes(), "pdf", width=1600)
	scan = read(frappe, upload(frappe, tmp_path / "rescan.png", res.name, content=png))
	assert scan.invoice_number == truth["invoice_number"], scan.failure_reason
	assert (scan.status, scan.duplicate_of_doctype, scan.duplicate_of) == (
		"Duplicate",
		DT,
		first.name,
	)
	from syndic_maroc.api.intake import approve

	with pytest.raises(frappe.ValidationError):
		approve(scan.name)


def test_corrupt_pdf_fails_with_a_clear_reason(sync, res, tmp_path):
	frappe = sync
	bad = tmp_path / "facture.pdf"
	name = upload(
		frappe,
		bad,
		res.name,
		content=b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF garbage" * 3,
	)
	doc = read(frappe, name)
	assert doc.status == "Failed" and "PDF" in doc.failure_reason and "endommagé" in doc.failure_reason
	text = tmp_path / "notes.pdf"
	doc = read(frappe, upload(frappe, text, res.name, content=b"MZ\x90\x00 not a pdf at all"))
	assert doc.status == "Failed" and "PDF" in doc.failure_reason


def test_ollama_down_keeps_every_rule_field_for_review(sync, res, tmp_path, no_llm):
	frappe = sync
	path, truth = make_invoice(res, tmp_path, i=17)
	doc = read(frappe, upload(frappe, path, res.name))
	assert doc.status == "To Review" and doc.llm_status == "Unavailable" and doc.llm_error
	assert doc.invoice_number == truth["invoice_number"] and Decimal(str(doc.total_ttc)) == Decimal(
		truth["total_ttc"]
	)
	assert all(
		v["confidence"] < 0.8 for v in json.loads(doc.field_confidence).values()
	)  # nothing auto-approved


def test_llm_agreement_and_clean_history_allow_auto_approval(sync, res, tmp_path, monkeypatch):
	frappe = sync
	fake = FakeOllama()
	try:
		_with_ollama(
			monkeypatch,
			fake.host,
			auto_approve=1,
			auto_approve_threshold=90,
			auto_approve_min_history=1,
		)
		first_path, first = make_invoice(res, tmp_path, i=25)
		fake.answer = llm_answer(first)
		doc = read(frappe, upload(frappe, first_path, res.name))
		assert doc.llm_status == "OK" and doc.status == "Extracted" and doc.confidence >= 90, (
			doc.review_fields
		)
		from syndic_maroc.api.intake import approve

		approve(doc.name)  # approved by a person, without correction: one clean approval

		second_path, second = make_invoice(res, tmp_path, i=33)
		fake.answer = llm_answer(second)
		doc = read(frappe, upload(frappe, second_path, res.name))
		assert doc.status == "Approved" and doc.auto_approved and doc.reference_doctype == "Purchase Invoice"
		assert frappe.db.get_value("Purchase Invoice", doc.reference_name, "docstatus") == 0
	finally:
		fake.close()


def llm_answer(truth: dict) -> dict:
	keys = (
		"supplier_name",
		"ice",
		"tax_id",
		"customer_name",
		"customer_ice",
		"invoice_number",
		"invoice_date",
		"due_date",
		"currency",
	)
	answer = {k: truth.get(k) for k in keys}
	answer.update({k: float(truth[k]) for k in ("total_ht", "total_tva", "total_ttc")})
	answer["tva"] = [{"rate": float(t["rate"]), "amount": float(t["amount"])} for t in truth["taxes"]]
	return answer


def _count_calls(monkeypatch, module, name: str) -> list:
	"""Wrap module.name so that each call is recorded; the real function still runs."""
	calls, real = [], getattr(module, name)

	def wrapper(*args, **kwargs):
		calls.append(args)
		return real(*args, **kwargs)

	monkeypatch.setattr(module, name, wrapper)
	return calls


def test_retry_llm_runs_only_the_llm_step_on_the_stored_reading(sync, res, tmp_path, monkeypatch):
	"""Ollama down at the first reading, back later: Retry LLM (button and scheduler) re-runs the
	LLM step on the stored text and rule fields, re-merges and re-validates; no page is read again."""
	frappe = sync
	from syndic_maroc.api import intake as api
	from syndic_maroc.intake import jobs
	from syndic_maroc.intake.reading import pipeline

	_with_ollama(monkeypatch, "http://127.0.0.1:9")
	path, truth = make_invoice(res, tmp_path, i=73)
	name = upload(frappe, path, res.name)
	first = read(frappe, name)
	assert first.status == "To Review" and first.llm_status == "Unavailable" and first.llm_error
	stored = json.loads(first.extracted_json)
	assert stored["rule_fields"]["invoice_number"]["value"] == truth["invoice_number"]
	assert truth["invoice_number"] in first.extracted_text
	assert {v["source"] for v in json.loads(first.field_confidence).values()} == {"rule"}

	fake = FakeOllama()
	try:
		fake.answer = llm_answer(truth)
		_with_ollama(monkeypatch, fake.host, retry_llm_automatically=1)
		reads = _count_calls(monkeypatch, pipeline, "read_document")
		previews = _count_calls(monkeypatch, jobs, "preview_png")

		queued = []
		for module in (jobs, api):
			monkeypatch.setattr(module, "enqueue_processing", lambda n, **kw: queued.append((n, kw)) or True)
		jobs.retry_pending_llm()  # the 15-minute scheduler: Ollama answers again
		assert (name, {"llm_only": True}) in queued
		assert api.retry_llm(name) is True  # the button: same job, LLM step only
		assert queued[-1] == (name, {"llm_only": True})
		assert frappe.db.get_value(DT, name, "status") == "Queued"

		status = jobs.process_incoming_document(name, llm_only=True)  # what the worker runs
		doc = frappe.get_doc(DT, name)
		assert status == doc.status == "Extracted", (doc.review_fields, doc.validation_issues)
		assert reads == [] and previews == [], "the file was read again"
		assert len(fake.requests) == 1
		# the stored reading as the model sees it: the words with their positions (issue 15)
		layout = json.loads(first.extracted_json)["layout_text"]
		assert layout and fake.requests[0]["messages"][-1]["content"].endswith(layout[:12000])
		assert doc.llm_status == "OK" and not doc.llm_error
		sources = {k: v["source"] for k, v in json.loads(doc.field_confidence).items()}
		assert sources["invoice_number"] == sources["total_ttc"] == "both"
		assert doc.confidence > first.confidence
		again = json.loads(doc.extracted_json)
		assert again["rule_fields"] == stored["rule_fields"] and again["timings"]["llm_retried"]
		assert again["timings"]["read"] == stored["timings"]["read"]
		assert doc.engine == first.engine and doc.preview_image == first.preview_image
		assert doc.processing_seconds == first.processing_seconds and doc.processed_on >= first.processed_on
		assert doc.supplier == res.supplier and doc.residence == res.name  # matching ran again
		assert doc.invoice_number == truth["invoice_number"]
	finally:
		fake.close()


def test_retry_llm_on_a_document_read_before_rule_fields_were_stored_reads_it_again(
	sync, res, tmp_path, monkeypatch
):
	frappe = sync
	from syndic_maroc.intake import jobs
	from syndic_maroc.intake.reading import pipeline

	_with_ollama(monkeypatch, "http://127.0.0.1:9")
	path, truth = make_invoice(res, tmp_path, i=81)
	name = upload(frappe, path, res.name)
	first = read(frappe, name)
	old = json.loads(first.extracted_json)
	del old["rule_fields"]  # as stored by the earlier version
	frappe.db.set_value(DT, name, "extracted_json", json.dumps(old))
	fake = FakeOllama()
	try:
		fake.answer = llm_answer(truth)
		_with_ollama(monkeypatch, fake.host)
		reads = _count_calls(monkeypatch, pipeline, "read_document")
		assert jobs.process_incoming_document(name, llm_only=True) == "Extracted"
		doc = frappe.get_doc(DT, name)
		assert len(reads) == 1 and doc.llm_status == "OK"
		assert json.loads(doc.extracted_json)["rule_fields"]["total_ttc"]["value"] == truth["total_ttc"]
	finally:
		fake.close()


def test_reject_needs_a_reason_and_an_approver(sync, res, tmp_path, no_llm):
	frappe = sync
	path, _truth = make_invoice(res, tmp_path, i=41)
	doc = read(frappe, upload(frappe, path, res.name))
	from syndic_maroc.api.intake import reject

	with pytest.raises(frappe.ValidationError):
		reject(doc.name, " ")
	assert reject(doc.name, "Facture adressée à une autre résidence") == "Rejected"


def test_files_from_a_residence_an_email_or_the_list_upload_become_documents(sync, res, tmp_path):
	frappe = sync
	path, _truth = make_invoice(res, tmp_path, i=49)
	pdf = path.read_bytes()

	def new_file(name, **attached):
		return frappe.get_doc(
			{
				"doctype": "File",
				"file_name": name,
				"is_private": 1,
				"content": pdf + name.encode(),
				**attached,
			}
		).insert()

	# attached to a Résidence (sidebar): one document for that résidence
	new_file(
		"facture-residence.pdf",
		attached_to_doctype="Residence",
		attached_to_name=res.name,
	)
	doc = frappe.get_last_doc(DT, filters={"residence": res.name, "source": "Residence Attachment"})
	assert doc.file and doc.status == "Queued"
	# the résidence's own règlement (an Attach field) is not an invoice
	before = frappe.db.count(DT)
	new_file(
		"reglement.pdf",
		attached_to_doctype="Residence",
		attached_to_name=res.name,
		attached_to_field="reglement",
	)
	assert frappe.db.count(DT) == before

	# an email: Email Account "Append To" creates the document, attachments land on the Communication
	mail = frappe.get_doc(
		{
			"doctype": DT,
			"subject": "Factures janvier",
			"sender": "compta@fournisseur.ma",
		}
	)
	mail.flags.ignore_mandatory = True
	mail.insert(ignore_permissions=True)
	comm = frappe.get_doc(
		{
			"doctype": "Communication",
			"communication_type": "Communication",
			"communication_medium": "Email",
			"sent_or_received": "Received",
			"subject": "Factures janvier",
			"sender": "compta@fournisseur.ma",
			"reference_doctype": DT,
			"reference_name": mail.name,
		}
	).insert(ignore_permissions=True)
	new_file("f1.pdf", attached_to_doctype="Communication", attached_to_name=comm.name)
	new_file("f2.pdf", attached_to_doctype="Communication", attached_to_name=comm.name)
	new_file("signature.gif", attached_to_doctype="Communication", attached_to_name=comm.name)
	mail.reload()
	assert mail.source == "Email" and mail.file and mail.file.endswith("f1.pdf")
	sibling = frappe.get_last_doc(DT, filters={"sender": "compta@fournisseur.ma", "name": ("!=", mail.name)})
	assert (
		sibling.source == "Email"
		and sibling.file.endswith("f2.pdf")
		and sibling.subject == "Factures janvier"
	)

	# the list view: files uploaded unattached, then one document per file
	from syndic_maroc.api.intake import upload_files

	files = [new_file(f"lot-{i}.pdf").name for i in range(3)]
	names = upload_files(json.dumps(files), res.name)
	assert len(set(names)) == 3
	for name, file_name in zip(names, files, strict=True):
		assert frappe.db.get_value("File", file_name, ["attached_to_doctype", "attached_to_name"]) == (
			DT,
			name,
		)
		assert frappe.db.get_value(DT, name, ["residence", "source"]) == (
			res.name,
			"Upload",
		)


def _ocr_worker_running(frappe) -> bool:
	from frappe.utils.background_jobs import get_workers

	try:
		return any(q.name.endswith(":ocr") for w in get_workers() for q in w.queues)
	except Exception:
		return False


def test_a_document_really_queued_on_ocr_is_read_by_the_worker(site, res, tmp_path):
	frappe = site
	if not _ocr_worker_running(frappe):
		pytest.skip("no RQ worker on queue `ocr` (start the services: scripts/start.sh)")
	frappe.db.rollback()
	frappe.flags.intake_no_enqueue = False
	path, truth = make_invoice(res, tmp_path, i=57)
	name = None
	try:
		t0 = time.monotonic()
		name = upload(frappe, path, res.name)
		frappe.db.commit()  # the job is queued after the commit
		status = None
		while time.monotonic() - t0 < 120:
			frappe.db.rollback()  # a fresh snapshot of what the worker wrote
			status, preview = frappe.db.get_value(DT, name, ["status", "preview_image"])
			if status not in ("Queued", "Reading") and preview:
				break
			time.sleep(0.25)
		assert status in ("To Review", "Extracted"), (
			status,
			frappe.db.get_value(DT, name, "failure_reason"),
		)
		assert frappe.db.get_value(DT, name, "invoice_number") == truth["invoice_number"]
	finally:
		frappe.db.rollback()
		if name:
			frappe.delete_doc(DT, name, force=True, ignore_permissions=True)
			frappe.db.commit()


def test_stale_documents_are_queued_again(sync, res, tmp_path, monkeypatch):
	"""A document left Queued (worker restarted) is picked up by the scheduler."""
	frappe = sync
	from syndic_maroc.intake import jobs

	queued = []
	monkeypatch.setattr(jobs, "enqueue_processing", lambda name, **kw: queued.append(name))
	name = upload(frappe, make_invoice(res, tmp_path, i=65)[0], res.name)
	frappe.db.set_value(
		DT,
		name,
		"modified",
		frappe.utils.add_to_date(frappe.utils.now_datetime(), hours=-2),
		update_modified=False,
	)
	jobs.requeue_stuck()
	assert name in queued
